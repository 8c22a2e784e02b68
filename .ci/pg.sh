#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server in a temporary directory, on loopback.
#   source .ci/pg.sh start   -> exports CBMATCH_TEST_POSTGRES_URL and PGTMP
#   .ci/pg.sh stop DIR
# Installs Debian's postgresql package when no server binaries are found.
set -euo pipefail

pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

pg_start() {
    local bin port dir run_as=()
    if ! bin=$(pg_bin); then
        echo "== PostgreSQL not found: installing Debian's postgresql package" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        bin=$(pg_bin)
    fi
    dir=$(mktemp -d /tmp/cbmatch-pg.XXXXXX)
    port=${CBMATCH_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
    if [ "$(id -u)" = 0 ]; then   # the server refuses to run as root
        chown postgres "$dir"
        run_as=(runuser -u postgres --)
    fi
    "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U cbmatch --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
    export PGTMP=$dir PGBIN=$bin
    export CBMATCH_TEST_POSTGRES_URL="postgresql+psycopg://cbmatch@127.0.0.1:$port/postgres"
    echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running in $dir on port $port" >&2
}

pg_stop() {
    local dir=$1 bin run_as=()
    bin=$(pg_bin)
    [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) pg_start ;;
    stop) pg_stop "${2:?directory}" ;;
    *) echo "usage: source .ci/pg.sh start | .ci/pg.sh stop DIR" >&2; return 2 2>/dev/null || exit 2 ;;
esac

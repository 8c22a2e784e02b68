"""Time ``cbmatch import`` of N needs and N offers on SQLite and PostgreSQL beside a bare load.

For each backend and kind, in the same run and each on a fresh database holding only the
reference data:
- ``cbmatch import KIND FILE`` as a subprocess (process start, reading, validation, upsert,
  commit), then the same command again on the now full database (every record unchanged);
- the baseline: a subprocess that ``json.load``s the same file and writes the same rows (need or
  offer, organisations, topic and support-type links) with bare DBAPI ``executemany``: no
  validation, no look-up of stored refs, no SQLAlchemy. The gap between the two is what the
  import's guarantees cost.
Seconds are wall-clock; ``cpu s`` is the child's user+system time, which shows how much of the
wall time was spent waiting for a shared machine. Peak memory is the child's maximum RSS.

Usage: ``python -m benchmarks.bench_import [--records 100000] [--postgres URL]``; the URL is a
server the benchmark may create databases on (default: CBMATCH_TEST_POSTGRES_URL, as set by
``source .ci/pg.sh start``; without one, PostgreSQL is skipped). Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

CBMATCH = str(Path(sys.executable).with_name("cbmatch"))
ENV = {**os.environ, "CBMATCH_SECRET_KEY": "benchmark"}


def run(args: list[str], url: str) -> tuple[float, float, float, str]:
    """Run a command on a database; return (wall s, cpu s, peak RSS MiB, stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            args, env={**ENV, "CBMATCH_DATABASE_URL": url}, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(args)} failed: {err.read().decode().strip()}")
        cpu = usage.ru_utime + usage.ru_stime
        return elapsed, cpu, usage.ru_maxrss / 1024, out.read().decode()


class Databases:
    """Fresh databases holding the schema and reference data, on SQLite or a PostgreSQL server."""

    def __init__(self, workdir: Path, server: str | None) -> None:
        self.workdir, self.server = workdir, server
        if server:
            self.admin = create_engine(server, isolation_level="AUTOCOMMIT")
            self.template = f"cbmatch_bench_{uuid.uuid4().hex[:8]}"
            self._sql(f'CREATE DATABASE "{self.template}"')
            url = self._url(self.template)
        else:
            self.template_file = workdir / "template.sqlite"
            url = f"sqlite:///{self.template_file}"
        subprocess.run(
            [CBMATCH, "init"],
            env={**ENV, "CBMATCH_DATABASE_URL": url},
            check=True,
            capture_output=True,
        )

    def _sql(self, statement: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(statement))

    def _url(self, name: str) -> str:
        return make_url(self.server or "").set(database=name).render_as_string(hide_password=False)

    @contextmanager
    def fresh(self) -> Iterator[str]:
        """A new database URL, dropped afterwards."""
        name = f"cbmatch_bench_{uuid.uuid4().hex[:8]}"
        if not self.server:
            path = self.workdir / f"{name}.sqlite"
            shutil.copyfile(self.template_file, path)
            try:
                yield f"sqlite:///{path}"
            finally:
                path.unlink()
            return
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        try:
            yield self._url(name)
        finally:
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def version(self) -> str:
        if not self.server:
            return f"SQLite {sqlite3.sqlite_version}"
        with self.admin.connect() as conn:
            return "PostgreSQL " + str(conn.scalar(text("SHOW server_version"))).split()[0]

    def close(self) -> None:
        if self.server:
            self._sql(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            self.admin.dispose()


# --- the baseline: bare DBAPI executemany, run as ``--bare KIND PATH URL`` --------------------


def bare_load(kind: str, path: Path, url: str) -> None:
    """Write the file's rows with plain executemany: no validation, no upsert, no ORM."""
    records = json.loads(path.read_text(encoding="utf-8"))
    engine = create_engine(url)
    raw = engine.raw_connection()
    sqlite = engine.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    now: Any = datetime.now(UTC)
    now = now.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else now
    cur = raw.cursor()

    def many(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join([mark] * len(columns))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 - our table names
        cur.executemany(sql, rows)

    def ids(sql: str) -> dict[str, int]:
        cur.execute(sql)
        return dict(cur.fetchall())

    states = ids('SELECT iso3, id FROM "state"')
    topics = ids('SELECT slug, id FROM "topic"')
    support = ids('SELECT slug, id FROM "support_type"')
    common = ("title", "description", "languages", "modality", "start", "end")
    tail = ("status", "created_at", "updated_at")

    def shared(r: dict[str, Any]) -> tuple[Any, ...]:
        langs = ";".join(r["languages"])
        return (r["title"], r["description"], langs, r["modality"], r["start"], r["end"])

    if kind == "needs":
        table, owner = "need", "need_id"
        columns = ("ref", "state_id", *common, "priority", "confidential", *tail)
        rows = [
            (
                r["ref"],
                states[r["state"]],
                *shared(r),
                r["priority"],
                r["confidential"],
                "open",
                now,
                now,
            )
            for r in records
        ]
    else:
        table, owner = "offer", "offer_id"
        providers = {r["provider"]: (r["provider_type"], r["provider_country"]) for r in records}
        orgs = [(name, t, states.get(c or ""), now, now) for name, (t, c) in providers.items()]
        many("organisation", ("name", "type", "country_id", "created_at", "updated_at"), orgs)
        org_ids = ids('SELECT name, id FROM "organisation"')
        columns = ("ref", "organisation_id", *common, "eligible", "capacity", *tail)
        rows = [
            (
                r["ref"],
                org_ids[r["provider"]],
                *shared(r),
                ";".join(r["eligible"]),
                r["capacity"],
                "open",
                now,
                now,
            )
            for r in records
        ]
    many(table, columns, rows)
    new = ids(f'SELECT ref, id FROM "{table}"')  # noqa: S608 - need or offer
    links = [(new[r["ref"]], topics[s]) for r in records for s in set(r["topics"])]
    many(f"{table}_topic", (owner, "topic_id"), links)
    links = [(new[r["ref"]], support[s]) for r in records for s in set(r["support_types"])]
    many(f"{table}_support_type", (owner, "support_type_id"), links)
    raw.commit()
    raw.close()
    engine.dispose()


# --- the benchmark ---------------------------------------------------------------------------


def machine() -> str:
    """CPU model, cores, RAM, load and Python, for the record."""
    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in info.splitlines()
            if line.startswith("model name")
        )
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    load = ", load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    return (
        f"machine: {cpu} ({platform.machine()}), {os.cpu_count()} cores{ram}; "
        f"Python {platform.python_version()}{load}"
    )


def bench(dbs: Databases, kind: str, path: Path, n: int) -> list[tuple[str, ...]]:
    """Rows of the table for one backend and kind."""
    backend = dbs.version()
    with dbs.fresh() as url:
        bare = run(
            [sys.executable, "-m", "benchmarks.bench_import", "--bare", kind, str(path), url], url
        )
    rows = []
    with dbs.fresh() as url:
        for label in ("import", "re-import"):
            wall, cpu, peak, out = run([CBMATCH, "import", kind, str(path)], url)
            expected = f"{n} created" if label == "import" else f"{n} unchanged"
            if expected not in out:
                raise SystemExit(f"unexpected output: {out.strip()}")
            rows.append(
                (
                    f"{n:,}",
                    kind,
                    backend,
                    label,
                    f"{wall:.1f}",
                    f"{cpu:.1f}",
                    f"{n / wall:,.0f}",
                    f"{peak:.0f}",
                    f"{bare[0]:.1f}",
                    f"{n / bare[0]:,.0f}",
                    f"{bare[2]:.0f}",
                    f"{wall / bare[0]:.1f}x",
                )
            )
    return rows


def main() -> None:
    """Run the benchmark and print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("CBMATCH_TEST_POSTGRES_URL", ""))
    parser.add_argument("--bare", nargs=3, metavar=("KIND", "PATH", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_load(args.bare[0], Path(args.bare[1]), args.bare[2])
        return
    print(machine())
    header = (
        "records",
        "kind",
        "backend",
        "run",
        "s",
        "cpu s",
        "rec/s",
        "peak MiB",
        "bare s",
        "bare rec/s",
        "bare MiB",
        "ratio",
    )
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # Generated in a child: a forked process starts with its parent's peak RSS.
        data = root / "data"
        subprocess.run([sys.executable, "-m", "benchmarks.generate", "--needs", str(args.records),
                        "--offers", str(args.records), "--out", str(data)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        needs_path, offers_path = data / "needs.json", data / "offers.json"
        for server in ("", args.postgres) if args.postgres else ("",):
            dbs = Databases(root, server or None)
            try:
                for kind, path in (("needs", needs_path), ("offers", offers_path)):
                    rows += bench(dbs, kind, path, args.records)
            finally:
                dbs.close()
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    print("s: `cbmatch import KIND FILE` end to end, process start included. bare: json.load")
    print("and DBAPI executemany of the same rows and links, without validation or upsert.")
    print(
        "ratio: s / bare s. Load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    )
    if not args.postgres:
        print("PostgreSQL skipped: give --postgres URL or run `source .ci/pg.sh start` first.")


if __name__ == "__main__":
    main()

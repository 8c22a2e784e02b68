"""Time ``cbmatch match`` end to end beside the bare scikit-learn computation on the same texts.

For each size N, generates N needs and N offers (benchmarks.generate), loads them into a fresh
SQLite database (validated by the importer's own rules, written with bulk inserts:
benchmarks.fill; ``--fill import`` uses ``cbmatch import`` instead), then times, in the same run:

- ``cbmatch match --top 10 --format json`` as a subprocess of the real CLI: process start,
  database read, rules, ranking, reasons and JSON, with its peak memory and CPU time;
- the bare computation: TfidfVectorizer fitted on the offers' title and description, offers and
  needs transformed, the sparse product, top-10 per need with argpartition and a sort of the
  ten, in blocks of needs (at most 16M cells, so that 100k x 100k fits in memory).

Then, on the largest size, one new need ranked against all the offers with the app's cached
index (``webapp.services.match_index``), many times: p50 and p95 in ms, beside what ranking one
need cost before the index existed (fitting the matcher on every open offer, then ranking).

Usage: ``python -m benchmarks.bench_match [--sizes 1000,10000,100000] [--samples 200]``.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks.fill import fill
from benchmarks.generate import needs as generate_needs
from benchmarks.generate import write

CBMATCH = str(Path(sys.executable).with_name("cbmatch"))
TOP = 10


def machine() -> str:
    """CPU model, cores, memory and Python version of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kib / 1024**2:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        ram = "RAM unknown"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram}, Python {platform.python_version()}, "
        f"{platform.system()}; load average at start {load}"
    )


# Linux counts a child's peak memory from before its exec too, i.e. the size of the parent that
# forked it (this benchmark grows to gigabytes). A small launcher forks the command instead.
_LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
report = [os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime]
sys.stderr.write("\\n" + json.dumps(report) + "\\n")
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run a command; return (seconds, CPU seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, *args],
            env=env, stdout=out, stderr=subprocess.PIPE, check=True,
        )  # fmt: skip
    elapsed = time.perf_counter() - started
    err = proc.stderr.decode()
    code, peak_kib, cpu = json.loads(err.strip().splitlines()[-1])
    if code != 0:
        raise SystemExit(f"{' '.join(args)} failed: {err.strip()}")
    return elapsed, cpu, peak_kib / 1024


def bare_sklearn(needs_path: Path, offers_path: Path, top: int = TOP) -> tuple[float, float]:
    """(seconds, CPU seconds) for vectorise + sparse product + top-k on the same texts."""
    needs = json.loads(needs_path.read_text(encoding="utf-8"))
    offers = json.loads(offers_path.read_text(encoding="utf-8"))
    started, cpu = time.perf_counter(), time.process_time()
    vec = TfidfVectorizer().fit([f"{o['title']} {o['description']}" for o in offers])
    o_mat = vec.transform([f"{o['title']} {o['description']}" for o in offers])
    n_mat = vec.transform([f"{n['title']} {n['description']}" for n in needs])
    o_t = o_mat.T.tocsr()
    k = min(top, o_mat.shape[0])
    step = max(1, min(1024, (1 << 24) // max(o_mat.shape[0], 1)))
    for lo in range(0, n_mat.shape[0], step):
        block = (n_mat[lo : lo + step] @ o_t).toarray()
        idx = np.argpartition(-block, k - 1, axis=1)[:, :k]
        rows = np.arange(block.shape[0])[:, None]
        np.take_along_axis(idx, np.argsort(-block[rows, idx], axis=1), axis=1)
    return time.perf_counter() - started, time.process_time() - cpu


def single_need(database_url: str, samples: int) -> dict[str, float]:
    """Rank new needs one at a time against every offer with the cached index, and without."""
    from models import db
    from webapp import create_app
    from webapp.services.interchange.operations import validate_records
    from webapp.services.interchange.records import Reference
    from webapp.services.matching.evaluation import need_doc_from_data
    from webapp.services.matching.index import current_index, index_for
    from webapp.services.matching.operations import fitted_matcher

    raws = [(f"new:{i}", r) for i, r in enumerate(generate_needs(samples + 1, seed=99))]
    for _, r in raws:
        r["ref"] = "NEW-" + r["ref"]
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "benchmark"})
    with app.app_context():
        data = validate_records(Reference.load(db.session), "needs", raws)
        docs = [need_doc_from_data(d) for d in data]  # type: ignore[arg-type]

        started = time.perf_counter()
        with index_for(db.session) as matcher:
            matcher.rank_need(docs[0], top=5)
        first = time.perf_counter() - started
        times = []
        for doc in docs[1:]:
            started = time.perf_counter()
            with index_for(db.session) as matcher:
                matcher.rank_need(doc, top=5)
            times.append((time.perf_counter() - started) * 1000)
            db.session.commit()  # end the read transaction, as a request does
        index = current_index()
        assert index.fits == 1, "the index must not refit while ranking single needs"  # noqa: S101

        started = time.perf_counter()
        matcher, _ = fitted_matcher(db.session)
        matcher.rank_need(docs[0], top=5)
        refit = time.perf_counter() - started
        db.engine.dispose()
    p50, p95 = np.percentile(times, [50, 95])
    return {"samples": len(times), "p50": p50, "p95": p95, "first": first, "refit": refit}


def main() -> None:
    """Run the benchmark for each size and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--samples", type=int, default=200, help="single-need rankings timed")
    parser.add_argument("--fill", choices=["insert", "import"], default="insert")
    parser.add_argument("--keep", type=Path, help="keep the databases in this directory")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {machine()}", flush=True)
    header = ("size", "fill s", "cbmatch s", "cpu s", "peak MiB", "sklearn s", "cpu s", "ratio")
    rows = []
    single = None
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = args.keep or Path(tmp)
            root.mkdir(parents=True, exist_ok=True)
            needs_path, offers_path = write(root / f"data{n}", n, n)
            db_path = root / f"bench{n}.sqlite"
            db_path.unlink(missing_ok=True)
            url = f"sqlite:///{db_path}"
            env = {**os.environ, "CBMATCH_DATABASE_URL": url, "CBMATCH_SECRET_KEY": "benchmark"}
            run([CBMATCH, "init"], env)
            started = time.perf_counter()
            if args.fill == "import":
                run([CBMATCH, "import", "needs", str(needs_path)], env)
                run([CBMATCH, "import", "offers", str(offers_path)], env)
            else:
                fill(url, needs_path, offers_path)
            t_fill = time.perf_counter() - started
            t_match, cpu_match, peak = run(
                [CBMATCH, "match", "--top", str(TOP), "--format", "json"], env
            )
            t_bare, cpu_bare = bare_sklearn(needs_path, offers_path)
            rows.append((f"{n:,} x {n:,}", f"{t_fill:.1f}", f"{t_match:.2f}", f"{cpu_match:.2f}",
                         f"{peak:.0f}", f"{t_bare:.2f}", f"{cpu_bare:.2f}",
                         f"{t_match / t_bare:.2f}x"))  # fmt: skip
            print("  ".join(rows[-1]), flush=True)
            if n == max(sizes):
                single = (n, single_need(url, args.samples))
    print()
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths, strict=True)))
    print(f"cbmatch: `cbmatch match --top {TOP} --format json`, a new process each time (start,")
    print("  database read, rules, ranking, reasons, JSON); ratio = cbmatch s / sklearn s.")
    if single is not None:
        n, s = single
        print(f"\none new need against {n:,} offers, cached index, {s['samples']} needs: "
              f"p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms")  # fmt: skip
        print(f"  first ranking (fits the index): {s['first']:.2f} s; "
              f"without it (fit on every open offer, then rank): {s['refit']:.2f} s")  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"benchmark process peak: {own:.0f} MiB")


if __name__ == "__main__":
    main()

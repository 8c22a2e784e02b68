"""Time ``cbmatch match`` end to end beside the bare scikit-learn computation on the same texts.

For each size N, generates N needs and N offers (benchmarks.generate), loads them into a fresh
SQLite database with the real CLI, then times, in the same run:
- ``cbmatch match --top 10 --format json`` as a subprocess (database read, rules, ranking, JSON),
  with its peak memory;
- the bare computation: TfidfVectorizer fitted on the offers' title+description, needs
  transformed, one sparse product, top-10 per need with argpartition.

Usage: ``python -m benchmarks.bench_match [--sizes 1000,10000]``. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks.generate import write

CBMATCH = str(Path(sys.executable).with_name("cbmatch"))


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Run a command; return (seconds, peak RSS in MiB, bytes on stdout)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed: {err.strip()}")
        size = out.tell()
    return elapsed, usage.ru_maxrss / 1024, size


def bare_sklearn(needs_path: Path, offers_path: Path, top: int = 10) -> float:
    """Seconds for vectorise + sparse product + top-k on the same texts."""
    needs = json.loads(needs_path.read_text(encoding="utf-8"))
    offers = json.loads(offers_path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    vec = TfidfVectorizer().fit([f"{o['title']} {o['description']}" for o in offers])
    o_mat = vec.transform([f"{o['title']} {o['description']}" for o in offers])
    n_mat = vec.transform([f"{n['title']} {n['description']}" for n in needs])
    k = min(top, o_mat.shape[0])
    for lo in range(0, n_mat.shape[0], 1024):
        block = (n_mat[lo : lo + 1024] @ o_mat.T).toarray()
        idx = np.argpartition(-block, k - 1, axis=1)[:, :k]
        rows = np.arange(block.shape[0])[:, None]
        np.take_along_axis(idx, np.argsort(-block[rows, idx], axis=1), axis=1)
    return time.perf_counter() - started


def main() -> None:
    """Run the benchmark for each size and print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    header = ("size", "import s", "rec/s", "match s", "peak MiB", "sklearn s", "ratio")
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            needs_path, offers_path = write(root, n, n)
            env = {**os.environ, "CBMATCH_DATABASE_URL": f"sqlite:///{root / 'bench.sqlite'}",
                   "CBMATCH_SECRET_KEY": "benchmark"}  # fmt: skip
            run([CBMATCH, "init"], env)
            t_needs, _, _ = run([CBMATCH, "import", "needs", str(needs_path)], env)
            t_offers, _, _ = run([CBMATCH, "import", "offers", str(offers_path)], env)
            t_match, peak, _ = run([CBMATCH, "match", "--top", "10", "--format", "json"], env)
            t_bare = bare_sklearn(needs_path, offers_path)
            t_import = t_needs + t_offers
            rows.append((f"{n}x{n}", f"{t_import:.1f}", f"{2 * n / t_import:.0f}", f"{t_match:.2f}",
                         f"{peak:.0f}", f"{t_bare:.2f}", f"{t_match / t_bare:.1f}x"))  # fmt: skip
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths, strict=True)))
    print("match s: `cbmatch match --top 10 --format json` end to end, process start included.")


if __name__ == "__main__":
    main()

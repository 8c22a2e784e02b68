"""Time the report behind the focal point's unmet-needs page at 10k needs x 10k offers.

The report says why each need without a suggestion has none, and what would unlock most needs
(``matching.shortfall.unmet_report``). Builds a database (``cbmatch init``, then the generated
records through ``fill``), then in one app: the report computed from cold (the index fitted and
the open needs prepared first), again with the index warm, then through the kept result (the
first call computes, the next reads it). Prints the figures; asserts nothing.

Usage: ``python -m benchmarks.bench_unmet [--size 10000] [--database PATH]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.fill import fill
from benchmarks.generate import write
from benchmarks.machine import describe

BIN = Path(sys.executable).parent


def _timed(label: str, work: object) -> float:
    started = time.perf_counter()
    result = work()  # type: ignore[operator]
    took = time.perf_counter() - started
    print(f"  {label}: {took:.2f} s", flush=True)
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="cbmatch-unmet-"))
    path = args.database or root / "bench.sqlite"
    url = f"sqlite:///{path}"
    os.environ["CBMATCH_DATABASE_URL"] = url
    print(describe())
    if not path.exists():
        needs, offers = write(root, args.size, args.size)
        subprocess.run([str(BIN / "cbmatch"), "init"], check=True, env=os.environ.copy())
        _timed(f"fill {args.size} needs and offers", lambda: fill(url, needs, offers))

    from models import db
    from webapp import create_app
    from webapp.services.matching import shortfall

    app = create_app()
    with app.app_context():
        session = db.session()
        cold = "report, cold (fit and prepare included)"
        report = _timed(cold, lambda: shortfall._report(session))
        _timed("report, index warm", lambda: shortfall._report(session))
        _timed("report, kept (first call computes)", lambda: shortfall.unmet_report(session))
        _timed("report, kept", lambda: shortfall.unmet_report(session))
        nobody = sum(1 for s in report.shortfalls.values() if s.nobody)
        print(f"  needs without a suggestion: {len(report.shortfalls)} ({nobody} nobody covers)")
        for u in report.unlocks[:5]:
            print(f"  unlock {u.key}: {u.count}")


if __name__ == "__main__":
    main()

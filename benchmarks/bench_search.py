"""Time the needs and offers lists' search at 10k needs x 10k offers, cold and warm.

Builds the database (generated records, filled as ``bench_match`` does) unless ``--database-url``
names one, then, in one process, times through Flask's test client (the whole page: filters,
visibility, index, ranking, marks, template):

* **cold**: the first search of each list, which compiles the lexicon and analyses every record
  into the in-memory index (``webapp.services.search.index``);
* **warm**: the median and worst of ``--repeat`` searches of several queries once the index is
  filled;
* **after an edit**: the first search after one need was changed (one record analysed again);
* the same lists with no words, and the old ``LIKE`` search (``querying.text_match``) on the
  same statement, for comparison.

Usage: ``python -m benchmarks.bench_search [--size 10000] [--repeat 20] [--database-url URL]``.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.fill import fill
from benchmarks.generate import write
from benchmarks.machine import describe

QUERIES = ("CSIRT", "CSIRTs", "sécurité", "formation des formateurs", "critical infrastructure")
CBMATCH = str(Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "cbmatch")


def _ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def build(root: Path, size: int) -> str:
    """A database with ``size`` generated needs and offers; its URL."""
    needs, offers = write(root / "data", size, size)
    url = f"sqlite:///{root / 'search.sqlite'}"
    env = {**os.environ, "CBMATCH_DATABASE_URL": url, "CBMATCH_SECRET_KEY": "benchmark"}
    cbmatch = CBMATCH if Path(CBMATCH).exists() else "cbmatch"
    subprocess.run([cbmatch, "init"], env=env, check=True, capture_output=True)
    fill(url, needs, offers)
    return url


def measure(url: str, repeat: int) -> list[tuple[str, str]]:
    """Rows (what, time) of the searches."""
    from sqlalchemy import select, update

    from models import Need, db
    from webapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark"})
    client = app.test_client()
    rows: list[tuple[str, str]] = []

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)  # noqa: S101  # nosec B101

    def row(what: str, times: list[float], how: str = "median") -> None:
        value = statistics.median(times) if how == "median" else max(times)
        rows.append((what, f"{value:.0f} ms"))

    for area in ("needs", "offers"):
        row(f"{area}: cold, first search ?q=CSIRT", [_ms(partial(get, f"/{area}/?q=CSIRT"))])
    for area in ("needs", "offers"):
        paths = [f"/{area}/?q={q}" for q in QUERIES] * repeat
        times = [_ms(partial(get, p)) for p in paths]
        row(f"{area}: warm, {len(QUERIES)} queries x {repeat}, median", times)
        row(f"{area}: warm, worst", times, "max")
        row(f"{area}: no words, median", [_ms(partial(get, f"/{area}/")) for _ in range(repeat)])
    with app.app_context():
        first = db.session.scalar(select(Need.id).order_by(Need.id).limit(1))
        db.session.execute(update(Need).where(Need.id == first).values(title="CERT mentoring"))
        db.session.commit()
    row("needs: first search after one need changed", [_ms(partial(get, "/needs/?q=CSIRT"))])
    rows.extend(_like(app, repeat))
    return rows


def _like(app: Any, repeat: int) -> list[tuple[str, str]]:
    """The old search: every word LIKE '%word%' in title or description, same page query."""
    from sqlalchemy import select

    from models import Need, NeedStatus, db
    from webapp.services.querying import paginate, text_match

    with app.test_request_context():
        session = db.session()
        stmt = (
            select(Need)
            .where(
                Need.status == NeedStatus.OPEN, text_match(Need.title, Need.description, "CSIRT")
            )
            .order_by(Need.created_at.desc())
        )
        times = [_ms(lambda: paginate(session, stmt, 1, 20)) for _ in range(repeat)]
    return [("needs: old LIKE search, query only, median", f"{statistics.median(times):.0f} ms")]


def main() -> None:
    """Build (or open) the database, time the searches, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", help="an existing database (it is changed: one need)")
    args = parser.parse_args()
    print(describe(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url
        if url is None:
            started = time.perf_counter()
            url = build(Path(tmp), args.size)
            took = time.perf_counter() - started
            print(f"built {args.size:,} needs x {args.size:,} offers in {took:.0f} s")
        rows = measure(url, args.repeat)
    width = max(len(r[0]) for r in rows)
    for what, value in rows:
        print(f"{what.ljust(width)}  {value.rjust(8)}")


if __name__ == "__main__":
    main()

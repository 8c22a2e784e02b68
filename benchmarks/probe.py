"""What the two account-probe timing benchmarks share (reset link, registration).

Each asks the same page with two kinds of input, one revealing an account and one not,
interleaved (a, b, b, a, ...) through Flask's test client on a fresh SQLite database, and prints
the median and 90th percentile of each, the difference of the medians, and how many distinct
responses came back (1: identical status, location and body).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from benchmarks.machine import describe
from webapp import create_app


def arguments(doc: str, floor_setting: str) -> argparse.Namespace:
    """``--tries``, ``--warmup`` and ``--floor`` (the view's response floor, in seconds)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--tries", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--floor", type=float, default=None,
                        help=f"{floor_setting} in seconds (default: the app's)")  # fmt: skip
    return parser.parse_args()


def probe_app(folder: str, floor_setting: str, floor: float | None, **config: Any) -> Flask:
    """The app on a new SQLite database in ``folder``, with ``floor_setting`` set if given."""
    url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WTF_CSRF_ENABLED": False,
                      "MAIL_SENDER_IN_PROCESS": False, **config})  # fmt: skip
    if floor is not None:
        app.config[floor_setting] = floor
    return app


Times = dict[str, list[float]]
Answers = set[tuple[int, str, bytes]]


def alternate(
    args: argparse.Namespace, kinds: tuple[str, str], send: Callable[[str, int], TestResponse]
) -> tuple[Times, Answers]:
    """``send(kind, i)`` for each kind, interleaved, timed in ms after the warm-up pairs."""
    times: Times = {kind: [] for kind in kinds}
    answers: Answers = set()
    for i in range(args.warmup + args.tries):
        for kind in kinds if i % 2 == 0 else kinds[::-1]:
            started = time.perf_counter()
            response = send(kind, i)
            elapsed = time.perf_counter() - started
            answers.add((response.status_code, response.headers["Location"], response.data))
            if i >= args.warmup:
                times[kind].append(elapsed * 1000)
    return times, answers


def report(headline: str, labels: dict[str, str], times: Times, answers: Answers) -> None:
    """Print the machine, ``headline``, each kind's median and p90, and the difference."""
    print(describe())
    print(headline)
    width = max(len(label) for label in labels.values())
    for kind, label in labels.items():
        values = times[kind]
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{label:<{width}}: median {statistics.median(values):7.2f} ms   p90 {p90:7.2f} ms")
    first, second = list(labels)
    difference = statistics.median(times[first]) - statistics.median(times[second])
    print(f"difference of the medians ({first} - {second}): {difference:+.2f} ms")
    print(f"distinct responses: {len(answers)} (1 means identical status, location and body)")

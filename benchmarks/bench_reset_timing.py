"""Asking for a password reset link: the time of a known and of an unknown address compared.

The page must not tell whether an address has an account, by its words or by its timing. This
builds a fresh SQLite database in a temporary folder, adds one active account, and sends
``--tries`` requests (50 by default) for its address and as many for an address no account
has, interleaved (known, unknown, known, ...), through Flask's test client. It prints the
median and the 90th percentile of each, the difference of the medians, and checks that every
response is the same redirect. The known address's requests each write a message to the outbox
(and commit it); the unknown address's do the same work but write nothing.

The view answers no sooner than RESET_RESPONSE_FLOOR seconds (0.1) after the request came in;
``--floor 0`` shows the difference the floor hides.

Usage: ``python -m benchmarks.bench_reset_timing [--tries 50] [--warmup 5] [--floor S]``.
Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.machine import describe
from models import OutboxMessage, db
from webapp import create_app
from webapp.services.accounts.operations import create_user
from webapp.services.setup import initialise_database

KNOWN, UNKNOWN = "known.person@example.org", "nobody.here@example.org"
# A throwaway account of the benchmark.
PASSWORD = "a long benchmark password"  # noqa: S105  # nosec B105


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tries", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--floor", type=float, default=None,
                        help="RESET_RESPONSE_FLOOR in seconds (default: the app's)")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                          "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "100000 per minute",
                          "MAIL_SENDER_IN_PROCESS": False})  # fmt: skip
        if args.floor is not None:
            app.config["RESET_RESPONSE_FLOOR"] = args.floor
        floor = app.config["RESET_RESPONSE_FLOOR"]
        with app.app_context():
            initialise_database(db.session())
            create_user(db.session(), email=KNOWN, name="Known Person", role="state",
                        password=PASSWORD, state_code="SEN")  # fmt: skip
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        times: dict[str, list[float]] = {KNOWN: [], UNKNOWN: []}
        answers: set[tuple[int, str, bytes]] = set()
        for i in range(args.warmup + args.tries):
            for address in (KNOWN, UNKNOWN) if i % 2 == 0 else (UNKNOWN, KNOWN):
                started = time.perf_counter()
                response = client.post("/auth/reset-password", data={"email": address})
                elapsed = time.perf_counter() - started
                answers.add((response.status_code, response.headers["Location"], response.data))
                if i >= args.warmup:
                    times[address].append(elapsed * 1000)
        with app.app_context():
            sent = db.session.scalar(select(func.count()).select_from(OutboxMessage))
            db.engine.dispose()
    known, unknown = statistics.median(times[KNOWN]), statistics.median(times[UNKNOWN])
    print(describe())
    print(f"{args.tries} requests each (after {args.warmup} warm-up pairs), SQLite, test client, "
          f"RESET_RESPONSE_FLOOR {floor} s")  # fmt: skip
    for label, address in (("known address  ", KNOWN), ("unknown address", UNKNOWN)):
        values = times[address]
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{label}: median {statistics.median(values):7.2f} ms   p90 {p90:7.2f} ms")
    print(f"difference of the medians (known - unknown): {known - unknown:+.2f} ms")
    print(f"distinct responses: {len(answers)} (1 means identical status, location and body)")
    print(f"messages in the outbox: {sent} (one per request for the known address)")


if __name__ == "__main__":
    main()

"""Registering: the time of a taken and of a new address compared.

The page must not tell whether an address has an account, by its words or by its timing. This
builds a fresh SQLite database in a temporary folder, adds one active account and one focal
point (who is told of each new registration), and sends ``--tries`` registrations (50 by
default) with the taken address and as many with new addresses, interleaved (taken, new, new,
taken, ...), through Flask's test client. It prints the median and the 90th percentile of each,
the difference of the medians, and checks that every response is the same redirect. Both paths
hash the password; a new address writes an account and a notice to the focal point, a taken one
writes an e-mail to the address's owner in the outbox.

The view answers no sooner than REGISTER_RESPONSE_FLOOR seconds (0.3) after the request came in;
``--floor 0`` shows the difference left without it.

Usage: ``python -m benchmarks.bench_register_timing [--tries 50] [--warmup 5] [--floor S]``.
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
from models import OutboxMessage, Role, User, db
from webapp import create_app
from webapp.services.accounts.operations import create_user
from webapp.services.setup import initialise_database

TAKEN = "known.person@example.org"
# Throwaway accounts of the benchmark.
PASSWORD = "a long benchmark password"  # noqa: S105  # nosec B105


def form(email: str) -> dict[str, str]:
    return {"name": "Bench Person", "email": email, "password": PASSWORD, "confirm": PASSWORD,
            "role": "state", "state": "SEN"}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tries", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--floor", type=float, default=None,
                        help="REGISTER_RESPONSE_FLOOR in seconds (default: the app's)")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                          "WTF_CSRF_ENABLED": False, "REGISTER_RATE_LIMIT": "100000 per minute",
                          "MAIL_SENDER_IN_PROCESS": False})  # fmt: skip
        if args.floor is not None:
            app.config["REGISTER_RESPONSE_FLOOR"] = args.floor
        floor = app.config["REGISTER_RESPONSE_FLOOR"]
        with app.app_context():
            initialise_database(db.session())
            create_user(db.session(), email=TAKEN, name="Known Person", role="state",
                        password=PASSWORD, state_code="SEN")  # fmt: skip
            create_user(db.session(), email="focal@example.org", name="Focal Point",
                        role=Role.FOCAL_POINT.value, password=PASSWORD)  # fmt: skip
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        times: dict[str, list[float]] = {"taken": [], "new": []}
        answers: set[tuple[int, str, bytes]] = set()
        for i in range(args.warmup + args.tries):
            for kind in ("taken", "new") if i % 2 == 0 else ("new", "taken"):
                email = TAKEN if kind == "taken" else f"new.person.{i}@example.org"
                started = time.perf_counter()
                response = client.post("/auth/register", data=form(email))
                elapsed = time.perf_counter() - started
                answers.add((response.status_code, response.headers["Location"], response.data))
                if i >= args.warmup:
                    times[kind].append(elapsed * 1000)
        with app.app_context():
            sent = db.session.scalar(select(func.count()).select_from(OutboxMessage))
            accounts = db.session.scalar(select(func.count()).select_from(User))
            db.engine.dispose()
    taken, new = statistics.median(times["taken"]), statistics.median(times["new"])
    print(describe())
    print(f"{args.tries} registrations each (after {args.warmup} warm-up pairs), SQLite, test "
          f"client, REGISTER_RESPONSE_FLOOR {floor} s")  # fmt: skip
    for label, kind in (("taken address", "taken"), ("new address  ", "new")):
        values = times[kind]
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{label}: median {statistics.median(values):7.2f} ms   p90 {p90:7.2f} ms")
    print(f"difference of the medians (taken - new): {taken - new:+.2f} ms")
    print(f"distinct responses: {len(answers)} (1 means identical status, location and body)")
    print(f"e-mails to the owner in the outbox: {sent} (one per registration of the taken address)")
    print(f"accounts: {accounts} (2 + one per new address)")


if __name__ == "__main__":
    main()

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

import tempfile

from sqlalchemy import func, select

from benchmarks.probe import alternate, arguments, probe_app, report
from models import OutboxMessage, Role, User, db
from webapp.services.accounts.operations import create_user
from webapp.services.setup import initialise_database

TAKEN = "known.person@example.org"
# Throwaway accounts of the benchmark.
PASSWORD = "a long benchmark password"  # noqa: S105  # nosec B105
FLOOR = "REGISTER_RESPONSE_FLOOR"


def form(email: str) -> dict[str, str]:
    return {"name": "Bench Person", "email": email, "password": PASSWORD, "confirm": PASSWORD,
            "role": "state", "state": "SEN"}  # fmt: skip


def main() -> None:
    args = arguments(__doc__ or "", FLOOR)
    with tempfile.TemporaryDirectory() as folder:
        app = probe_app(folder, FLOOR, args.floor, REGISTER_RATE_LIMIT="100000 per minute")
        with app.app_context():
            initialise_database(db.session())
            create_user(db.session(), email=TAKEN, name="Known Person", role="state",
                        password=PASSWORD, state_code="SEN")  # fmt: skip
            create_user(db.session(), email="focal@example.org", name="Focal Point",
                        role=Role.FOCAL_POINT.value, password=PASSWORD)  # fmt: skip
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        times, answers = alternate(
            args, ("taken", "new"),
            lambda kind, i: client.post("/auth/register", data=form(
                TAKEN if kind == "taken" else f"new.person.{i}@example.org"
            )),
        )  # fmt: skip
        with app.app_context():
            sent = db.session.scalar(select(func.count()).select_from(OutboxMessage))
            accounts = db.session.scalar(select(func.count()).select_from(User))
            db.engine.dispose()
    report(
        f"{args.tries} registrations each (after {args.warmup} warm-up pairs), SQLite, test "
        f"client, {FLOOR} {app.config[FLOOR]} s",
        {"taken": "taken address", "new": "new address"}, times, answers,
    )  # fmt: skip
    print(f"e-mails to the owner in the outbox: {sent} (one per registration of the taken address)")
    print(f"accounts: {accounts} (2 + one per new address)")


if __name__ == "__main__":
    main()

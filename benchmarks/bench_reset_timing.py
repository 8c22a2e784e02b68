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

import tempfile

from sqlalchemy import func, select

from benchmarks.probe import alternate, arguments, probe_app, report
from models import OutboxMessage, db
from webapp.services.accounts.operations import create_user
from webapp.services.setup import initialise_database

KNOWN, UNKNOWN = "known.person@example.org", "nobody.here@example.org"
# A throwaway account of the benchmark.
PASSWORD = "a long benchmark password"  # noqa: S105  # nosec B105
FLOOR = "RESET_RESPONSE_FLOOR"


def main() -> None:
    args = arguments(__doc__ or "", FLOOR)
    with tempfile.TemporaryDirectory() as folder:
        app = probe_app(folder, FLOOR, args.floor, LOGIN_RATE_LIMIT="100000 per minute")
        with app.app_context():
            initialise_database(db.session())
            create_user(db.session(), email=KNOWN, name="Known Person", role="state",
                        password=PASSWORD, state_code="SEN")  # fmt: skip
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        times, answers = alternate(
            args, ("known", "unknown"),
            lambda kind, i: client.post(
                "/auth/reset-password", data={"email": KNOWN if kind == "known" else UNKNOWN}
            ),
        )  # fmt: skip
        with app.app_context():
            sent = db.session.scalar(select(func.count()).select_from(OutboxMessage))
            db.engine.dispose()
    report(
        f"{args.tries} requests each (after {args.warmup} warm-up pairs), SQLite, test client, "
        f"{FLOOR} {app.config[FLOOR]} s",
        {"known": "known address", "unknown": "unknown address"}, times, answers,
    )  # fmt: skip
    print(f"messages in the outbox: {sent} (one per request for the known address)")


if __name__ == "__main__":
    main()

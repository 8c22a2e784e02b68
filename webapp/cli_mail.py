"""``cbmatch mail``: the outbox sender (once or watching), its status, the sender of ``run``."""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from typing import Any

import click
from flask import Flask
from flask.cli import with_appcontext

from models import db
from webapp.cli_errors import user_errors

log = logging.getLogger(__name__)


def _config() -> Any:
    from webapp.services.mail.sender import from_settings
    from webapp.services.mail.transport import MailConfigError

    try:
        return from_settings()
    except MailConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _say(report: Any) -> None:
    click.echo(
        f"Sent {report.sent}, failed {report.failed}, left {report.left}"
        + (f" ({report.retried} to try again later)." if report.retried else ".")
    )


@click.group("mail")
def mail_group() -> None:
    """Send the e-mail waiting in the outbox, or see where it stands."""


@mail_group.command("send")
@click.option("--watch", is_flag=True, help="Keep sending as messages come, until stopped.")
@with_appcontext
@user_errors
def send_command(watch: bool) -> None:
    """Deliver every message that is due (one pass), or keep doing so with --watch."""
    from webapp.notices.compose import tell
    from webapp.services.mail import sender

    cfg = _config()
    if not watch:
        tell(db.session())
        _say(sender.send_pending(db.session(), cfg))
        return
    stop = threading.Event()

    def _stop(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    where = "SMTP" if cfg.mail_url else f"the folder {cfg.folder}"
    click.echo(f"Sending mail to {where} every {cfg.interval:g} s; stop with Ctrl-C.", err=True)
    try:
        sender.watch(
            db.session(), cfg, stop, on_pass=lambda r: _say(r) if _busy(r) else None,
            before_pass=lambda: tell(db.session()),
        )  # fmt: skip
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("Stopped.", err=True)


def _busy(report: Any) -> bool:
    return bool(report.sent or report.failed or report.retried)


@mail_group.command("alerts")
@with_appcontext
@user_errors
def alerts_command() -> None:
    """Look for new fitting offers and needs now and write the alerts (sent by `mail send`)."""
    from webapp.notices.compose import compose_pending
    from webapp.notices.kinds_alerts import run_alerts

    outcome = run_alerts(db.session(), force=True)
    if not outcome.ran:
        click.echo("Another process is looking for alerts right now; nothing done.")
        return
    if outcome.first:
        click.echo(
            "First look: noted the offers and needs there are now; "
            "alerts will name those opened from now on."
        )
        return
    if not (outcome.notices or outcome.offers_for_needs or outcome.needs_for_offers):
        click.echo("No new fitting offer or need since the last look.")
        return
    wrote = compose_pending(db.session())
    click.echo(
        f"Needs with new fitting offers: {outcome.offers_for_needs}; offers with new fitting "
        f"needs: {outcome.needs_for_offers}; alerts: {outcome.notices}; e-mails written: {wrote} "
        "(sent by `cbmatch mail send`)."
    )


@mail_group.command("digest")
@click.option("--weekly", is_flag=True, help="The focal point's weekly digest.")
@with_appcontext
@user_errors
def digest_command(weekly: bool) -> None:
    """Write a digest now, whatever the day (sent by `mail send`)."""
    from webapp.notices.compose import compose_pending
    from webapp.notices.kinds_digest import run_digest

    if not weekly:
        raise click.UsageError("Say which digest: --weekly.")
    outcome = run_digest(db.session(), force=True)
    if not outcome.ran:
        click.echo("Another process is writing the weekly digest right now; nothing done.")
        return
    wrote = compose_pending(db.session())
    click.echo(
        f"Weekly digest: recipients: {outcome.notices}; e-mails written: {wrote} "
        "(sent by `cbmatch mail send`)."
    )


@mail_group.command("survey-reminders")
@with_appcontext
@user_errors
def survey_reminders_command() -> None:
    """Remind the States whose last survey is older than SURVEY_REMIND_DAYS, now."""
    from webapp.notices.compose import compose_pending
    from webapp.notices.kinds_survey import remind_days, run_reminders

    outcome = run_reminders(db.session(), force=True)
    if not outcome.ran:
        click.echo("Another process is writing the survey reminders right now; nothing done.")
        return
    wrote = compose_pending(db.session())
    click.echo(
        f"Surveys older than {remind_days()} days: States reminded: {outcome.states}; "
        f"reminders: {outcome.notices}; e-mails written: {wrote} (sent by `cbmatch mail send`)."
    )


@mail_group.command("status")
@with_appcontext
@user_errors
def status_command() -> None:
    """Count the messages by status and list those given up on."""
    from webapp.services.mail.outbox import counts, failed

    session = db.session()
    for status, n in counts(session).items():
        click.echo(f"{status.value}: {n}")
    for message in failed(session):
        click.echo(
            f"failed #{message.id} {message.kind} to {message.to_address} after "
            f"{message.attempts} attempts: {message.last_error}"
        )


@dataclass(frozen=True)
class BackgroundSender:
    """The sender thread of ``cbmatch run``, and how to stop it."""

    thread: threading.Thread
    event: threading.Event

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask it to stop and wait until it has (its session closed); False if it still runs."""
        self.event.set()
        self.thread.join(timeout)
        return not self.thread.is_alive()


def start_background_sender(app: Flask) -> BackgroundSender | None:
    """Run the sender in a daemon thread of this process, unless MAIL_SENDER_IN_PROCESS is false.

    Returns the sender, to stop it (None when none was started). A daemon thread ends with the
    process, perhaps mid-delivery: the lease of the message it held runs out and another pass
    sends it.
    """
    if not app.config.get("MAIL_SENDER_IN_PROCESS", True):
        return None
    from webapp.notices.compose import tell
    from webapp.services.mail.sender import from_settings, watch
    from webapp.services.mail.transport import MailConfigError

    with app.app_context():
        try:
            cfg = from_settings()
        except MailConfigError as exc:
            click.echo(f" * Mail is not sent: {exc}", err=True)
            return None
    where = "SMTP" if cfg.mail_url else f"{cfg.folder}"
    click.echo(f" * Mail: a background sender delivers to {where}.", err=True)

    stop = threading.Event()

    def work() -> None:
        with app.app_context():
            try:
                watch(db.session(), cfg, stop, before_pass=lambda: tell(db.session()))
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, name="cbmatch-mail-sender", daemon=True)
    thread.start()
    return BackgroundSender(thread, stop)

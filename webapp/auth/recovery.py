"""Account recovery: ask for a reset link, and set a new password through it."""

from __future__ import annotations

import time

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from models import db
from webapp.access import public
from webapp.auth import bp
from webapp.auth.forms import ForgotPasswordForm, ResetPasswordForm
from webapp.mailing import recipient_language, reset_mail, send_reset_link
from webapp.security import limiter, login_limit
from webapp.services.accounts import recovery

ViewResult = str | Response | tuple[str, int]


@bp.route("/reset-password", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"])
def forgot_password() -> ViewResult:
    """Ask for a reset link: the same page, after the same work, whoever the address belongs to."""
    started = time.monotonic()
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        secret = str(current_app.config["SECRET_KEY"])
        asked = recovery.request_reset(db.session(), form.email.data or "", secret)
        user = asked.user
        # The mail is written on both paths; only an active account's is put in the outbox.
        mail = reset_mail(user.name if user else "-", asked.token, recipient_language(user))
        if user is not None:
            send_reset_link(user, mail)
        db.session.commit()
        # Writing the mail and committing it take a few ms more than writing nothing: answer at
        # a fixed time after the request came in, so that the timing says nothing either.
        floor = float(current_app.config.get("RESET_RESPONSE_FLOOR", 0))
        time.sleep(max(0.0, started + floor - time.monotonic()))
        return redirect(url_for("auth.reset_sent"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"])
def reset_password(token: str) -> ViewResult:
    """Choose a new password through a link; every session of the account then ends."""
    secret = str(current_app.config["SECRET_KEY"])
    user = recovery.account_for_token(db.session(), token, secret)
    if user is None:
        return render_template("auth/reset_invalid.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        recovery.reset_password(db.session(), user, form.password.data or "")
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        return redirect(url_for("auth.reset_done"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form, user=user), status


@bp.route("/reset-password-sent")
@public
def reset_sent() -> str:
    """What happens next: the same words whoever the address belonged to."""
    return render_template("auth/reset_sent.html")


@bp.route("/reset-password-done")
@public
def reset_done() -> str:
    """The password is set and every session ended: sign in with it."""
    return render_template("auth/reset_done.html")

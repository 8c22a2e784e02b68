"""Sign in, sign out, register, change password, and the focal point's approval queue."""

from __future__ import annotations

import time

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from models import Role, User, db
from webapp.access import login_required, public, requires
from webapp.auth import bp, throttle
from webapp.auth.forms import DecisionForm, LoginForm, PasswordForm, RegisterForm
from webapp.forms import error_sentence
from webapp.mailing import recipient_language, registration_attempt_mail, send_registration_attempt
from webapp.routing import local_target
from webapp.services.accounts import joining, registration
from webapp.services.accounts import operations as accounts
from webapp.services.errors import ValidationFailed
from webapp.services.reference.choices import state_choices

ViewResult = str | Response | tuple[str, int]


def _safe_next(default: str) -> str:
    return local_target(request.args.get("next"), default)


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ViewResult:
    """Sign in; failures are counted per account and per client address (``throttle``)."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.personal"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        lockout = throttle.sign_in_lockout(email)
        if lockout is not None:
            form.email.errors.append(throttle.sign_in_refused(lockout))
            return render_template("auth/login.html", form=form), 429
        user = accounts.authenticate(db.session(), email, form.password.data or "")
        if user is not None and user.is_active:
            login_user(user)
            flash(_("Signed in as %(name)s.", name=user.name), "success")
            return redirect(_safe_next(url_for("pages.personal")))
        throttle.count_failed_sign_in(email)
        # Only the right password reaches these two. A pending account gets the words of a wrong
        # password: whoever registered an address (new or taken) learns nothing from signing in.
        if user is not None and user.status.value == "disabled":
            form.email.errors.append(_(
                "This account is deactivated, so it cannot sign in. Ask the focal point's team "
                "if you think this is a mistake."))  # fmt: skip
        elif user is not None and user.status.value == "refused":
            form.email.errors.append(_(
                "The registration of this account was refused, so it cannot sign in. Ask the "
                "focal point's team if you think this is a mistake."))  # fmt: skip
        else:
            form.password.errors.append(_(
                "The e-mail address or the password is not right. If you registered recently, "
                "a focal point may not have approved the account yet: you will get an e-mail "
                "when they do."))  # fmt: skip
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@public
def logout() -> Response:
    """Sign out, here and in every other browser where the account is signed in.

    POST only, so that a link elsewhere cannot sign anyone out.
    """
    if current_user.is_authenticated:
        accounts.end_sessions(db.session(), current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash(_("You are signed out, here and in every other browser and device where this account "
            "was signed in."), "success")  # fmt: skip
    return redirect(url_for("pages.home"))


@bp.route("/register", methods=["GET", "POST"])
@public
def register() -> ViewResult:
    """Ask for an account: the same answer after the same work, whether or not the address is new.

    The owner of a taken address is told by e-mail instead. Throttled (``throttle``).
    """
    started = time.monotonic()
    form = RegisterForm()
    form.state.choices = state_choices(db.session(), _("Choose…"))
    form.organisation_country.choices = state_choices(db.session(), _("None, or not a State"))
    if form.is_submitted():
        lockout = throttle.registration_lockout(form.email.data or "")
        if lockout is not None:
            form.email.errors = [throttle.registration_refused(lockout)]
            return render_template("auth/register.html", form=form), 429
    if form.validate_on_submit():
        throttle.count_registration(form.email.data or "")
        try:
            done = registration.register(
                db.session(),
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                password=form.password.data or "",
                state_code=form.state.data if form.role.data == "state" else None,
                organisation=form.organisation.data if form.role.data == "provider" else None,
                organisation_type=form.organisation_type.data,
                organisation_country=form.organisation_country.data or None,
            )
        except ValidationFailed as exc:
            for err in exc.errors:
                field = getattr(form, err.field, None)
                if field is not None:
                    field.errors.append(error_sentence(str(field.label.text), err.reason))
                else:
                    form.email.errors.append(error_sentence(_("Account"), err.reason))
        else:
            # The owner's e-mail is written on both paths; only a taken address's is sent.
            owner = done.existing
            mail = registration_attempt_mail(owner, recipient_language(owner))
            if owner is not None:
                send_registration_attempt(owner, mail)
            db.session.commit()
            # What each path writes differs by a few ms: answer at a fixed time after the
            # request came in, so that the timing says nothing either.
            floor = float(current_app.config.get("REGISTER_RESPONSE_FLOOR", 0))
            time.sleep(max(0.0, started + floor - time.monotonic()))
            return redirect(url_for("auth.registered"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/registered")
@public
def registered() -> str:
    """What happens next, shown after registering (the same whether or not the address was new)."""
    return render_template("auth/registered.html")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> ViewResult:
    """Change one's password; every other session of the account ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # the User, not the proxy
        if not accounts.verify_password(user, form.current.data or ""):
            form.current.errors.append(_("This is not your current password."))
        else:
            accounts.change_password(user, form.password.data or "")
            db.session.commit()
            login_user(user)  # this session continues under the new version
            flash(_("Your password is changed. Other sessions were signed out."), "success")
            return redirect(url_for("pages.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/accounts")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def accounts_queue() -> str:
    """Accounts waiting for approval, and the latest refused with their reasons."""
    return _queue(DecisionForm())


def _queue(form: DecisionForm, failed: int | None = None) -> str:
    pending = accounts.pending_accounts(db.session())
    return render_template(
        "auth/accounts.html",
        pending=pending,
        joinings=joining.joinings(db.session(), pending),
        refused=accounts.refused_accounts(db.session()),
        form=form,
        failed=failed,
    )


@bp.route("/accounts/<int:user_id>", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def decide(user_id: int) -> ViewResult:
    """Approve or refuse (with a reason) one pending account."""
    form = DecisionForm()
    user = db.get_or_404(User, user_id)
    decision = request.form.get("decision")
    if decision not in ("approve", "refuse"):
        abort(400)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
    else:
        try:
            accounts.decide(user, approve=decision == "approve", reason=form.reason.data)
        except ValidationFailed as exc:
            error = exc.errors[0]
            if error.field != "reason":
                flash(error.reason, "error")
                return redirect(url_for("auth.accounts_queue"))
            form.reason.errors.append(error.reason)
        else:
            db.session.commit()
            if decision == "approve":
                said = _("%(name)s (%(email)s) is approved.", name=user.name, email=user.email)
            else:
                said = _("%(name)s (%(email)s) is refused.", name=user.name, email=user.email)
            flash(said, "success")
            return redirect(url_for("auth.accounts_queue"))
    return _queue(form, failed=user.id), 422

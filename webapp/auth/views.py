"""Sign in, sign out, register, change password, and the focal point's approval queue."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from models import Role, User, db
from webapp.access import login_required, public, requires
from webapp.auth import bp
from webapp.auth.forms import DecisionForm, LoginForm, PasswordForm, RegisterForm
from webapp.forms import error_sentence
from webapp.routing import local_target
from webapp.security import limiter, login_limit
from webapp.services.accounts import operations as accounts
from webapp.services.errors import ValidationFailed
from webapp.services.reference.choices import state_choices

ViewResult = str | Response | tuple[str, int]


def _safe_next(default: str) -> str:
    return local_target(request.args.get("next"), default)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"])
def login() -> ViewResult:
    """Sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("pages.personal"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session(), form.email.data or "", form.password.data or "")
        if user is not None and user.is_active:
            login_user(user)
            flash(_("Signed in as %(name)s.", name=user.name), "success")
            return redirect(_safe_next(url_for("pages.personal")))
        if user is not None and user.status.value == "pending":
            form.email.errors.append(_("This account is waiting for a focal point's approval."))
        elif user is not None and user.status.value == "disabled":
            form.email.errors.append(_(
                "This account is deactivated, so it cannot sign in. Ask the focal point's team "
                "if you think this is a mistake."))  # fmt: skip
        elif user is not None and user.status.value == "refused":
            form.email.errors.append(_(
                "The registration of this account was refused, so it cannot sign in. Ask the "
                "focal point's team if you think this is a mistake."))  # fmt: skip
        else:
            form.password.errors.append(_("The e-mail address or the password is not right."))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@public
def logout() -> Response:
    """Sign out (POST only, so that a link elsewhere cannot sign anyone out)."""
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/register", methods=["GET", "POST"])
@public
def register() -> ViewResult:
    """Ask for an account."""
    form = RegisterForm()
    form.state.choices = state_choices(db.session(), _("Choose…"))
    form.organisation_country.choices = state_choices(db.session(), _("None, or not a State"))
    if form.validate_on_submit():
        try:
            accounts.register(
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
            db.session.commit()
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
    return render_template(
        "auth/accounts.html",
        pending=accounts.pending_accounts(db.session()),
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

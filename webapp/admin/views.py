"""The administrator's accounts: the list, one account's page, and the changes made there."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Role, User, db
from webapp.access import requires
from webapp.admin import bp
from webapp.admin.forms import (
    AccountFilterForm,
    DeactivateForm,
    ReactivateForm,
    RoleForm,
    SendResetForm,
)
from webapp.forms import choices
from webapp.mailing import recipient_language, reset_mail, send_reset_link
from webapp.services.accounts import audit as auditlog
from webapp.services.accounts import operations, queries, recovery
from webapp.services.concurrency import StaleEdit, parse_version
from webapp.services.errors import ValidationFailed
from webapp.services.querying import parse_page
from webapp.services.reference.choices import state_choices

ViewResult = str | Response | tuple[str, int]


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.route("/accounts")
@requires(Role.ADMIN)
def accounts() -> str:
    """Every account, by name: searched by name or address, filtered by role and status."""
    form = AccountFilterForm(request.args).load_choices()
    filters = form.filters()
    page = queries.accounts_page(
        db.session(),
        filters,
        parse_page(request.args.get("page")),
        per_page=current_app.config["ACCOUNTS_PAGE_SIZE"],
    )
    return render_template(
        "admin/accounts.html",
        form=form,
        filters=filters,
        page=page,
        counts=queries.status_counts(db.session()),
    )


def _role_form(user: User, form: RoleForm | None = None) -> RoleForm:
    if form is None:
        form = RoleForm(formdata=None, version=str(user.version), role=user.role.value,
                        state=user.state.iso3 if user.state else "",
                        organisation=str(user.organisation_id or ""))  # fmt: skip
    form.state.choices = choices(*state_choices(db.session(), _("None")))
    orgs = [(str(i), name) for i, name in queries.organisation_choices(db.session())]
    form.organisation.choices = choices(("", _("None")), *orgs)
    return form


def _account_page(
    user: User, role_form: RoleForm | None = None, status: int = 200, stale: StaleEdit | None = None
) -> tuple[str, int]:
    history = queries.history(db.session(), user)
    known = auditlog.names(db.session(), history)
    return render_template(
        "admin/account.html",
        user=user,
        role_form=_role_form(user, role_form),
        reactivate_form=ReactivateForm(formdata=None, version=str(user.version)),
        reset_form=SendResetForm(formdata=None),
        history=history,
        changes=lambda entry: auditlog.changes(entry, known),
        summary=auditlog.summary,
        stale=stale,
    ), status


@bp.route("/accounts/<int:user_id>")
@requires(Role.ADMIN)
def account(user_id: int) -> ViewResult:
    """One account: who it is, what it acts for, its status, its history; the changes to make."""
    return _account_page(db.get_or_404(User, user_id))


@bp.route("/accounts/<int:user_id>/role", methods=["POST"])
@requires(Role.ADMIN)
def role(user_id: int) -> ViewResult:
    """Change the role and the State or organisation the account acts for (all or nothing)."""
    user = db.get_or_404(User, user_id)
    form = _role_form(user, RoleForm())
    if form.validate_on_submit():
        try:
            operations.change_role(
                db.session(), user, _me(), role=form.role.data or "",
                state_code=form.state.data or None,
                organisation_id=int(form.organisation.data) if form.organisation.data else None,
                expected=parse_version(form.version.data),
            )  # fmt: skip
        except StaleEdit as exc:
            return _account_page(user, _role_form(user), 409, stale=exc)
        except ValidationFailed as exc:
            for err in exc.errors:
                getattr(form, err.field, form.role).errors.append(err.reason)
        else:
            db.session.commit()
            flash(_("The role of %(email)s is saved.", email=user.email), "success")
            return redirect(url_for("admin.account", user_id=user.id))
    return _account_page(user, form, 422)


@bp.route("/accounts/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires(Role.ADMIN)
def deactivate(user_id: int) -> ViewResult:
    """Ask for confirmation (and a reason), then deactivate: the account's sessions end."""
    user = db.get_or_404(User, user_id)
    form = DeactivateForm() if request.method == "POST" else DeactivateForm(
        formdata=None, version=str(user.version))  # fmt: skip
    stale = None
    if form.validate_on_submit():
        try:
            operations.deactivate(db.session(), user, _me(), form.reason.data,
                                  expected=parse_version(form.version.data))  # fmt: skip
        except StaleEdit as exc:
            stale = exc
            form.version.data = str(exc.current_version)
        except ValidationFailed as exc:
            for err in exc.errors:
                if err.field == "reason":
                    form.reason.errors.append(err.reason)
                else:
                    flash(err.reason, "error")
                    return redirect(url_for("admin.account", user_id=user.id))
        else:
            db.session.commit()
            flash(_("%(email)s is deactivated and signed out everywhere.", email=user.email),
                  "success")  # fmt: skip
            return redirect(url_for("admin.account", user_id=user.id))
    status = 409 if stale else 422 if form.is_submitted() else 200
    return render_template("admin/deactivate.html", user=user, form=form, stale=stale), status


@bp.route("/accounts/<int:user_id>/reactivate", methods=["POST"])
@requires(Role.ADMIN)
def reactivate(user_id: int) -> ViewResult:
    """Let a deactivated or refused account sign in again."""
    user = db.get_or_404(User, user_id)
    form = ReactivateForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please submit it again."), "error")
        return redirect(url_for("admin.account", user_id=user.id))
    try:
        operations.reactivate(db.session(), user, _me(), expected=parse_version(form.version.data))
    except StaleEdit as exc:
        return _account_page(user, status=409, stale=exc)
    except ValidationFailed as exc:
        flash(exc.errors[0].reason, "error")
    else:
        db.session.commit()
        flash(_("%(email)s is active again and can sign in.", email=user.email), "success")
    return redirect(url_for("admin.account", user_id=user.id))


@bp.route("/accounts/<int:user_id>/send-reset", methods=["POST"])
@requires(Role.ADMIN)
def send_reset(user_id: int) -> ViewResult:
    """Send an active account the e-mail with a link to set a new password; logged."""
    user = db.get_or_404(User, user_id)
    if not SendResetForm().validate_on_submit():
        flash(_("The form expired; please submit it again."), "error")
    elif not recovery.can_receive_link(user):
        flash(_("Only an active account can be sent a link to set a new password."), "error")
    else:
        token = recovery.make_token(user, str(current_app.config["SECRET_KEY"]))
        send_reset_link(user, reset_mail(user.name, token, recipient_language(user)))
        recovery.log_link_sent(db.session(), user)
        db.session.commit()
        flash(_("A link to set a new password is on its way to %(email)s.", email=user.email),
              "success")  # fmt: skip
    return redirect(url_for("admin.account", user_id=user.id))

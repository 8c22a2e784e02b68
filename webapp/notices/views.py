"""The notification pages: one-click unsubscribe from an e-mail, and a person's choices."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Delivery, User, UserStatus, db
from models.audit import acting_as
from webapp.access import login_required, public
from webapp.extensions import csrf
from webapp.notices import bp
from webapp.notices.forms import PreferencesForm
from webapp.notices.tokens import read_unsubscribe_token
from webapp.services.notices import preferences
from webapp.services.notices.kinds import KINDS, kinds_for

ONE_CLICK = "One-Click"  # RFC 8058: the mail client posts List-Unsubscribe=One-Click


def daily_digest_hour() -> int:
    """The hour (UTC) the daily summary goes out (``DAILY_DIGEST_HOUR``)."""
    return int(current_app.config["DAILY_DIGEST_HOUR"])


def _target(token: str) -> tuple[User, str]:
    found = read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user = db.session.get(User, found[0])
    kind = KINDS.get(found[1])
    if user is None or kind is None or user.status is not UserStatus.ACTIVE:
        abort(404)
    return user, kind.code


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@public  # the signed token is the authority (see below)
def unsubscribe(token: str) -> str | tuple[str, int] | Response:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST turns the kind off."""
    user, kind = _target(token)
    spec = KINDS[kind]
    may_choose = spec in kinds_for(user.role)
    if request.method == "GET" or not may_choose:
        status = 200 if may_choose else 404
        return render_template(
            "notices/unsubscribe.html", user=user, kind=spec, token=token, done=False,
            may_choose=may_choose,
        ), status  # fmt: skip
    with acting_as(f"{user.name} <{user.email}> (unsubscribe link)", user.id):
        preferences.choose(db.session(), user, {kind: Delivery.OFF})
        db.session.commit()
    if request.form.get("List-Unsubscribe") == ONE_CLICK:
        return Response(_("Unsubscribed."), mimetype="text/plain")
    return render_template(
        "notices/unsubscribe.html", user=user, kind=spec, token=token, done=True, may_choose=True
    )


# The signed token is the authority here (a mail client's one-click POST carries no session and
# no CSRF token; RFC 8058); it can only ever turn one kind of e-mail off for one account.
csrf.exempt("webapp.notices.views.unsubscribe")


@bp.route("/", methods=["GET", "POST"], endpoint="preferences")
@login_required
def preferences_page() -> str | Response:
    """What the signed-in person receives, kind by kind, and where; POST saves their choices."""
    me: User = current_user._get_current_object()
    kinds = kinds_for(me.role)
    form = PreferencesForm.for_kinds(kinds)()
    if form.validate_on_submit():
        changed = preferences.choose(db.session(), me, form.wanted())
        db.session.commit()
        if changed:
            flash(_("Your notification settings are saved."), "success")
        else:
            flash(_("Nothing changed: your notification settings are as they were."), "info")
        return redirect(url_for(".preferences"))
    if request.method == "GET":
        form.load(preferences.choices_of(db.session(), me))
    return render_template(
        "notices/preferences.html", form=form, email=me.email, hour=daily_digest_hour()
    )

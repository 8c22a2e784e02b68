"""The public front page (what cbmatch is, where supply and demand stand) and the personal home."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Role, db
from webapp.access import login_required, public, requires
from webapp.i18n import SESSION_KEY, _l
from webapp.routing import local_target
from webapp.security import client_key, limiter, suggest_limit
from webapp.services.accounts import operations as accounts
from webapp.services.dashboard.front_page import front_page
from webapp.services.home import home_for
from webapp.services.matching import tags

bp = Blueprint("pages", __name__)


def init_app(app: Flask) -> None:
    """Register the blueprint and the header link to the personal home."""
    app.register_blueprint(bp)
    from webapp import nav

    roles = ("state", "provider", "focal_point", "admin")
    nav.register(app, _l("What needs you"), "pages.personal", *roles, order=5)


@bp.route("/")
@public
def home() -> str:
    """The front page: what cbmatch is for each visitor, what is new and what comes next."""
    return render_template("pages/home.html", front=front_page(db.session(), date.today()))


@bp.route("/home")
@login_required
def personal() -> str:
    """What needs the signed-in person now: answers to give, work to finish, fits to look at."""
    config = current_app.config
    home = home_for(
        db.session(),
        current_user._get_current_object(),  # the User, not the proxy
        limit=config["HOME_LIST_SIZE"],
        stalled_after=config["STALLED_AFTER_DAYS"],
    )
    return render_template("pages/personal.html", home=home)


@bp.route("/language", methods=["POST"])
@public
def language() -> Response:
    """Show the site in the language chosen in the header.

    For the rest of the visit, and for a signed-in user's next visits too.

    :raise 400: a language the site does not offer.
    """
    code = request.form.get("language", "")
    if code not in current_app.extensions["cbmatch_languages"]:
        abort(400, _("This language is not offered."))
    session[SESSION_KEY] = code
    if current_user.is_authenticated:  # kept for the next visits too
        accounts.set_locale(db.session(), current_user, code)
        db.session.commit()
    return redirect(local_target(request.form.get("next"), url_for(".home")))


@bp.route("/suggest-tags", methods=["POST"])
@requires(Role.STATE, Role.PROVIDER, Role.FOCAL_POINT, Role.ADMIN)
@limiter.limit(suggest_limit, key_func=client_key)
def suggest_tags() -> Response | tuple[Response, int]:
    """Topics and support types the need or offer form's title and description suggest (JSON).

    Form fields ``title`` and ``description`` (and the CSRF token); the answer names each
    suggestion in the reader's language: ``{"topics": [{"slug", "label"}], "support_types": []}``.

    :raise 400: a text longer than a need or offer may be (a JSON problem naming the field).
    """
    title, description = request.form.get("title", ""), request.form.get("description", "")
    for field, text, most in (
        ("title", title, tags.TITLE_MAX), ("description", description, tags.DESCRIPTION_MAX),
    ):  # fmt: skip
        if len(text) > most:
            detail = (
                ngettext("The title is too long: at most %(num)d character.",
                         "The title is too long: at most %(num)d characters.", most)
                if field == "title" else
                ngettext("The description is too long: at most %(num)d character.",
                         "The description is too long: at most %(num)d characters.", most)
            )  # fmt: skip
            problem = jsonify(type="about:blank", title=_("Text too long"), status=400,
                              detail=detail, error=detail, field=field)  # fmt: skip
            problem.mimetype = "application/problem+json"
            return problem, 400
    found = tags.suggest(db.session(), title, description)
    return jsonify(found.as_json())

"""The help pages (an index and one page per role) and the contact page of the focal point's team.

All are public: anyone may read how the platform works. The contact page names the focal points
and their addresses to signed-in users only, so that the public page gives no list of addresses.
"""

from __future__ import annotations

from datetime import date
from email.utils import parseaddr

from flask import abort, current_app, render_template
from flask_login import current_user

from models import Role, db
from webapp.access import public
from webapp.help import bp
from webapp.services.accounts.team import active_focal_points
from webapp.services.mail.outbox import DEFAULT_FROM

#: The roles with a help page, by the word in their address, in the order the index lists them.
ROLES: dict[str, Role] = {
    "state": Role.STATE,
    "provider": Role.PROVIDER,
    "focal-point": Role.FOCAL_POINT,
    "admin": Role.ADMIN,
}


def own_role() -> str | None:
    """The word of the signed-in user's role in the help's addresses, or None when signed out."""
    if not current_user.is_authenticated:
        return None
    return next((slug for slug, role in ROLES.items() if current_user.role is role), None)


def contact_address() -> str:
    """The team's address: ``CONTACT_EMAIL``, else focal-point@ the domain mail is sent from."""
    config = current_app.config
    configured = str(config.get("CONTACT_EMAIL") or "").strip()
    if configured:
        return configured
    sender = parseaddr(str(config.get("MAIL_FROM") or DEFAULT_FROM))[1]
    domain = sender.rpartition("@")[2] or "localhost"
    return f"focal-point@{domain}"


@bp.route("/help/")
@public
def index() -> str:
    """Which help page is for whom; the reader's own role first in view."""
    return render_template("help/index.html", roles=list(ROLES), own=own_role())


@bp.route("/help/<role>")
@public
def role(role: str) -> str:
    """How one role uses the platform, step by step, and its frequent questions.

    :raise 404: a role the platform does not have.
    """
    if role not in ROLES:
        abort(404)
    return render_template(
        f"help/{role.replace('-', '_')}.html",
        role=role,
        own=own_role(),
        stalled_after=int(current_app.config["STALLED_AFTER_DAYS"]),
    )


@bp.route("/contact")
@public
def contact() -> str:
    """Who the focal point's team is, what to write about and where; names to signed-in users."""
    focal_points = active_focal_points(db.session()) if current_user.is_authenticated else None
    return render_template(
        "help/contact.html", address=contact_address(), focal_points=focal_points
    )


#: When the accessibility statement was last checked against the site; change it with the text.
STATEMENT_REVIEWED = date(2026, 12, 6)


@bp.route("/accessibility")
@public
def accessibility() -> str:
    """The accessibility statement.

    Its WCAG target, how it is checked, what is known not to meet it, how to report a problem.
    """
    return render_template(
        "help/accessibility.html", address=contact_address(), reviewed=STATEMENT_REVIEWED
    )

"""Which pages the accessibility run opens: every GET route of the app, with the demo's records.

The list is read from ``app.url_map``, so a new page is checked as soon as it has a route. A
route's arguments are filled with demo records the role may open (a need of Senegal for its
representative, an offer of Sahel Digital Shield for its provider); a route the test does not
know an argument of fails the run (``UnknownArgumentError``) rather than being left out. Routes that
answer with something other than HTML are skipped, each for a reason written beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, url_for
from sqlalchemy import select, update

from models import ApiToken, Match, Need, NeedStatus, Offer, PointOfContact, Topic, User, db
from webapp.notices.tokens import unsubscribe_token
from webapp.services.accounts import tokens
from webapp.services.accounts.recovery import make_token
from webapp.services.interchange.operations import save_records
from webapp.services.notices.kinds import PROPOSAL_RECEIVED

#: The JSON API (checked against its OpenAPI document by tests/api), except its reference page.
API_PREFIX, API_PAGES = "/api/v1/", {"api_docs.reference"}
#: Routes that are not HTML pages, so not for axe: each with what it sends instead.
NOT_PAGES = {
    "static": "stylesheets, scripts and images",
    "calendar.feed": "the iCalendar feed (text/calendar)",
    "pipeline.export": "the pipeline as a CSV or XLSX download",
    "dashboard.gaps_report": "a CSV or XLSX download",
    "dashboard.funding_report": "a CSV or XLSX download",
    "dashboard.outcomes_report": "a CSV or XLSX download",
    "states.profile_pdf": "a State's profile as a PDF (WeasyPrint)",
    "dashboard.summary_pdf": "the annual summary as a PDF (WeasyPrint)",
    "directory.index": "a redirection to the centres' list (checked as directory.centres)",
}

STATE = "aissatou.ndiaye@cbmatch.example"  # Senegal
PROVIDER = "moussa.traore@cbmatch.example"  # Sahel Digital Shield SARL
FOCAL = "focal.point@cbmatch.example"
ADMIN = "admin@cbmatch.example"
#: Who opens the pages: None for a visitor who has not signed in.
ROLES: dict[str, str | None] = {
    "anonymous": None, "state": STATE, "provider": PROVIDER, "focal_point": FOCAL, "admin": ADMIN,
}  # fmt: skip
HELP_SLUGS = {"anonymous": "state", "state": "state", "provider": "provider",
              "focal_point": "focal-point", "admin": "admin"}  # fmt: skip

#: The demo's records: Senegal's open need and the offer its provider made for it (a proposal
#: the State has yet to answer), and a calendar event.
NEED, OFFER, STATE_CODE, EVENT = "N-2026-001", "O-2026-023", "SEN", "E-2026-001"
#: The demo has no draft; the run adds one to Senegal for the page that deletes a draft.
DRAFT = "N-2026-900"


class UnknownArgumentError(LookupError):
    """A route has an argument this module does not know how to fill."""


@dataclass(frozen=True)
class Target:
    """One page to check: the route's endpoint and the address to open."""

    endpoint: str
    path: str


def _ids(app: Flask) -> dict[str, object]:
    with app.app_context():
        session = db.session()
        need_id = session.scalar(select(Need.id).where(Need.ref == NEED))
        offer_id = session.scalar(select(Offer.id).where(Offer.ref == OFFER))
        provider = session.scalars(select(User).where(User.email == PROVIDER)).one()
        if session.scalar(select(Need.id).where(Need.ref == DRAFT)) is None:
            draft = {"ref": DRAFT, "state": STATE_CODE, "title": "Draft for the accessibility run",
                     "description": "A need not submitted yet."}  # fmt: skip
            save_records(session, "needs", [("axe", draft)])
            session.execute(update(Need).where(Need.ref == DRAFT).values(status=NeedStatus.DRAFT))
            session.commit()
        token_id = session.scalar(select(ApiToken.id).where(ApiToken.user_id == provider.id))
        if token_id is None:  # the provider's token, for its revocation page
            with app.test_request_context():
                made = tokens.create(
                    session, provider, tokens.TokenInput(name="axe", scopes=["read"])
                )
                session.commit()
                token_id = made.token.id
        found: dict[str, object] = {
            "token_id": token_id,
            "match_id": session.scalar(
                select(Match.id).where(Match.need_id == need_id, Match.offer_id == offer_id)
            ),
            "contact_id": session.scalar(select(PointOfContact.id).order_by(PointOfContact.id)),
            "slug": session.scalar(select(Topic.slug).order_by(Topic.id)),
            "user_id": provider.id,
        }
        with app.test_request_context():
            found["reset_token"] = make_token(provider)
            found["unsubscribe_token"] = unsubscribe_token(provider.id, PROPOSAL_RECEIVED.code)
        db.session.remove()
    return found


def _value(endpoint: str, name: str, role: str, ids: dict[str, object]) -> object:
    area = endpoint.split(".")[0]
    if name == "ref":
        if endpoint == "survey.need_delete":
            return DRAFT
        return {"needs": NEED, "survey": NEED, "offers": OFFER, "calendar": EVENT}[area]
    if name == "token":
        return ids["unsubscribe_token" if area == "notices" else "reset_token"]
    if name == "code":
        return STATE_CODE
    if name == "role":
        return HELP_SLUGS[role]
    if name in ids:
        return ids[name]
    raise UnknownArgumentError(f"{endpoint}: no demo value for <{name}>; add one in axe_pages.py")


def targets(app: Flask, role: str) -> list[Target]:
    """Every HTML page of the app, in URL order, addressed with records ``role`` may open."""
    ids = _ids(app)
    found = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_PAGES:
                continue
            if rule.rule.startswith(API_PREFIX) and rule.endpoint not in API_PAGES:
                continue
            values = {n: _value(rule.endpoint, n, role, ids) for n in sorted(rule.arguments)}
            found.append(Target(rule.endpoint, url_for(rule.endpoint, **values)))
    return found

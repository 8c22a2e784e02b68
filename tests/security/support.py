"""The world the security tests act in: records of two States and two organisations seen by
eight identities, clients signed in as each, and a fingerprint of the whole database.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from unittest.mock import patch

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from models import (
    Match,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    OfferStatus,
    Outcome,
    Response,
    Role,
    User,
    UserStatus,
    db,
)
from models.base import Base
from tests.factories import make_need, make_offer, make_user
from webapp.notices.tokens import unsubscribe_token
from webapp.services.accounts import recovery
from webapp.sessions import SessionId

PW = "correct horse battery"
#: Every identity the matrix and the confidentiality tests act as. "pending" registered but was
#: never approved, so it cannot sign in and must be treated exactly like "anonymous".
IDENTITIES = (
    "anonymous", "pending", "state_a", "state_b", "provider_x", "provider_y", "focal", "admin",
)  # fmt: skip
ORG_X, ORG_Y = "Harbourline Security Ltd", "Open Cyber Academy"
#: Words that appear only in hidden records, so that a leak is found by a plain text search.
SECRET_WORD, DRAFT_WORD, SECRET_B_WORD = "zebrafinch", "quokkadraft", "axolotlsecret"
#: In State B's maturity comments: its survey is submitted, and it never chose who sees its
#: maturity, so only State B and the focal point may (the safe default).
MATURITY_B_WORD = "pangolinmaturity"
#: In State A's answers to the National Survey of Implementation: private to State A and the
#: focal point, whatever its maturity choice.
NSI_A_WORD = "narwhalsurvey"


@dataclass
class World:
    """The records every identity is tried against, by name; values are refs or ids."""

    refs: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # identity -> e-mail
    cookies: dict[str, str | None] = field(default_factory=dict)  # identity -> session cookie
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # record -> title, description
    #: identity -> the secret of its API token with every scope its role allows; and
    #: "<identity>_read" -> one with the scope read only (tests/security/test_authz_tokens.py)
    bearer: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        for table in ("refs", "ids"):
            values = self.__dict__.get(table, {})
            if name in values:
                return values[name]
        raise AttributeError(name)


def _need(session: Session, i: int, ref: str, iso3: str, title: str, **kw: Any) -> Need:
    values = {
        "languages": ["en"],
        "modality": "any",
        "start": None,
        "end": None,
        "confidential": False,
        "topics": ["incident-response"],
        "priority": "medium",
    }
    return make_need(session, i=i, ref=ref, state=iso3, title=title, **(values | kw))  # fmt: skip


def _offer(session: Session, i: int, ref: str, provider: str, title: str, **kw: Any) -> Offer:
    kind = {ORG_X: "business", ORG_Y: "academia"}[provider]
    return make_offer(
        session, i=i, ref=ref, provider=provider, provider_type=kind,
        provider_country="GBR" if provider == ORG_X else None, title=title, languages=["en"],
        modality="any", start=None, end=None, eligible=[], capacity=3, **kw,
    )  # fmt: skip


def build_world(session: Session) -> World:
    """State A (Senegal) and State B (Fiji), organisations X and Y, and one record of each kind.

    Senegal has a public need, a second public need (for requests), a confidential one, a
    draft and a closed one; Fiji a public and a confidential one. X has an open and a closed
    offer, Y an open one. A's public need and X's offer are proposed (both answers pending);
    A's confidential need and X's offer are proposed too; A's second need and Y's offer are a
    suggestion only the focal point sees. A's public need and Y's offer are accepted, B's public
    need and Y's offer in progress. X has an event on the calendar, A a point of contact.
    """
    w = World()
    needs = {
        "need_public_a": _need(session, 1, "N-A-PUBLIC", "SEN", "Public malware lab"),
        "need_public2_a": _need(session, 2, "N-A-PUBLIC2", "SEN", "Awareness for schools"),
        # The hidden needs have traits no other record has (a topic, a second language), so
        # that a filter option or a facet count that betrays them is noticed.
        "need_conf_a": _need(session, 3, "N-A-SECRET", "SEN", f"Intrusion review {SECRET_WORD}",
                             confidential=True, topics=["critical-infrastructure"],
                             languages=["en", "mi"], priority="high"),
        "need_draft_a": _need(session, 4, "N-A-DRAFT", "SEN", f"Draft idea {DRAFT_WORD}"),
        "need_closed_a": _need(session, 5, "N-A-CLOSED", "SEN", "Closed strategy review"),
        "need_public_b": _need(session, 6, "N-B-PUBLIC", "FJI", "Fiji forensics lab"),
        "need_conf_b": _need(session, 8, "N-B-SECRET", "FJI", f"Fiji breach {SECRET_B_WORD}",
                             confidential=True, topics=["internet-resilience"],
                             languages=["en", "to"]),
    }  # fmt: skip
    needs["need_draft_a"].status = NeedStatus.DRAFT
    needs["need_closed_a"].status = NeedStatus.CLOSED
    offers = {
        "offer_x": _offer(session, 1, "O-X-OPEN", ORG_X, "Malware lab in a box"),
        "offer_x_closed": _offer(session, 2, "O-X-CLOSED", ORG_X, "Closed training"),
        "offer_y": _offer(session, 3, "O-Y-OPEN", ORG_Y, "Awareness kit for schools"),
    }
    offers["offer_x_closed"].status = OfferStatus.CLOSED
    users = {
        "pending": make_user(session, role=Role.STATE, state_code="SEN",
                             email="pending@example.org", status=UserStatus.PENDING),
        "state_a": make_user(session, role=Role.STATE, state_code="SEN", email="a@example.org"),
        "state_b": make_user(session, role=Role.STATE, state_code="FJI", email="b@example.org"),
        "provider_x": make_user(session, role=Role.PROVIDER, state_code=None, organisation=ORG_X,
                                email="x@example.org"),
        "provider_y": make_user(session, role=Role.PROVIDER, state_code=None, organisation=ORG_Y,
                                email="y@example.org"),
        "focal": make_user(session, role=Role.FOCAL_POINT, state_code=None,
                           email="focal@example.org"),
        "admin": make_user(session, role=Role.ADMIN, state_code=None, email="admin@example.org"),
    }  # fmt: skip
    focal = users["focal"]

    def match(need: str, offer: str, status: MatchStatus) -> Match:
        m = Match(need=needs[need], offer=offers[offer], status=status, score=0.5,
                  reasons=["Shared topic"], created_by_id=focal.id)  # fmt: skip
        if status in (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED):
            m.state_response = m.provider_response = Response.ACCEPTED
        session.add(m)
        return m

    matches = {
        "match_proposed": match("need_public_a", "offer_x", MatchStatus.PROPOSED),
        "match_conf": match("need_conf_a", "offer_x", MatchStatus.PROPOSED),
        "match_suggested": match("need_public2_a", "offer_y", MatchStatus.SUGGESTED),
        # Past the answers, for the pipeline's moves and notes.
        "match_accepted": match("need_public_a", "offer_y", MatchStatus.ACCEPTED),
        "match_in_progress": match("need_public_b", "offer_y", MatchStatus.IN_PROGRESS),
        # Done (its need closed since), with figures its provider entered: State A confirms them.
        "match_completed": match("need_closed_a", "offer_x", MatchStatus.COMPLETED),
    }
    matches["match_completed"].outcome = "Nine officials trained."
    session.add(Outcome(match=matches["match_completed"], women=5, men=4, created_by_id=focal.id))
    from models import Lesson

    # X proposed the completed match's lesson; the focal point has not reviewed it yet.
    lesson_x = Lesson(match=matches["match_completed"], side="provider", text="Labs beat slides.",
                      created_by_id=users["provider_x"].id)  # fmt: skip
    session.add(lesson_x)
    session.flush()
    from webapp.services.needs import survey

    dims = survey.cmm_dimensions(session)
    survey.save_maturity(
        session, users["state_a"].state, {d.slug: (2, "") for d in dims}, actor=users["state_a"]
    )
    from webapp.services.needs import factors

    # State A rates one factor at start-up: it suggests a need (accept or ignore it).
    factors.save_factors(session, users["state_a"].state, {"D1.1": 1}, {}, actor=users["state_a"])
    from models import NsiChoice
    from webapp.services.needs import nsi

    # State A answered the NSI: N4.3 "yes" suggests a need; N1.2 holds a private word.
    nsi.save_answers(session, users["state_a"].state, {
        "N4.3": nsi.Entry(NsiChoice.YES), "N1.2": nsi.Entry(text=f"Agency {NSI_A_WORD}"),
    }, actor=users["state_a"])  # fmt: skip
    survey.save_maturity(
        session, users["state_b"].state, {d.slug: (3, f"Gap {MATURITY_B_WORD}") for d in dims},
        actor=users["state_b"],
    )  # fmt: skip
    # B rates one factor too: its page lists the factors, to the same viewers as the chart.
    factors.save_factors(session, users["state_b"].state, {"D2.3": 4}, {}, actor=users["state_b"])
    from models import SurveyStatus

    b_survey = survey.get_survey(session, users["state_b"].state)
    assert b_survey is not None
    b_survey.status, b_survey.submitted_at = SurveyStatus.SUBMITTED, b_survey.created_at
    from webapp.services.needs import versions

    versions.record(session, users["state_b"].state, actor=users["state_b"])  # its version 1
    from datetime import date

    from models import ContactKind, Event, PointOfContact

    event_x = Event(ref="E-2027-0001", title="CERT bootcamp", description="Five days.",
                    starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 5),
                    organisation_id=offers["offer_x"].organisation_id)  # fmt: skip
    contact_a = PointOfContact(state_id=users["state_a"].state_id, kind=ContactKind.TECHNICAL,
                               name="Awa Diop", position="CERT lead", organisation="ADIE",
                               email="awa.diop@example.org")  # fmt: skip
    session.add_all([event_x, contact_a])
    from webapp.services.accounts import tokens  # State A's access token (its own pages)

    token_a = tokens.create(session, users["state_a"], tokens.TokenInput("CI", ["read"])).token
    for name in ("state_a", "state_b", "provider_x", "provider_y", "focal", "admin"):
        scopes = [s.value for s in tokens.ROLE_SCOPES[users[name].role]]
        made = tokens.create(session, users[name], tokens.TokenInput("API", scopes))
        w.bearer[name] = made.secret
    for name in ("state_a", "provider_x"):
        made = tokens.create(session, users[name], tokens.TokenInput("API read", ["read"]))
        w.bearer[f"{name}_read"] = made.secret
    session.commit()
    w.refs = {k: n.ref for k, n in needs.items()} | {k: o.ref for k, o in offers.items()}
    w.refs |= {"event_x": event_x.ref, "withdraw": "withdraw", "csv": "csv"}
    w.refs |= {"missing_need": "N-NO-SUCH", "missing_offer": "O-NO-SUCH"}
    w.refs |= {"nsi_a": "N4.3"}
    w.refs |= {"factor_a": "D1.1", "accept": "accept", "ignore": "ignore", "bad_answer": "maybe"}
    w.refs |= {"state_a_code": "SEN", "state_b_code": "FJI", "missing_state": "XYZ"}
    w.refs |= {"help_state": "state", "help_focal-point": "focal-point", "help_unknown": "nobody"}
    w.ids = {k: m.id for k, m in matches.items()} | {
        "pending_user": users["pending"].id, "missing_match": 999_999, "missing_user": 999_999,
    }  # fmt: skip
    w.ids |= {f"user_{k}": u.id for k, u in users.items()}
    w.ids |= {"contact_a": contact_a.id, "token_a": token_a.id, "missing_token": 999_999}
    w.ids |= {"lesson_x": lesson_x.id, "missing_lesson": 999_999}
    w.refs |= {"topic_ir": "incident-response", "missing_topic": "no-such-topic"}
    w.ids |= {"org_x_id": users["provider_x"].organisation_id,
              "org_y_id": users["provider_y"].organisation_id}  # fmt: skip
    w.users = {k: u.email for k, u in users.items()}
    w.texts = {k: (r.title, r.description) for k, r in [*needs.items(), *offers.items()]}
    w.refs["dimensions"] = ",".join(d.slug for d in dims)
    return w


def populate(app: Flask, session: Session) -> World:
    """Build the world, and each identity's session cookie.

    Accounts share one password hash and are signed in by writing Flask-Login's session keys,
    which spares sixteen scrypt runs per test; the pending account really tries the sign-in
    form, which must refuse it.
    """
    with patch("webapp.services.accounts.operations.hash_password", lambda _: _password_hash()):
        w = build_world(session)
    ids = {name: session.get(User, w.ids[f"user_{name}"]) for name in w.users}
    for identity in IDENTITIES:
        client = app.test_client()
        if identity == "pending":
            client.post("/auth/login", data={"email": w.users[identity], "password": PW})
            client.get("/auth/registered")  # shows, and so drops, the flashed refusal
        elif identity in w.users:
            with client.session_transaction() as s:
                s["_user_id"], s["_fresh"] = str(SessionId.new(ids[identity])), True
        cookie = client.get_cookie("session")
        w.cookies[identity] = cookie.value if cookie else None
    assert w.cookies["pending"] is None or "_user_id" not in _session_of(app, w.cookies["pending"])
    return w


@dataclass
class Prepared:
    """A world built once, in a template database the tests copy, and each identity's session."""

    world: World
    sessions: dict[str, dict[str, Any] | None]

    @classmethod
    def of(cls, app: Flask, world: World) -> Prepared:
        sessions = {k: _session_of(app, c) if c else None for k, c in world.cookies.items()}
        return cls(world, sessions)

    def for_app(self, app: Flask) -> World:
        """A copy of the world, its cookies signed for ``app`` (each app has its own key)."""
        world = copy.deepcopy(self.world)
        serializer = app.session_interface.get_signing_serializer(app)
        world.cookies = {
            k: serializer.dumps(_signed_in_now(s)) if s is not None else None
            for k, s in self.sessions.items()
        }
        with app.app_context():  # a reset link of State A's representative, signed for ``app``
            user = db.session.get(User, world.ids["user_state_a"])
            assert user is not None
            world.refs["reset_token_a"] = recovery.make_token(user, app.config["SECRET_KEY"])
            # the one-click unsubscribe link of State A's e-mail about proposals
            world.refs["unsubscribe_a"] = unsubscribe_token(user.id, "proposal_received")
        world.refs["reset_token_forged"] = "eyJ1IjoxfQ.forged.signature"
        world.refs["unsubscribe_forged"] = "WzEsInByb3Bvc2FsX3JlY2VpdmVkIl0.forged"
        return world


def _signed_in_now(session: dict[str, Any]) -> dict[str, Any]:
    """The session as if signed in just now (the world is built once; sessions run out)."""
    sid = SessionId.parse(session.get("_user_id"))
    if sid is None:
        return session
    now = int(time.time())
    return session | {"_user_id": str(dataclasses.replace(sid, signed_in=now, seen=now))}


@cache
def _password_hash() -> str:
    return generate_password_hash(PW)


def _session_of(app: Flask, cookie: str) -> dict[str, Any]:
    serializer = app.session_interface.get_signing_serializer(app)
    return dict(serializer.loads(cookie))


class Identities:
    """One test client per identity; ``as_(name)`` restores its sign-in before each request."""

    def __init__(self, app: Flask, world: World) -> None:
        self.app, self.world = app, world
        self.clients = {name: app.test_client() for name in IDENTITIES}

    def as_(self, identity: str) -> FlaskClient:
        client = self.clients[identity]
        client.delete_cookie("session")
        value = self.world.cookies[identity]
        if value:
            client.set_cookie("session", value)
        return client

    def new_reset_token(self) -> None:
        """A fresh reset link for State A's representative (the last one was used)."""
        with self.app.app_context():
            user = db.session.get(User, self.world.ids["user_state_a"])
            assert user is not None
            self.world.refs["reset_token_a"] = recovery.make_token(
                user, self.app.config["SECRET_KEY"]
            )
            db.session.remove()
        self.refresh("state_a")  # the reset signed its sessions out

    def refresh(self, identity: str) -> None:
        """Sign the identity in again (after a password change ended its sessions)."""
        with self.app.app_context():
            user = db.session.get(User, self.world.ids[f"user_{identity}"])
            assert user is not None
            session_id = str(SessionId.new(user))
            db.session.remove()
        client = self.app.test_client()
        with client.session_transaction() as s:
            s["_user_id"], s["_fresh"] = session_id, True
        cookie = client.get_cookie("session")
        self.world.cookies[identity] = cookie.value if cookie else None


class WriteWatch:
    """Notices every INSERT, UPDATE or DELETE sent to the database while it is attached."""

    DML = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def _seen(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.DML.match(statement):
            self.statements.append(statement.split("\n", 1)[0][:80])

    def __enter__(self) -> WriteWatch:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def take(self) -> list[str]:
        """The statements seen since the last call."""
        out, self.statements = self.statements, []
        return out


#: Reference data no view writes: counted, not read row by row, to keep the fingerprint cheap.
REFERENCE_TABLES = frozenset({"country_group", "dimension", "state", "support_type", "topic"})


def fingerprint(session: Session, *, full: bool = False) -> dict[str, str]:
    """A digest of every row of every table (what the current transaction sees).

    Reference tables are only counted, unless ``full``.
    """
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name in REFERENCE_TABLES and not full:
            out[table.name] = str(session.scalar(select(func.count()).select_from(table)))
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        rows = session.execute(select(table).order_by(*order)).all()
        out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    return out


def row_counts(session: Session) -> dict[str, int]:
    """How many rows each table holds."""
    return {
        t.name: int(session.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar_one())  # noqa: S608
        for t in Base.metadata.sorted_tables
    }

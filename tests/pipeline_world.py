"""Matches at every stage of the pipeline, reached through the real services (never committed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar
from unittest.mock import patch

from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from models import Match, MatchStatus, Need, Offer, Role, User, db
from tests.conftest import Databases, make_app
from tests.factories import make_need, make_offer, make_user
from webapp.services.proposals import operations as proposals
from webapp.services.proposals import pipeline

T = TypeVar("T")


def cheap_hash(password: str) -> str:
    """A fast hash for the ten accounts of a world (scrypt itself is tested in test_auth.py).

    Tests patch ``webapp.services.accounts.operations.generate_password_hash`` with it.
    """
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def drive(
    session: Session,
    need: Need,
    offer: Offer,
    to: MatchStatus,
    *,
    focal: User,
    state_rep: User,
    provider: User,
    outcome: str = "Twelve analysts trained; the CSIRT now triages malware in-house.",
) -> Match:
    """Propose the pair as the focal point and take it to ``to`` the way users would."""
    match = proposals.propose(session, need, offer, actor=focal, message="A good fit.")
    if to is MatchStatus.PROPOSED:
        return match
    if to is MatchStatus.DECLINED:
        return proposals.respond(session, match, actor=state_rep, accept=False, note="Not now.")
    proposals.respond(session, match, actor=state_rep, accept=True, note="")
    proposals.respond(session, match, actor=provider, accept=True, note="")
    if to is MatchStatus.ACCEPTED:
        return match
    if to is MatchStatus.WITHDRAWN:
        return pipeline.move(session, match, to, actor=focal, note="The funding fell through.")
    pipeline.move(session, match, MatchStatus.IN_PROGRESS, actor=state_rep, note="")
    if to is MatchStatus.COMPLETED:
        pipeline.move(session, match, to, actor=focal, note=outcome)
    return match


@dataclass
class World:
    """Six needs in six States, three offers of three provider types, and a match per status."""

    focal: User
    reps: dict[str, User] = field(default_factory=dict)  # by ISO3
    providers: dict[str, User] = field(default_factory=dict)  # by organisation name
    offers: list[Offer] = field(default_factory=list)
    matches: dict[MatchStatus, Match] = field(default_factory=dict)


#: status -> (State of the need, topic of the need, index of the offer)
PLAN = {
    MatchStatus.PROPOSED: ("FJI", "incident-response", 0),
    MatchStatus.ACCEPTED: ("SEN", "awareness", 1),
    MatchStatus.IN_PROGRESS: ("JAM", "incident-response", 2),
    MatchStatus.COMPLETED: ("KEN", "national-strategy", 0),
    MatchStatus.DECLINED: ("TON", "awareness", 1),
    MatchStatus.WITHDRAWN: ("VNM", "education", 2),
}


def build_world(session: Session) -> World:
    """Offers 0, 1, 2 come from a business, an academic and a State provider (in that order)."""
    world = World(make_user(session, role=Role.FOCAL_POINT, state_code=None,
                            email="focal@example.org"))  # fmt: skip
    for i in range(3):
        offer = make_offer(session, i=i, eligible=[], capacity=5, languages=["en"], modality="any")
        world.offers.append(offer)
        name = offer.organisation.name
        world.providers[name] = make_user(
            session, role=Role.PROVIDER, state_code=None, organisation=name,
            email=f"provider{i}@example.org",
        )  # fmt: skip
    for i, (status, (iso3, topic, o)) in enumerate(PLAN.items(), start=1):
        need = make_need(session, i=i, state=iso3, topics=[topic], languages=["en"],
                         modality="remote", start=None, end=None, confidential=False)  # fmt: skip
        rep = make_user(session, role=Role.STATE, state_code=iso3,
                        email=f"{iso3.lower()}@example.org")  # fmt: skip
        world.reps[iso3] = rep
        offer = world.offers[o]
        world.matches[status] = drive(
            session, need, offer, status, focal=world.focal, state_rep=rep,
            provider=world.providers[offer.organisation.name],
        )  # fmt: skip
    session.flush()
    return world


@dataclass(frozen=True)
class Prepared:
    """A world built once in a template database, by the ids of its records."""

    template: str
    focal: int
    reps: dict[str, int]
    providers: dict[str, int]
    offers: list[int]
    matches: dict[MatchStatus, int]

    def load(self, session: Session) -> World:
        """The world in the test's copy of the template, as ``build_world`` returned it."""

        def get(model: type[T], record_id: int) -> T:
            found = session.get(model, record_id)
            assert found is not None, (model, record_id)
            return found

        world = World(get(User, self.focal))
        world.reps = {k: get(User, v) for k, v in self.reps.items()}
        world.providers = {k: get(User, v) for k, v in self.providers.items()}
        world.offers = [get(Offer, i) for i in self.offers]
        world.matches = {k: get(Match, i) for k, i in self.matches.items()}
        return world


def prepare(databases: Databases, template: str = "pipeline-world") -> Prepared:
    """Build the world (accounts hashed with ``cheap_hash``) in a template the tests copy."""
    made: list[Prepared] = []

    def fill(url: str) -> None:
        app = make_app(url)
        with app.app_context():
            with patch("webapp.services.accounts.operations.generate_password_hash", cheap_hash):
                w = build_world(db.session)
            db.session.commit()
            made.append(
                Prepared(
                    template,
                    focal=w.focal.id,
                    reps={k: u.id for k, u in w.reps.items()},
                    providers={k: u.id for k, u in w.providers.items()},
                    offers=[o.id for o in w.offers],
                    matches={k: m.id for k, m in w.matches.items()},
                )
            )
            db.session.remove()
            db.engine.dispose()

    databases.prepare(template, fill)
    return made[0]

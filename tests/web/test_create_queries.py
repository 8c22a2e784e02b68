"""Creating a need, an offer or an event validates the input once and reads the reference data
(every State, M49 area, group, topic and support type) once.

The offer form used to validate three times per save (the duplicate check, ``create_offer`` and
the importer's ``save_records``), each time reading the reference data again, and the event form
twice (the view's check and ``create_event``). Counts are per POST request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event

from models import Organisation, Role, Survey, SurveyStatus, db
from models.organisation import ProviderType
from tests.factories import make_user, state
from tests.record_forms import event_form, need_form, offer_form
from webapp.services.calendar import events as event_service
from webapp.services.interchange import validation
from webapp.services.interchange.records import Reference

PW = "correct horse battery"

NEED = need_form()
OFFER = offer_form()
EVENT = event_form(eligible_groups=["SIDS"])


@dataclass
class Tally:
    statements: list[str] = field(default_factory=list)
    reference_loads: int = 0
    validations: int = 0


@contextmanager
def tally(monkeypatch: pytest.MonkeyPatch) -> Iterator[Tally]:
    """Count SQL statements, reference loads and record validations (need, offer or event)."""
    out = Tally()
    load = Reference.load.__func__  # type: ignore[attr-defined]
    checker_init = validation._Checker.__init__
    check_event = event_service.check_event

    def counted_load(cls, session):
        out.reference_loads += 1
        return load(cls, session)

    def counted_checker(self, *args, **kwargs):
        out.validations += 1
        checker_init(self, *args, **kwargs)

    def counted_check_event(*args, **kwargs):
        out.validations += 1
        return check_event(*args, **kwargs)

    def record(conn, cursor, statement, *args) -> None:
        out.statements.append(statement)

    with monkeypatch.context() as m:
        m.setattr(Reference, "load", classmethod(counted_load))
        m.setattr(validation._Checker, "__init__", counted_checker)
        m.setattr(event_service, "check_event", counted_check_event)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield out
        finally:
            event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def clients(app, session):
    session.add(Organisation(name="Harbour Security", type=ProviderType.BUSINESS))
    session.flush()
    rep = make_user(session, role=Role.STATE, email="rep@example.org")
    provider = make_user(session, role=Role.PROVIDER, organisation="Harbour Security",
                         email="provider@example.org")  # fmt: skip
    session.add(Survey(state=state(session, "SEN"), status=SurveyStatus.DRAFT,
                       created_by_id=rep.id))  # fmt: skip
    session.commit()
    out = {}
    for who, user in (("rep", rep), ("provider", provider)):
        out[who] = app.test_client()
        login = out[who].post("/auth/login", data={"email": user.email, "password": PW})
        assert login.status_code == 302
    return out


#: Statements per POST at most. Before: need 25, offer 42 (the reference read three times),
#: event 27 (twice, and the event's organisation looked up twice). The record is now inserted
#: in a savepoint (SAVEPOINT and RELEASE; webapp/services/refs.py), on SQLite after a BEGIN
#: IMMEDIATE (one statement fewer on PostgreSQL); the need's "is the ref taken?" query is gone.
BUDGET = {"need": 27, "offer": 37, "event": 25}

CASES = {
    # kind: (who, url, form)
    "need": ("rep", "/survey/needs/new", NEED),
    "offer": ("provider", "/offers/new", OFFER),
    "event": ("provider", "/calendar/events/new", EVENT),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_a_create_validates_once(clients, monkeypatch, kind):
    who, url, form = CASES[kind]
    with tally(monkeypatch) as seen:
        response = clients[who].post(url, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert (seen.reference_loads, seen.validations) == (1, 1)
    assert len(seen.statements) <= BUDGET[kind], "\n".join(seen.statements)

"""Needs, offers and events created at the same moment get distinct refs, and never a 500.

Two worker threads post the same forms, round after round. Each request pushes its own app
context, so each has its own session and connection, as two server threads would. A rendezvous
holds each thread just *after* it has read the highest ref of a kind (the query that numbers a new
record), until the other thread has read it too: both threads then number their record from the
same highest ref before either writes, whatever the database. That is the race the allocator
(webapp/services/refs.py) has to survive: on PostgreSQL the second insert waits for the first
transaction and then breaks the unique constraint; on SQLite the second writer waits for the write
lock and then breaks it. Without the allocator the loser's request ended in a 500 (an
IntegrityError): 9 of the 18 posts, on either database. With it, the loser takes the next free
ref in a savepoint and its request goes on; the test checks that the race did happen for each
kind (the rendezvous met, and the allocator logged a retry).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import event, select

from models import Event, Need, Offer, Organisation, Role, Survey, SurveyStatus, db
from models.organisation import ProviderType
from tests import record_forms
from tests.factories import make_user, state

PW = "correct horse battery"
YEAR = date.today().year
ROUNDS = 3
#: The query that reads the refs a new record is numbered from (``SELECT need.ref FROM need ...``).
REF_READ = re.compile(r"\s*SELECT (need|offer|event)\.ref\s+FROM", re.IGNORECASE)
KINDS = ("need", "offer", "event")


class Rendezvous:
    """Holds each worker thread after the first ref read of a request until the other thread has
    made its own.

    Only the first: that read comes before the request writes anything. A later one (a retry's,
    after a refused insert) may run while SQLite's write lock is held, and waiting there for a
    thread that waits for the lock would only end with the busy timeout. Both threads post the
    same kinds in the same order, so each rendezvous pairs two requests of the same kind.
    """

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2, timeout=30)
        self.workers = threading.local()
        self.met: Counter[str] = Counter()

    def request(self) -> None:
        """Called by a worker before each request."""
        self.workers.waited = False

    def after_execute(self, conn, cursor, statement, parameters, context, executemany) -> None:
        found = REF_READ.match(statement)
        if found is None or not getattr(self.workers, "on", False) or self.workers.waited:
            return
        self.workers.waited = True
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            return  # the other thread is done: go on alone
        self.met[found.group(1)] += 1

    def done(self) -> None:
        """Let the other thread run alone from now on (it has no partner left)."""
        self.barrier.abort()


def sign_in(app, user):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": PW})
    assert response.status_code == 302
    return client


def need_form(tag: str) -> dict[str, object]:
    return record_forms.need_form(tag, not_duplicate="y")


def offer_form(tag: str) -> dict[str, object]:
    return record_forms.offer_form(tag, not_duplicate="y")


POSTS = {
    "need": ("rep", "/survey/needs/new", need_form),
    "offer": ("provider", "/offers/new", offer_form),
    "event": ("provider", "/calendar/events/new", record_forms.event_form),
}


@pytest.fixture
def clients(app, session):
    """Per worker: a signed-in representative of Senegal and a provider of one organisation."""
    session.add(Organisation(name="Harbour Security", type=ProviderType.BUSINESS))
    session.flush()
    out = []
    for i in range(2):
        rep = make_user(session, role=Role.STATE, email=f"rep{i}@example.org")
        provider = make_user(session, role=Role.PROVIDER, organisation="Harbour Security",
                             email=f"provider{i}@example.org")  # fmt: skip
        out.append((rep, provider))
    # Senegal's survey exists already: two first needs racing to start it is another matter.
    session.add(Survey(state=state(session, "SEN"), status=SurveyStatus.DRAFT,
                       created_by_id=out[0][0].id))  # fmt: skip
    session.commit()
    return [{"rep": sign_in(app, rep), "provider": sign_in(app, prov)} for rep, prov in out]


def test_simultaneous_creates_get_distinct_refs(app, session, clients, caplog):
    caplog.set_level(logging.INFO, logger="webapp.services.refs")
    rendezvous = Rendezvous()
    start = threading.Barrier(2, timeout=30)
    results: list[tuple[str, int, str]] = []  # (kind, status, Location)
    failures: list[str] = []

    def work(n: int) -> None:
        rendezvous.workers.on = True
        try:
            start.wait()
            for r in range(ROUNDS):
                for kind in KINDS:
                    who, url, form = POSTS[kind]
                    rendezvous.request()
                    try:
                        response = clients[n][who].post(url, data=form(f"{n}.{r}"))
                    except Exception as exc:  # an error the app did not turn into a 500 page
                        failures.append(f"{kind} {n}.{r}: {exc!r}"[:300])
                        continue
                    results.append((kind, response.status_code, response.headers.get("Location")))
        finally:
            rendezvous.done()

    with app.app_context():
        event.listen(db.engine, "after_cursor_execute", rendezvous.after_execute)
    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not any(t.is_alive() for t in threads), "a worker is stuck"
    finally:
        with app.app_context():
            event.remove(db.engine, "after_cursor_execute", rendezvous.after_execute)

    assert failures == []
    assert [(k, s) for k, s, _ in results if s != 302] == []
    # Both threads read the highest ref of each kind before either wrote, at least once...
    assert set(rendezvous.met) == set(KINDS), rendezvous.met
    # ... so the second insert did break the unique constraint, and took the next ref instead.
    retried = {r.args[0] for r in caplog.records if r.name == "webapp.services.refs"}
    assert retried == set(KINDS)

    session.expire_all()
    stored = {
        "need": sorted(session.scalars(select(Need.ref))),
        "offer": sorted(session.scalars(select(Offer.ref))),
        "event": sorted(session.scalars(select(Event.ref))),
    }
    assert stored == {
        "need": [f"N-{YEAR}-{i:03d}" for i in range(1, 2 * ROUNDS + 1)],
        "offer": [f"O-{YEAR}-{i:03d}" for i in range(1, 2 * ROUNDS + 1)],
        "event": [f"E-{YEAR}-{i:03d}" for i in range(1, 2 * ROUNDS + 1)],
    }
    shown = sorted(re.split(r"[/#]", loc)[-1] for _, _, loc in results)
    assert shown == sorted(ref for refs in stored.values() for ref in refs)

"""Two people editing the same need, offer or match: the second save is refused, the first stays.

Runs on SQLite and, with CBMATCH_TEST_POSTGRES_URL set, on PostgreSQL (see tests/conftest.py).
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import AuditEntry, Match, MatchStatus, Need, Offer, Organisation, Role, db
from models.organisation import ProviderType
from tests import record_forms
from tests.factories import make_need, make_offer, make_user
from webapp.services.concurrency import StaleEdit
from webapp.services.interchange.export import need_to_data
from webapp.services.needs import operations as need_service

PW = "correct horse battery"
STALE = re.compile(
    r"This (need|offer|match) was changed by ([^<]+?) at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC "
    r"since you opened it; your changes were not saved\."
)


def sign_in(app, email):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302
    return client


def hidden(page: str, name: str = "version") -> str:
    """The value of a hidden input of the page."""
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    assert found, f"no hidden {name} in the page"
    return found.group(1)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def need_form(version: str, **overrides):
    return record_forms.need_form(
        **{"description": "Six analysts and no malware lab.", "version": version, **overrides}
    )


# --- needs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["²", "\u0661", "abc", "9" * 5000])
def test_a_version_that_is_not_a_number_saves_without_the_check(session, two_reps, version):
    """A garbled hidden version (superscript "²" gave a 500) is treated as none was sent."""
    ref, ana, _, _ = two_reps
    saved = ana.post(f"/survey/needs/{ref}/edit", data=need_form(version, title="Garbled"))
    assert saved.status_code == 302
    session.expire_all()
    assert session.scalars(select(Need).where(Need.ref == ref)).one().title == "Garbled"


@pytest.fixture
def two_reps(app, session):
    """Two representatives of Senegal, each signed in on their own client, and a need."""
    ana = make_user(session, email="ana@senegal.example", name="Ana Diop")
    make_user(session, email="ibou@senegal.example", name="Ibou Fall")
    need = make_need(session, i=1, state="SEN", title="Original title")
    session.commit()
    return need.ref, sign_in(app, "ana@senegal.example"), sign_in(app, "ibou@senegal.example"), ana


def test_second_save_of_a_need_is_refused_and_the_first_text_kept(session, two_reps):
    ref, ana, ibou, _ = two_reps
    url = f"/survey/needs/{ref}/edit"
    v_ana = hidden(ana.get(url).get_data(as_text=True))
    v_ibou = hidden(ibou.get(url).get_data(as_text=True))
    assert v_ana == v_ibou

    first = ana.post(url, data=need_form(v_ana, title="Ana's title", description="Ana's text."))
    assert first.status_code == 302
    second = ibou.post(url, data=need_form(v_ibou, title="Ibou's title", description="Ibou's."))

    assert second.status_code == 409
    page = text(second)
    message = STALE.search(page)
    assert message
    assert message.groups() == ("need", "Ana Diop")
    assert "Here is the need as it is saved now" in page
    assert "Ana's text." in page  # the current text, shown above the form
    assert 'value="Ibou\'s title"' in page  # Ibou's input is kept in the form
    session.expire_all()
    need = session.scalars(select(Need).where(Need.ref == ref)).one()
    assert (need.title, need.description) == ("Ana's title", "Ana's text.")

    # Having seen Ana's text, Ibou saves again on purpose: the form now carries the new version.
    again = ibou.post(url, data=need_form(hidden(page), title="Ibou's title"))
    assert again.status_code == 302
    session.expire_all()
    assert session.get(Need, need.id).title == "Ibou's title"


def test_a_change_of_topics_alone_still_refuses_the_other_save(session, two_reps):
    """Topics are a list beside the need's row; changing only them must move the version too."""
    ref, ana, ibou, _ = two_reps
    url = f"/survey/needs/{ref}/edit"
    assert (
        ana.post(url, data=need_form(hidden(ana.get(url).get_data(as_text=True)))).status_code
        == 302
    )
    v_ana = hidden(ana.get(url).get_data(as_text=True))
    v_ibou = hidden(ibou.get(url).get_data(as_text=True))

    topics = ["incident-response", "awareness"]
    assert ana.post(url, data=need_form(v_ana, topics=topics)).status_code == 302
    assert ibou.post(url, data=need_form(v_ibou, title="Ibou's title")).status_code == 409
    session.expire_all()
    need = session.scalars(select(Need).where(Need.ref == ref)).one()
    assert sorted(t.slug for t in need.topics) == sorted(topics)
    assert need.version == int(v_ana) + 1


def test_a_refused_save_writes_nothing_to_the_audit_log(session, two_reps):
    ref, ana, ibou, _ = two_reps
    url = f"/survey/needs/{ref}/edit"
    version = hidden(ana.get(url).get_data(as_text=True))
    ana.post(url, data=need_form(version, title="Ana's title"))
    before = session.scalars(select(AuditEntry).where(AuditEntry.entity == "need")).all()
    assert ibou.post(url, data=need_form(version, title="Ibou's title")).status_code == 409
    session.expire_all()
    after = session.scalars(select(AuditEntry).where(AuditEntry.entity == "need")).all()
    assert len(after) == len(before)
    assert all("Ibou's title" not in str(e.after) for e in after)


def test_a_change_of_topics_alone_moves_the_version(session):
    rep = make_user(session)
    need = make_need(session, i=1, state="SEN")
    session.commit()
    need_service.update_need(
        session, need, replace(need_to_data(need), topics=("awareness",)), actor=rep
    )
    session.commit()
    assert need.version == 2


# --- offers ----------------------------------------------------------------------------------


def offer_form(version: str, **overrides):
    data = {
        "title": "Incident-handling course",
        "description": "A two-week course on incident handling.",
        "topics": ["incident-response"],
        "support_types": ["training"],
        "languages": "English",
        "modality": "hybrid",
        "capacity": "3",
        "action": "save",
        "version": version,
    }
    data.update(overrides)
    return data


def test_second_save_of_an_offer_is_refused_and_the_first_text_kept(app, session):
    org = Organisation(name="Pacific Cyber Collective", type=ProviderType.NGO)
    session.add(org)
    session.flush()
    offer = make_offer(session, i=1)
    offer.organisation = org
    make_user(session, role=Role.PROVIDER, organisation=org.name, email="a@pcc.example",
              name="Losa Tui")  # fmt: skip
    make_user(session, role=Role.PROVIDER, organisation=org.name, email="b@pcc.example")
    session.commit()
    first_client, second_client = sign_in(app, "a@pcc.example"), sign_in(app, "b@pcc.example")
    url = f"/offers/{offer.ref}/edit"
    v1 = hidden(first_client.get(url).get_data(as_text=True))
    v2 = hidden(second_client.get(url).get_data(as_text=True))

    assert first_client.post(url, data=offer_form(v1, title="Losa's course")).status_code == 302
    refused = second_client.post(url, data=offer_form(v2, title="Second course", capacity="5"))

    assert refused.status_code == 409
    page = text(refused)
    assert STALE.search(page).groups() == ("offer", "Losa Tui")
    assert "Losa's course" in page
    assert 'value="Second course"' in page
    session.expire_all()
    stored = session.get(Offer, offer.id)
    assert (stored.title, stored.capacity) == ("Losa's course", 3)


# --- matches ---------------------------------------------------------------------------------


@pytest.fixture
def proposal(app, session):
    """A proposal of a Senegalese need and an offer, waiting for both sides' answers."""
    need = make_need(session, i=1, state="SEN", languages=["en"], modality="any",
                     start=None, end=None)  # fmt: skip
    offer = make_offer(session, i=1, eligible=[], capacity=3, languages=["en"])
    make_user(session, email="ana@senegal.example", name="Ana Diop")
    make_user(session, email="ibou@senegal.example", name="Ibou Fall")
    make_user(session, role=Role.PROVIDER, organisation=offer.organisation.name,
              email="p@provider.example")  # fmt: skip
    match = Match(need=need, offer=offer, status=MatchStatus.PROPOSED)
    session.add(match)
    session.commit()
    return match.id


def answer(client, match_id, version, decision="accept", note=""):
    return client.post(
        f"/matches/{match_id}",
        data={"decision": decision, "note": note, "version": version},
    )


def test_two_answers_for_the_same_side_the_second_is_refused(app, session, proposal):
    ana, ibou = sign_in(app, "ana@senegal.example"), sign_in(app, "ibou@senegal.example")
    v_ana = hidden(ana.get(f"/matches/{proposal}").get_data(as_text=True))
    v_ibou = hidden(ibou.get(f"/matches/{proposal}").get_data(as_text=True))

    assert answer(ana, proposal, v_ana).status_code == 302
    refused = answer(ibou, proposal, v_ibou, "decline", "Not for us.")

    assert refused.status_code == 409
    assert STALE.search(text(refused)).groups() == ("match", "Ana Diop")
    session.expire_all()
    match = session.get(Match, proposal)
    assert match.state_response.value == "accepted"
    assert [e.note for e in match.events] == ["The State accepted."]


def test_the_other_sides_answer_meanwhile_does_not_block_an_answer(app, session, proposal):
    ana, provider = sign_in(app, "ana@senegal.example"), sign_in(app, "p@provider.example")
    v_ana = hidden(ana.get(f"/matches/{proposal}").get_data(as_text=True))
    v_provider = hidden(provider.get(f"/matches/{proposal}").get_data(as_text=True))

    assert answer(ana, proposal, v_ana).status_code == 302
    assert answer(provider, proposal, v_provider).status_code == 302

    session.expire_all()
    assert session.get(Match, proposal).status is MatchStatus.ACCEPTED


def test_focal_points_acting_on_one_suggestion_the_second_is_refused(app, session):
    need = make_need(session, i=1, state="SEN", languages=["en"], modality="any")
    offer = make_offer(session, i=1, eligible=[], languages=["en"])
    match = Match(need=need, offer=offer, status=MatchStatus.SUGGESTED, score=0.5)
    session.add(match)
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="f1@example.org",
              name="First Focal")  # fmt: skip
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="f2@example.org")
    session.commit()
    f1, f2 = sign_in(app, "f1@example.org"), sign_in(app, "f2@example.org")
    v1 = hidden(f1.get("/console/queue").get_data(as_text=True), f"p{match.id}-version")
    v2 = hidden(f2.get("/console/queue").get_data(as_text=True), f"d{match.id}-version")

    proposed = f1.post(f"/console/matches/{match.id}/propose",
                       data={f"p{match.id}-message": "Go", f"p{match.id}-version": v1})  # fmt: skip
    assert proposed.status_code == 302
    refused = f2.post(
        f"/console/matches/{match.id}/dismiss",
        data={f"d{match.id}-reason": "Out of scope", f"d{match.id}-version": v2,
              "back": "/console/queue?priority=high"},
    )  # fmt: skip

    assert refused.status_code == 409
    page = text(refused)
    assert STALE.search(page).groups() == ("match", "First Focal")
    assert "It is proposed now, so it has left the queue." in page
    session.expire_all()
    assert session.get(Match, match.id).status is MatchStatus.PROPOSED


def test_a_refreshed_suggestion_keeps_the_refused_reason_in_the_open_form(app, session):
    need = make_need(session, i=1, state="SEN", languages=["en"], modality="any")
    offer = make_offer(session, i=1, eligible=[], languages=["en"])
    match = Match(need=need, offer=offer, status=MatchStatus.SUGGESTED, score=0.5)
    session.add(match)
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="f1@example.org")
    session.commit()
    focal = sign_in(app, "f1@example.org")
    version = hidden(focal.get("/console/queue").get_data(as_text=True), f"d{match.id}-version")
    match.score = 0.75  # the matcher ran again meanwhile
    session.commit()

    form = {f"d{match.id}-reason": "Too far", f"d{match.id}-version": version}
    refused = focal.post(f"/console/matches/{match.id}/dismiss", data=form)

    assert refused.status_code == 409
    page = text(refused)
    assert "It is shown below as it is now, with what you typed." in page
    assert re.search(r"<details open>\s*<summary>Dismiss</summary>", page)
    assert "Too far</textarea>" in page
    assert "0.75" in page
    session.expire_all()
    assert session.get(Match, match.id).status is MatchStatus.SUGGESTED


# --- the database's own refusal ----------------------------------------------------------------


def test_the_same_person_in_two_tabs_is_told_so(app, session):
    make_user(session, email="ana@senegal.example", name="Ana Diop")
    ref = make_need(session, i=1, state="SEN").ref
    session.commit()
    tab1, tab2 = sign_in(app, "ana@senegal.example"), sign_in(app, "ana@senegal.example")
    url = f"/survey/needs/{ref}/edit"
    version = hidden(tab1.get(url).get_data(as_text=True))
    assert tab1.post(url, data=need_form(version, title="From tab one")).status_code == 302
    refused = tab2.post(url, data=need_form(version, title="From tab two"))
    assert refused.status_code == 409
    assert STALE.search(text(refused)).group(2) == "you, in another window or tab"


def test_two_transactions_racing_on_one_need_the_second_update_is_refused(app, session):
    """Both read version 1; the first writes and holds its lock; the second's UPDATE waits for it,
    then finds version 2 and matches no row (StaleDataError): the first's text stays."""
    need_id = make_need(session, i=1, title="Original").id
    session.commit()
    engine = db.engine
    first, second = Session(engine), Session(engine)
    mine, theirs = first.get(Need, need_id), second.get(Need, need_id)
    assert mine.version == theirs.version == 1
    outcome: dict[str, object] = {}

    def race() -> None:
        theirs.title = "Second"
        try:
            second.commit()
        except StaleDataError as exc:
            second.rollback()
            outcome["refused"] = exc
        else:
            outcome["saved"] = True

    mine.title = "First"
    first.flush()  # the first UPDATE is written and its lock held until commit
    racer = threading.Thread(target=race)
    racer.start()
    racer.join(timeout=0.5)
    assert racer.is_alive()  # the second UPDATE waits for the first's lock
    first.commit()
    racer.join(timeout=30)

    assert not racer.is_alive()
    assert isinstance(outcome.get("refused"), StaleDataError)
    first.close()
    second.close()
    session.expire_all()
    stored = session.get(Need, need_id)
    assert (stored.title, stored.version) == ("First", 2)


def test_the_service_turns_a_lost_race_into_the_same_refusal(session):
    rep = make_user(session, name="Ibou Fall")
    ana = make_user(session, name="Ana Diop")
    need = make_need(session, i=1, state="SEN")
    session.commit()
    data = replace(need_to_data(need), title="Lost the race")  # read at version 1, as a view does
    other = Session(db.engine)
    theirs = other.get(Need, need.id)
    theirs.title, theirs.updated_by_id = "Committed first", ana.id
    other.commit()
    other.close()

    with pytest.raises(StaleEdit) as refused:  # past the form check (no version given)
        need_service.update_need(session, need, data, actor=rep)

    assert refused.value.who == "Ana Diop"
    assert refused.value.current_version == 2
    session.expire_all()
    assert session.get(Need, need.id).title == "Committed first"

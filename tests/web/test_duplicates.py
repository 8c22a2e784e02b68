"""Duplicate warnings: the threshold on demo data, the offer and need forms, and the dashboard.

In that order: the threshold, the offer form, the need form, the dashboard's pairs.
"""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from models import Need, NeedStatus, Offer, OfferStatus, Organisation, Role
from models.organisation import ProviderType
from tests.factories import make_need, make_offer, make_user, state
from webapp.services.dashboard import duplicate_pairs
from webapp.services.matching import duplicates
from webapp.services.setup import load_demo

PW = "correct horse battery"
OTHER_TEXT = "Help to draft a cybercrime bill in line with the Budapest Convention, twice reviewed."
COURSE = (
    "Incident-handling course for island CSIRTs",
    "A two-week course on incident handling for national CSIRT staff: triage, coordination "
    "with sector teams, malware first response and reporting to the regulator.",
)


def login(client, email):
    assert client.post("/auth/login", data={"email": email, "password": PW}).status_code == 302


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def resubmitted(title: str, description: str, k: int) -> tuple[str, str]:
    """A copy as someone posting the same thing again writes it: the title reworded, the k-th
    sentence of the description dropped (when there are three or more) and one sentence added."""
    sentences = _sentences(description)
    if len(sentences) >= 3:
        sentences.pop(k % len(sentences))
    sentences.append("Contact us for details about dates and costs.")
    return f"New: {title.lower()}", " ".join(sentences)


@pytest.fixture
def demo(session):
    load_demo(session)
    session.commit()


def test_no_two_demo_records_are_duplicates_but_every_resubmitted_copy_is(session, demo):
    """Why the threshold is 0.55: no two of the demo's offers or needs score above 0.42,
    whatever their regions, windows or States, while a resubmitted copy of each scores 0.68 or
    more. The threshold sits halfway, so rewording more than this test does still warns, and
    two genuinely different records on the same topic do not."""
    for model in (Offer, Need):
        records = list(session.scalars(select(model)))
        x = duplicates.vectorise([duplicates._text(r.title, r.description) for r in records])
        sims = (x @ x.T).toarray()
        sims[range(len(records)), range(len(records))] = 0
        assert sims.max() < 0.42 < duplicates.THRESHOLD
    assert duplicate_pairs.offer_pairs(session) == duplicate_pairs.Pairs([], 0)
    assert duplicate_pairs.need_pairs(session) == duplicate_pairs.Pairs([], 0)

    for k, offer in enumerate(session.scalars(select(Offer))):
        title, description = resubmitted(offer.title, offer.description, k)
        found = duplicates.similar_offers(
            session, title=title, description=description, eligible=offer.eligible,
            start=offer.start, end=offer.end,
        )  # fmt: skip
        assert [s.ref for s in found][:1] == [offer.ref]
        assert found[0].score >= 0.68 > duplicates.THRESHOLD
    # a closed need (the demo's served ones) is no one's duplicate: it is not compared
    for k, need in enumerate(session.scalars(select(Need).where(Need.status == NeedStatus.OPEN))):
        title, description = resubmitted(need.title, need.description, k)
        found = duplicates.similar_needs(
            session, state_id=need.state_id, title=title, description=description
        )
        assert [s.ref for s in found][:1] == [need.ref]
        assert found[0].score >= 0.68


def test_the_edited_record_itself_is_not_its_own_duplicate(session, demo):
    offer = session.scalars(select(Offer).order_by(Offer.id)).first()
    found = duplicates.similar_offers(
        session, title=offer.title, description=offer.description, eligible=offer.eligible,
        start=offer.start, end=offer.end, exclude_id=offer.id,
    )  # fmt: skip
    assert offer.ref not in [s.ref for s in found]


@pytest.fixture
def provider(session):
    org = Organisation(name="Pacific Cyber Collective", type=ProviderType.NGO,
                       country=state(session, "FJI"))  # fmt: skip
    session.add(org)
    session.flush()
    user = make_user(session, role=Role.PROVIDER, organisation=org.name,
                     email="pcc@example.org")  # fmt: skip
    session.commit()
    return user


@pytest.fixture
def existing(session):
    """An open offer of another provider: the course, for Oceania, in 2027's first half."""
    offer = make_offer(session, i=1, ref="O-COURSE", title=COURSE[0], description=COURSE[1],
                       eligible=["Oceania"], start="2027-01-01", end="2027-06-30")  # fmt: skip
    session.commit()
    return offer


@pytest.fixture
def as_provider(app, provider):
    client = app.test_client()
    login(client, provider.email)
    return client


def offer_form(**overrides):
    data = {
        "title": "Incident handling course for CSIRTs of the islands",
        "description": COURSE[1] + " Places are limited.",
        "topics": ["incident-response"],
        "support_types": ["training"],
        "languages": "en",
        "modality": "hybrid",
        "start": "2027-03-01",
        "end": "2027-09-30",
        "capacity": "2",
        "eligible_groups": ["SIDS"],
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_close_offer_for_the_same_region_and_window_is_held_with_a_warning(
    as_provider, session, existing
):
    before = count(session, Offer)
    resp = as_provider.post("/offers/new", data=offer_form())
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "This offer looks like one that is already open" in page
    assert 'href="/offers/O-COURSE"' in page
    assert "Open Cyber Academy" in page  # whose offer it is
    assert 'name="not_duplicate"' in page
    assert 'value="Incident handling course for CSIRTs of the islands"' in page  # input kept
    assert count(session, Offer) == before  # nothing written

    saved = as_provider.post("/offers/new", data=offer_form(not_duplicate="y"))
    assert saved.status_code == 302
    assert count(session, Offer) == before + 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"eligible_groups": None, "eligible_regions": ["Africa"]},  # another region
        {"start": "2027-07-01", "end": "2027-12-31"},  # windows do not overlap
        {
            "title": "Legal drafting clinic",
            "description": "Help to draft a cybercrime bill "
            "in line with the Budapest Convention, with two review rounds.",
        },
    ],
    ids=["other-region", "later-window", "other-text"],
)
def test_no_warning_for_another_region_window_or_text(as_provider, session, existing, overrides):
    before = count(session, Offer)
    resp = as_provider.post("/offers/new", data=offer_form(**overrides))
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    assert count(session, Offer) == before + 1


def test_a_closed_offer_is_no_duplicate(as_provider, session, existing):
    existing.status = OfferStatus.CLOSED
    session.commit()
    assert as_provider.post("/offers/new", data=offer_form()).status_code == 302


def test_saving_an_offer_unchanged_does_not_warn_about_itself(as_provider, session, existing):
    ref = as_provider.post("/offers/new", data=offer_form(not_duplicate="y")).headers["Location"]
    ref = ref.rsplit("/", 1)[1]
    resp = as_provider.post(f"/offers/{ref}/edit", data=offer_form(capacity="3"))
    assert resp.status_code == 422  # the other provider's course is still close
    page = resp.get_data(as_text=True)
    assert f'data-similar="{ref}"' not in page
    assert 'data-similar="O-COURSE"' in page
    assert as_provider.post(f"/offers/{ref}/edit", data=offer_form(
        capacity="3", not_duplicate="y")).status_code == 302  # fmt: skip


def test_counting_states_does_not_check_for_duplicates(as_provider, existing):
    page = as_provider.post("/offers/new", data=offer_form(action="preview")).get_data(as_text=True)
    assert "looks like" not in page


NEED = (
    "Malware analysis for the national CERT",
    "Six analysts, no malware lab; samples go abroad and come back weeks later. We need a lab "
    "and training for the analysts.",
)


def need_form(**overrides):
    data = {
        "title": "Malware lab for the national CERT",
        "description": NEED[1] + " Start as soon as possible.",
        "topics": ["incident-response"],
        "support_types": ["training"],
        "languages": ["en"],
        "other_languages": "",
        "modality": "hybrid",
        "start": "",
        "end": "",
        "priority": "high",
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def senegal(session):
    need = make_need(session, i=1, ref="N-SEN-OLD", state="SEN", title=NEED[0],
                     description=NEED[1])  # fmt: skip
    make_user(session, role=Role.STATE, state_code="SEN", email="sen@example.org")
    make_user(session, role=Role.STATE, state_code="FJI", email="fji@example.org")
    session.commit()
    return need


def test_a_close_need_of_the_same_state_is_held_and_save_anyway_works(app, session, senegal):
    client = app.test_client()
    login(client, "sen@example.org")
    before = count(session, Need)
    resp = client.post("/survey/needs/new", data=need_form())
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "This need looks like one that is already open" in page
    assert 'href="/needs/N-SEN-OLD"' in page
    assert count(session, Need) == before

    preview = client.post("/survey/needs/new", data=need_form(action="preview"))
    assert preview.status_code == 200
    assert "looks like one that is already open" in preview.get_data(as_text=True)

    saved = client.post("/survey/needs/new", data=need_form(not_duplicate="y"))
    assert saved.status_code == 302
    assert count(session, Need) == before + 1


def test_another_states_close_need_is_no_duplicate(app, session, senegal):
    client = app.test_client()
    login(client, "fji@example.org")
    resp = client.post("/survey/needs/new", data=need_form())
    assert resp.status_code == 302
    assert "looks like" not in client.get(resp.headers["Location"]).get_data(as_text=True)


def test_editing_a_need_does_not_warn_about_itself(app, session, senegal):
    client = app.test_client()
    login(client, "sen@example.org")
    resp = client.post(
        "/survey/needs/N-SEN-OLD/edit",
        data=need_form(title=NEED[0], description=NEED[1], priority="low"),
    )
    assert resp.status_code == 302


def test_the_dashboard_lists_duplicate_pairs_capped_with_a_count(app, session, senegal, existing):
    # Twelve close copies of the course, all for Oceania in an overlapping window: 78 pairs.
    for i in range(12):
        make_offer(session, i=10 + i, ref=f"O-COPY-{i:02d}", title=f"{COURSE[0]} ({i})",
                   description=COURSE[1] + f" Session {i}.", eligible=["Oceania"],
                   start="2027-02-01", end="2027-03-31")  # fmt: skip
    # A far copy for Africa only, and a close need of another State: no pair.
    make_offer(session, i=30, ref="O-AFRICA", title=COURSE[0], description=COURSE[1],
               eligible=["Africa"])  # fmt: skip
    make_need(session, i=2, ref="N-FJI-SAME", state="FJI", title=NEED[0], description=NEED[1])
    make_need(session, i=3, ref="N-SEN-COPY", state="SEN", title=NEED[0] + " (copy)",
              description=NEED[1])  # fmt: skip
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org")
    session.commit()
    client = app.test_client()
    login(client, "focal@example.org")
    page = client.get("/dashboard/").get_data(as_text=True)
    offers_part = page[page.index('id="offer-duplicates"') : page.index('id="need-duplicates"')]
    needs_part = page[page.index('id="need-duplicates"') :]
    assert "The 10 closest of 78 pairs:" in offers_part
    assert offers_part.count('class="card"') == 10
    assert "O-AFRICA" not in offers_part
    assert "N-SEN-OLD" in needs_part
    assert "N-SEN-COPY" in needs_part
    assert "N-FJI-SAME" not in needs_part
    assert "1 pair:" in needs_part


def _offers_part(client) -> str:
    """The dashboard's possible duplicate offers, as a freshly loaded page shows them."""
    page = client.get("/dashboard/").get_data(as_text=True)
    return page[page.index('id="offer-duplicates"') : page.index('id="need-duplicates"')]


def _offer_count_line(client) -> str:
    """The offers' pair count as the dashboard says it ("" while they are being looked for)."""
    part = _offers_part(client)
    if "data-pair-count>" not in part:
        return ""
    return part.split("data-pair-count>", 1)[1].split("<", 1)[0]


def _wait_for_count(client, line: str) -> None:
    """Load the dashboard until the background thread's count shows (within 10 s)."""
    for _ in range(100):
        if _offer_count_line(client) == line:
            return
        time.sleep(0.1)


def test_the_dashboard_follows_new_edited_and_closed_offers(app, session, existing) -> None:
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org")
    session.commit()
    client = app.test_client()
    login(client, "focal@example.org")
    assert _offer_count_line(client) == "No two open offers look alike."

    copy = make_offer(session, i=2, ref="O-COPY", title=COURSE[0] + " (again)",
                      description=COURSE[1], eligible=["Oceania"])  # fmt: skip
    session.commit()
    assert _offer_count_line(client) == "1 pair:"

    copy.description = "Legislative drafting help for a cybercrime law, with two reviews."
    session.commit()
    assert _offer_count_line(client) == "No two open offers look alike."

    copy.description = COURSE[1]
    session.commit()
    assert _offer_count_line(client) == "1 pair:"
    existing.status = existing.status.CLOSED
    session.commit()
    assert _offer_count_line(client) == "No two open offers look alike."


def test_after_a_change_the_last_pairs_show_at_once_while_they_are_checked_again(
    app, session, existing
) -> None:
    app.config["DUPLICATE_PAIRS_IN_BACKGROUND"] = True
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org")
    session.commit()
    client = app.test_client()
    login(client, "focal@example.org")
    assert _offer_count_line(client) == "No two open offers look alike."  # first load: computed

    make_offer(session, i=2, ref="O-COPY", title=COURSE[0] + " (again)", description=COURSE[1],
               eligible=["Oceania"])  # fmt: skip
    session.commit()
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "being checked again" in page
    assert "O-COPY" not in page
    _wait_for_count(client, "1 pair:")
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "O-COPY" in page
    assert "being checked again" not in page


def test_with_many_records_the_first_pairs_are_looked_for_without_holding_the_page(
    app, session, existing
) -> None:
    app.config["DUPLICATE_PAIRS_IN_BACKGROUND"] = True
    app.config["DUPLICATE_PAIRS_WAIT_FOR_AT_MOST"] = 1  # as if there were thousands of offers
    make_offer(session, i=2, ref="O-COPY", title=COURSE[0] + " (again)", description=COURSE[1],
               eligible=["Oceania"])  # fmt: skip
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org")
    session.commit()
    client = app.test_client()
    login(client, "focal@example.org")
    offers_part = _offers_part(client)
    assert "Looking for possible duplicates among the open offers" in offers_part
    assert "look alike" not in offers_part  # not "no duplicates": not known yet
    _wait_for_count(client, "1 pair:")
    page = client.get("/dashboard/").get_data(as_text=True)
    assert "O-COPY" in page
    assert "Looking for possible duplicates" not in page

"""Offers on the web: the form (validated as the importer validates), edit, close, My offers."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from models import Match, MatchStatus, Offer, OfferStatus, Role
from tests.factories import make_need, make_offer, make_user
from webapp.services.offers import operations as offer_service

PASSWORD = "correct horse battery"


def sign_in(app, user):
    client = app.test_client()
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    return client


@pytest.fixture
def as_provider(app, provider):
    return sign_in(app, provider)


def form_data(**overrides):
    data = {
        "title": "Incident-handling course for island CSIRTs",
        "description": "A two-week course on incident handling for national CSIRT staff.",
        "topics": ["incident-response"],
        "support_types": ["training"],
        "languages": "English, fr",
        "modality": "hybrid",
        "start": "2027-02-01",
        "end": "2027-11-30",
        "capacity": "3",
        "eligible_groups": ["SIDS"],
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def offer_count(session):
    session.expire_all()
    return session.scalar(select(func.count(Offer.id)))


def test_a_provider_posts_an_offer_for_sids_and_is_told_it_covers_38_states(
    as_provider, session, provider
):
    response = as_provider.post("/offers/new", data=form_data())

    assert response.status_code == 302
    ref = response.headers["Location"].rsplit("/", 1)[1]
    assert re.fullmatch(rf"O-{date.today().year}-001", ref)
    offer = session.scalars(select(Offer).where(Offer.ref == ref)).one()
    assert offer.organisation.name == "Pacific Cyber Collective"
    assert offer.languages == ["en", "fr"]
    assert offer.eligible == ["SIDS"]
    assert (offer.capacity, offer.modality, offer.status) == (3, "hybrid", OfferStatus.OPEN)
    assert [t.slug for t in offer.topics] == ["incident-response"]
    assert offer.start == date(2027, 2, 1)
    assert offer.created_by_id == provider.id

    page = as_provider.get(f"/offers/{ref}").get_data(as_text=True)
    assert f"Offer {ref} is published. Open to SIDS: 38 States." in page
    assert "Who may receive it:</strong> Open to SIDS: 38 States." in page
    assert "English, French" in page
    assert "1 February 2027 to 30 November 2027" in page


def test_the_next_ref_follows_the_highest_of_the_year(session):
    make_offer(session, ref="O-2026-070")
    make_offer(session, i=1, ref="O-2026-009")
    make_offer(session, i=2, ref="O-2026-extra")
    assert offer_service.next_ref(session, today=date(2026, 5, 1)) == "O-2026-071"
    assert offer_service.next_ref(session, today=date(2027, 1, 1)) == "O-2027-001"


def test_an_offer_under_an_earlier_ref_pattern_still_opens(session, client):
    """Refs are never rewritten: O-2026-0071 (four digits, before issue 21) keeps its page."""
    make_offer(session, ref="O-2026-0071", title="Kept under its old ref")
    session.commit()
    assert "Kept under its old ref" in client.get("/offers/O-2026-0071").get_data(as_text=True)
    assert offer_service.next_ref(session, today=date(2026, 5, 1)) == "O-2026-072"


def test_an_imported_ref_in_superscript_digits_does_not_stop_new_offers(as_provider, session):
    """An imported "O-<year>-²" made every new offer of the year a 500 (int("²") fails)."""
    year = date.today().year
    make_offer(session, ref=f"O-{year}-²")
    session.commit()
    response = as_provider.post("/offers/new", data=form_data())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/offers/O-{year}-001")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Give the offer a title."),
        ({"title": "x" * 201}, "title", "Field cannot be longer than 200 characters."),
        ({"description": "  "}, "description", "Describe the offer."),
        ({"end": "2027-01-15"}, "end", "2027-01-15 is before the start date, 2027-02-01."),
        (
            {"start": "2027-02-30"},
            "start",
            "From must be a date written as YYYY-MM-DD, e.g. 2027-03-01; “2027-02-30” is not one.",
        ),
        ({"capacity": "0"}, "capacity", "0 is not a whole number of at least 1."),
        ({"capacity": "-2"}, "capacity", "-2 is not a whole number of at least 1."),
        ({"capacity": "many"}, "capacity", "Not a valid integer value."),
        (
            {"languages": [], "other_languages": "en, xx"},
            "other_languages",
            "Not ISO 639-1 codes: xx.",
        ),
        ({"languages": "Klingon"}, "other_languages", "Not ISO 639-1 codes: klingon."),
        ({"modality": "teleport"}, "modality", "Not a valid choice."),
        ({"topics": ["no-such-topic"]}, "topics", "not a valid choice"),
        (
            {"eligible_states": "Kenya, XXX"},
            "eligible_states",
            "“XXX” is not a State cbmatch knows.",
        ),
    ],
)
def test_a_bad_field_is_named_the_input_kept_and_nothing_written(
    as_provider, session, overrides, field, message
):
    response = as_provider.post("/offers/new", data=form_data(**overrides))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please correct the highlighted" in html
    assert f'href="#{field}"' in html  # the summary links to the field
    assert message in html
    if field in ("title", "description", "start", "end", "capacity", "other_languages"):
        assert re.search(rf'id="{field}-error">[^<]*{re.escape(message)}', html)
    assert "A two-week course on incident handling" in html or field == "description"
    assert 'value="SIDS" data-label="SIDS" checked' in html
    assert offer_count(session) == 0


def test_the_error_summary_names_a_field_once(as_provider):
    html = as_provider.post("/offers/new", data=form_data(start="2027-02-30", title="")).text
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert ">From must be a date written as YYYY-MM-DD" in summary  # its message names it
    assert "From: From" not in summary
    assert "Title: Give the offer a title." in summary  # a message that does not: prefixed


def test_every_error_is_shown_at_once(as_provider, session):
    response = as_provider.post(
        "/offers/new", data=form_data(title="", end="2027-01-01", capacity="0", languages="zz")
    )
    html = response.get_data(as_text=True)
    for field in ("title", "end", "capacity", "other_languages"):
        assert f'id="{field}-error"' in html
    assert offer_count(session) == 0


def test_counting_states_shows_the_coverage_without_saving(as_provider, session):
    response = as_provider.post(
        "/offers/new",
        data=form_data(title="", action="preview", eligible_states=["KEN"]),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Open to SIDS, Kenya: 39 States" in html
    assert "Please correct" not in html
    assert offer_count(session) == 0


def test_the_form_embeds_the_eligibility_map_and_no_inline_script(as_provider):
    html = as_provider.get("/offers/new").get_data(as_text=True)
    data = re.search(r'<script type="application/json" id="eligibility-data">(.*?)</script>', html,
                     re.S)  # fmt: skip
    assert data
    mapping = json.loads(data.group(1))
    assert len(mapping["SIDS"]) == 38
    assert "SEN" in mapping["Western Africa"]
    assert mapping["KEN"] == ["KEN"]
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'type="application/json"' in tag or "src=" in tag
    assert "Open to all 195 States" in html


def test_eligible_states_covers_groups_regions_and_codes(session):
    assert len(offer_service.eligible_states(session, ["SIDS"])) == 38
    covered = offer_service.eligible_states(session, ["Western Africa", "jam"])
    assert {"SEN", "GHA", "JAM"} <= covered
    assert "KEN" not in covered
    assert len(offer_service.eligible_states(session, [])) == 195


def test_only_providers_post_offers(app, client, session):
    assert client.get("/offers/new").status_code == 302
    rep = make_user(session)
    session.commit()
    assert sign_in(app, rep).get("/offers/new").status_code == 403
    assert sign_in(app, rep).post("/offers/new", data=form_data()).status_code == 403
    assert offer_count(session) == 0


def test_a_provider_edits_its_offer_and_another_cannot(app, as_provider, session):
    ref = as_provider.post("/offers/new", data=form_data()).headers["Location"].rsplit("/", 1)[1]
    form = as_provider.get(f"/offers/{ref}/edit").get_data(as_text=True)
    assert 'value="Incident-handling course for island CSIRTs"' in form
    for code in ("en", "fr"):  # ticked, as the need form shows its languages
        assert re.search(rf'<input checked[^>]*name="languages"[^>]*value="{code}"', form)

    saved = as_provider.post(
        f"/offers/{ref}/edit",
        data=form_data(title="Renamed course", eligible_groups=None,
                       eligible_intermediate=["Western Africa"]),
    )  # fmt: skip
    assert saved.status_code == 302
    session.expire_all()
    offer = session.scalars(select(Offer).where(Offer.ref == ref)).one()
    assert (offer.title, offer.eligible) == ("Renamed course", ["Western Africa"])

    make_offer(session, i=0)  # Harbourline Security Ltd
    other = make_user(session, role=Role.PROVIDER, organisation="Harbourline Security Ltd")
    session.commit()
    intruder = sign_in(app, other)
    assert intruder.get(f"/offers/{ref}/edit").status_code == 403
    assert intruder.post(f"/offers/{ref}/close").status_code == 403
    assert "Edit</a>" not in intruder.get(f"/offers/{ref}").get_data(as_text=True)


def test_capacity_cannot_drop_below_the_needs_already_accepted(as_provider, session):
    ref = as_provider.post("/offers/new", data=form_data()).headers["Location"].rsplit("/", 1)[1]
    offer = session.scalars(select(Offer).where(Offer.ref == ref)).one()
    for i, iso in enumerate(("FJI", "JAM")):
        need = make_need(session, i=i + 1, state=iso, confidential=False)
        session.add(Match(need=need, offer=offer, status=MatchStatus.ACCEPTED))
    session.commit()

    response = as_provider.post(f"/offers/{ref}/edit", data=form_data(capacity="1"))
    assert response.status_code == 422
    assert "2 needs already have this offer; the capacity cannot be below 2." in response.get_data(
        as_text=True
    )
    session.expire_all()
    assert session.scalars(select(Offer.capacity).where(Offer.ref == ref)).one() == 3


def test_closing_asks_first_then_removes_the_offer_from_the_list(as_provider, session):
    ref = as_provider.post("/offers/new", data=form_data()).headers["Location"].rsplit("/", 1)[1]
    assert ref in as_provider.get("/offers/").get_data(as_text=True)

    confirm = as_provider.get(f"/offers/{ref}/close")
    assert "Close this offer?" in confirm.get_data(as_text=True)
    session.expire_all()
    assert session.scalars(select(Offer.status).where(Offer.ref == ref)).one() is OfferStatus.OPEN

    done = as_provider.post(f"/offers/{ref}/close", follow_redirects=True)
    html = done.get_data(as_text=True)
    assert done.request.path == "/offers/mine"
    assert f"Offer {ref} is closed." in html
    assert ref not in as_provider.get("/offers/").get_data(as_text=True)
    assert "closed" in as_provider.get(f"/offers/{ref}").get_data(as_text=True)
    again = as_provider.get(f"/offers/{ref}/edit", follow_redirects=True)
    assert "is closed, so it cannot be changed" in again.get_data(as_text=True)


def test_my_offers_lists_only_the_providers_own(as_provider, session):
    make_offer(session, i=0, title="Someone else's offer")
    session.commit()
    empty = as_provider.get("/offers/mine").get_data(as_text=True)
    assert "You have not posted an offer yet" in empty
    as_provider.post("/offers/new", data=form_data())
    mine = as_provider.get("/offers/mine").get_data(as_text=True)
    assert "Incident-handling course for island CSIRTs" in mine
    assert "Someone else&#39;s offer" not in mine


def test_the_header_links_depend_on_the_role(client, as_provider):
    anonymous = client.get("/").get_data(as_text=True)
    assert ">Needs</a>" in anonymous
    assert ">Offers</a>" in anonymous
    assert ">My offers</a>" not in anonymous
    assert ">My offers</a>" in as_provider.get("/").get_data(as_text=True)


def test_an_unknown_offer_is_a_friendly_404(client):
    response = client.get("/offers/O-nope")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["7" * 5000, "0" * 5000])
def test_a_page_number_too_long_for_a_number_shows_a_page(as_provider, page):
    """The fuzzer found ``/offers/mine?page=`` with thousands of digits gave a 500: int()
    refuses strings of over 4,300 digits."""
    assert as_provider.get(f"/offers/mine?page={page}").status_code == 200
    assert as_provider.get(f"/offers/?page={page}").status_code == 200

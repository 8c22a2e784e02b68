"""The States directory (/states/), a State's choice of who sees its maturity, and the links to
a State's page from need and match pages."""

from __future__ import annotations

import re

import icu
import pytest
from sqlalchemy import func, select

from models import (
    AuditEntry,
    Match,
    MatchEvent,
    MatchStatus,
    Organisation,
    Response,
    Role,
    State,
)
from models.organisation import ProviderType
from tests.factories import make_offer, make_user, state
from webapp.services import language
from webapp.services.directory import states as directory
from webapp.services.needs import operations as need_service
from webapp.services.needs import sharing
from webapp.services.needs import survey as survey_service

PASSWORD = "correct horse battery"
COMMENT = "Rural connectivity gap."
UNKNOWN = "is not known to cbmatch, so it was ignored"


def login(client, user):
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def listed(page: str) -> list[str]:
    return re.findall(r'<tr data-state="([A-Z]{3})">', page)


def result_line(page: str) -> str:
    found = re.search(r"data-result-count>(.*?)</p>", page, re.S)
    assert found
    return " ".join(found.group(1).split())


def add_need(session, user, iso3, title, *, confidential=False):
    where = state(session, iso3)
    raw = {"title": title, "description": f"About {title}.", "topics": ["awareness"],
           "confidential": confidential}  # fmt: skip
    return need_service.create_need(
        session, where, need_service.check_need(session, where, raw), actor=user
    )


@pytest.fixture
def people(session):
    """Senegal (submitted, a public and a confidential need), Fiji (only a confidential need,
    no survey submitted), a provider and the focal point."""
    sen = make_user(session, email="rep@senegal.example")
    fji = make_user(session, email="rep@fiji.example", state_code="FJI")
    session.add(Organisation(name="Open Cyber Academy", type=ProviderType.ACADEMIA))
    provider = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy",
                         email="p@academy.example")  # fmt: skip
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    dims = survey_service.cmm_dimensions(session)
    survey_service.save_maturity(
        session, state(session, "SEN"), {d.slug: (2, COMMENT) for d in dims}, actor=sen
    )
    public = add_need(session, sen, "SEN", "Public awareness campaign")
    secret = add_need(session, sen, "SEN", "Secret review of the grid", confidential=True)
    survey_service.submit_survey(session, state(session, "SEN"), actor=sen)
    fiji_secret = add_need(session, fji, "FJI", "Fiji secret breach", confidential=True)
    fiji_secret.status = need_service.NeedStatus.OPEN
    session.commit()
    return {"sen": sen, "fji": fji, "provider": provider, "focal": focal,
            "public": public, "secret": secret}  # fmt: skip


# --- the directory ----------------------------------------------------------------------------


def every_listed(client, query: str = "", headers=None) -> list[str]:
    codes, page = [], 1
    while True:
        body = client.get(f"/states/?page={page}&{query}", headers=headers or {}).text
        codes += listed(body)
        if 'rel="next"' not in body:
            return codes
        page += 1


def test_the_195_states_are_listed_in_the_readers_order(app, session):
    client = app.test_client()
    first = client.get("/states/").text
    assert result_line(first).startswith("195 States.")
    assert "Page 1 of 4" in first
    assert len(listed(first)) == 50
    codes = every_listed(client)
    assert len(codes) == len(set(codes)) == 195 == session.scalar(select(func.count(State.id)))
    names = {s.iso3: s.name_en for s in session.scalars(select(State))}
    english = icu.Collator.createInstance(icu.Locale("en"))
    assert [names[c] for c in codes] == sorted(names.values(), key=english.getSortKey)
    assert codes.index("CIV") < codes.index("HRV")  # "Côte d'Ivoire" before "Croatia"


def test_names_sort_as_the_readers_language_does(session):
    collator = icu.Collator.createInstance(icu.Locale("fr"))
    with language.speaking(language.Speaker(code="fr")):
        found = directory.directory(session, None, directory.StateFilters(), page=1, per_page=200)
    in_french = [r.name for r in found.items]
    assert len(in_french) == 195
    assert in_french[1] == "Afrique du Sud"
    assert in_french == sorted(in_french, key=collator.getSortKey)
    # ICU, not byte order: "Égypte" comes before "Fidji", not after "Zimbabwe".
    assert in_french.index("Égypte") < in_french.index("Fidji") < in_french.index("Zimbabwe")


def test_region_and_group_filters(app, session):
    client = app.test_client()
    for query, where in [
        ("region=Oceania", State.region == "Oceania"),
        ("region=Sub-Saharan+Africa", State.subregion == "Sub-Saharan Africa"),
        ("region=Western+Africa", State.intermediate_region == "Western Africa"),
        ("region=Caribbean", State.intermediate_region == "Caribbean"),
        ("group=SIDS", State.is_sids.is_(True)),
        ("group=LLDC", State.is_lldc.is_(True)),
        ("region=Africa&group=LDC", (State.region == "Africa") & State.is_ldc.is_(True)),
    ]:
        expected = set(session.scalars(select(State.iso3).where(where)))
        assert expected, query
        assert set(every_listed(client, query)) == expected, query
        page = client.get(f"/states/?{query}").text
        word = "State matches" if len(expected) == 1 else "States match"
        assert result_line(page).startswith(f"{len(expected)} {word} these filters."), query


def test_survey_and_open_needs_filters_count_only_what_the_reader_may_see(app, people):
    anonymous = app.test_client()
    assert every_listed(anonymous, "survey=y") == ["SEN"]
    assert len(every_listed(anonymous, "survey=n")) == 194
    # Fiji's only open need is confidential: it has none for anyone but Fiji and the focal point.
    assert every_listed(anonymous, "needs=y") == ["SEN"]
    assert "FJI" in every_listed(anonymous, "needs=n")
    page = anonymous.get("/states/?needs=y").text
    assert re.search(r'data-open-needs="1"', page)  # Senegal's public need; not its secret one
    assert "Submitted a survey: 1. With open needs: 1." in result_line(page)
    provider = login(app.test_client(), people["provider"])
    assert every_listed(provider, "needs=y") == ["SEN"]
    fiji = login(app.test_client(), people["fji"])
    assert every_listed(fiji, "needs=y") == ["FJI", "SEN"]  # its own confidential need counts
    focal = login(app.test_client(), people["focal"])
    assert every_listed(focal, "needs=y") == ["FJI", "SEN"]
    assert 'data-state="SEN">' in (body := focal.get("/states/?needs=y").text)
    assert re.search(r'data-state="SEN">.*?data-open-needs="2"', body, re.S)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("region=Atlantis", "region", f"This region {UNKNOWN}."),
        ("group=G77", "group", f"This group {UNKNOWN}."),
        (
            "survey=maybe",
            "survey",
            "Choose “Any”, “Submitted a survey” or “No survey submitted”; this value was ignored.",
        ),
        (
            "needs=lots",
            "needs",
            "Choose “Any”, “Has open needs” or “No open needs”; this value was ignored.",
        ),
    ],
)
def test_an_unknown_filter_value_is_named_not_silently_ignored(client, query, field, message):
    page = client.get(f"/states/?{query}").text
    assert "Some filters were not understood and were ignored" in page
    assert f'<p class="error" id="{field}-error">{message}</p>' in page
    assert result_line(page).startswith("195 States.")  # the rest of the list still shows


def test_no_match_says_so_and_offers_to_clear(client):
    page = client.get("/states/?region=Oceania&survey=y").text
    assert listed(page) == []
    assert "No State matches these filters." in page
    assert result_line(page).startswith("0 States match these filters")


def test_the_directory_is_linked_from_the_header_and_footer(app, people):
    for who in (None, "sen", "provider", "focal"):
        client = login(app.test_client(), people[who]) if who else app.test_client()
        page = client.get("/needs/").text
        assert '<a href="/states/">States directory</a>' in page, who  # the footer
        in_header = re.search(r'<a[^>]+href="/states/"[^>]*>\s*States\s*<', page) is not None
        assert in_header, who  # the focal point's too, in the menu "Directory"


def test_the_directory_shows_no_maturity(app, people):
    for who in (None, "provider", "fji"):
        client = login(app.test_client(), people[who]) if who else app.test_client()
        page = client.get("/states/?survey=y").text
        assert COMMENT not in page
        assert "data-stage" not in page
        assert "formative" not in page


# --- who sees the maturity --------------------------------------------------------------------

VIEWERS = ("visitor", "other_state", "provider", "focal", "owner")
SEES = {
    None: {"focal", "owner"},  # never chose: the focal point only
    "focal_point": {"focal", "owner"},
    "providers": {"provider", "focal", "owner"},
    "public": set(VIEWERS),
}


_KEYS = {"other_state": "fji", "owner": "sen"}


def _viewer(app, people, who):
    key = _KEYS.get(who, who)
    return app.test_client() if who == "visitor" else login(app.test_client(), people[key])


@pytest.mark.parametrize("choice", list(SEES))
def test_the_maturity_is_shown_to_whom_the_state_chose(app, session, people, choice):
    senegal = state(session, "SEN")
    if choice:
        sharing.set_audience(session, senegal, choice, actor=people["sen"])
        session.commit()
    for who in VIEWERS:
        page = _viewer(app, people, who).get("/states/SEN").text
        shown = who in SEES[choice]
        assert ("<svg" in page) is shown, (choice, who)
        assert (COMMENT in page) is shown, (choice, who)
        assert ("data-maturity-hidden" in page) is not shown, (choice, who)
        user = None if who == "visitor" else people[_KEYS.get(who, who)]
        assert sharing.can_view_maturity(session, user, senegal) is shown, (choice, who)
    anonymous = app.test_client().get("/states/SEN").text
    if choice in (None, "focal_point"):
        assert "Senegal shows its maturity self-assessment to the focal point only." in anonymous
    if choice == "providers":
        assert "to signed-in providers and the focal point only" in anonymous
        assert "/auth/login?next=/states/SEN" in anonymous


def test_a_draft_maturity_stays_hidden_even_when_public(app, session):
    rep = make_user(session, email="draft@fiji.example", state_code="FJI")
    session.add(Organisation(name="Harbourline", type=ProviderType.BUSINESS))
    provider = make_user(session, role=Role.PROVIDER, organisation="Harbourline",
                         email="h@example.org")  # fmt: skip
    fiji = state(session, "FJI")
    dims = survey_service.cmm_dimensions(session)
    survey_service.save_maturity(session, fiji, {d.slug: (3, COMMENT) for d in dims}, actor=rep)
    sharing.set_audience(session, fiji, "public", actor=rep)
    session.commit()
    assert COMMENT not in app.test_client().get("/states/FJI").text
    assert COMMENT not in login(app.test_client(), provider).get("/states/FJI").text
    assert COMMENT in login(app.test_client(), rep).get("/states/FJI").text


def test_the_state_chooses_on_its_page_and_the_change_is_audited(app, session, people):
    owner = login(app.test_client(), people["sen"])
    page = owner.get("/states/SEN").text
    assert "You have not chosen yet, so only the focal point sees it" in page
    assert re.search(r'value="focal_point"[^>]*checked', page) or re.search(
        r'checked[^>]*value="focal_point"', page
    )
    response = owner.post("/states/SEN/sharing", data={"audience": "providers"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/states/SEN#sharing")
    page = owner.get("/states/SEN").text
    assert (
        "Saved. Who sees your maturity self-assessment: Signed-in providers and the focal point."
        in page
    )
    assert 'data-audience="providers"' in page
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "maturity_sharing")).one()
    assert (entry.action, entry.record, entry.after["audience"]) == ("create", "SEN", "providers")
    assert entry.actor_id == people["sen"].id
    # The review step of the survey says who sees it and links to the choice.
    review = owner.get("/survey/review").text
    assert "Shown to: Signed-in providers and the focal point." in review
    assert 'href="/states/SEN#sharing"' in review


def test_a_bad_choice_is_refused_and_named(app, session, people):
    owner = login(app.test_client(), people["sen"])
    for data in ({"audience": "everyone"}, {}):
        response = owner.post("/states/SEN/sharing", data=data)
        assert response.status_code == 400
        assert ("Choose one of the three audiences." in response.text) or (
            "Choose who sees the maturity." in response.text
        )
    assert sharing.audience(session, state(session, "SEN")).value == "focal_point"
    assert not sharing.chose(session, state(session, "SEN"))


def test_only_the_states_own_representatives_may_choose(app, people):
    assert (
        app.test_client().post("/states/SEN/sharing", data={"audience": "public"}).status_code
        == 302
    )
    for who in ("fji", "provider", "focal"):
        client = login(app.test_client(), people[who])
        assert client.post("/states/SEN/sharing", data={"audience": "public"}).status_code == 403
        assert 'action="/states/SEN/sharing"' not in client.get("/states/SEN").text


def test_the_survey_says_the_safe_default(app, people):
    review = login(app.test_client(), people["fji"]).get("/survey/review").text
    assert "Shown to: The focal point only (you have not chosen: the safe default)." in review


# --- completed matches and links --------------------------------------------------------------


def _complete(session, need, offer):
    match = Match(need=need, offer=offer, status=MatchStatus.COMPLETED,
                  state_response=Response.ACCEPTED,
                  provider_response=Response.ACCEPTED)  # fmt: skip
    match.events.append(MatchEvent(from_status=MatchStatus.IN_PROGRESS,
                                   to_status=MatchStatus.COMPLETED, note=""))  # fmt: skip
    session.add(match)
    session.commit()
    return match


def test_completed_matches_show_public_facts_and_hide_confidential_needs(app, session, people):
    offer = make_offer(session, i=1, title="Awareness toolkit for schools",
                       start="2027-01-15", end="2027-02-15")  # fmt: skip
    other = make_offer(session, i=4, ref="O-T-SECRET", title="Grid review support")
    _complete(session, people["public"], offer)
    secret_match = _complete(session, people["secret"], other)
    for client in (app.test_client(), login(app.test_client(), people["fji"])):
        page = client.get("/states/SEN").text
        assert "Completed matches (1)" in page
        assert "Awareness toolkit for schools" in page
        assert "Open Cyber Academy" in page
        assert "completed on" in page
        assert "2027" in page
        assert "Grid review support" not in page
        assert "Secret review" not in page
        assert f'data-match="{secret_match.id}"' not in page
    own = login(app.test_client(), people["sen"]).get("/states/SEN").text
    assert "Completed matches (2)" in own
    assert "Grid review support" in own


def test_fiji_page_says_no_match_was_completed(client):
    assert "No match has been completed for Fiji yet." in client.get("/states/FJI").text


def test_need_and_match_pages_link_to_their_state(app, session, people):
    offer = make_offer(session, i=1)
    match = _complete(session, people["public"], offer)
    page = app.test_client().get(f"/needs/{people['public'].ref}").text
    assert '<a href="/states/SEN" data-state-link>Senegal</a>' in page
    focal = login(app.test_client(), people["focal"])
    page = focal.get(f"/matches/{match.id}").text
    assert '<a href="/states/SEN" data-state-link>Senegal</a>' in page

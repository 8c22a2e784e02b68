"""Comparing States side by side (/states/compare): the figures against the data, each State's
choice of who sees its maturity respected column by column, the needs counted as the reader may
see them, the limits and the errors, and the ways there (the directory, a State page)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from models import (
    MaturityAudience,
    Need,
    NeedStatus,
    Organisation,
    Role,
    State,
    SurveyStatus,
    Topic,
)
from models.organisation import ProviderType
from tests.factories import make_user, state
from webapp.services.needs import factors as factor_service
from webapp.services.needs import operations as need_service
from webapp.services.needs import sharing
from webapp.services.needs import survey as survey_service

PASSWORD = "correct horse battery"
ALL = "state=SEN&state=FJI&state=TUV&state=KEN"
SEN_FACTORS = {"D1.1": 1, "D1.2": 2, "D2.1": 4, "D3.1": 3, "D4.1": 2, "D5.1": 3}


def login(client, user):
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def add_need(session, user, iso3, title, topics, *, confidential=False):
    where = state(session, iso3)
    raw = {"title": title, "description": f"About {title}.", "topics": topics,
           "confidential": confidential}  # fmt: skip
    need = need_service.create_need(
        session, where, need_service.check_need(session, where, raw), actor=user
    )
    need.status = NeedStatus.OPEN
    return need


@pytest.fixture
def people(session):
    """Senegal: factors rated, submitted, public; two public needs and a confidential one.
    Fiji: dimensions rated directly, submitted, shown to providers; a public need.
    Tuvalu: a draft (not submitted) with a confidential need. Kenya: submitted, never chose
    (the focal point only). A provider and the focal point."""
    sen = make_user(session, email="rep@senegal.example")
    fji = make_user(session, email="rep@fiji.example", state_code="FJI")
    tuv = make_user(session, email="rep@tuvalu.example", state_code="TUV")
    ken = make_user(session, email="rep@kenya.example", state_code="KEN")
    session.add(Organisation(name="Open Cyber Academy", type=ProviderType.ACADEMIA))
    provider = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy",
                         email="p@academy.example")  # fmt: skip
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    dims = survey_service.cmm_dimensions(session)
    factor_service.save_factors(session, state(session, "SEN"), SEN_FACTORS, {}, actor=sen)
    add_need(session, sen, "SEN", "Awareness campaign", ["awareness"])
    add_need(session, sen, "SEN", "CERT and awareness", ["awareness", "incident-response"])
    add_need(session, sen, "SEN", "Secret grid review", ["critical-infrastructure"],
             confidential=True)  # fmt: skip
    survey_service.submit_survey(session, state(session, "SEN"), actor=sen)
    sharing.set_audience(session, state(session, "SEN"), "public", actor=sen)
    survey_service.save_maturity(
        session, state(session, "FJI"), {d.slug: (3, "") for d in dims}, actor=fji
    )
    add_need(session, fji, "FJI", "Fiji CERT", ["incident-response"])
    survey_service.submit_survey(session, state(session, "FJI"), actor=fji)
    sharing.set_audience(session, state(session, "FJI"), "providers", actor=fji)
    factor_service.save_factors(session, state(session, "TUV"), {"D3.1": 5}, {}, actor=tuv)
    add_need(session, tuv, "TUV", "Tuvalu secret", ["critical-infrastructure"],
             confidential=True)  # fmt: skip
    survey_service.save_maturity(
        session, state(session, "KEN"), {d.slug: (4, "") for d in dims}, actor=ken
    )
    kenya = survey_service.get_survey(session, state(session, "KEN"))
    assert kenya is not None  # submitted with no need (as an older survey could be)
    kenya.status, kenya.submitted_at = SurveyStatus.SUBMITTED, kenya.created_at
    session.commit()
    return {"sen": sen, "fji": fji, "tuv": tuv, "ken": ken, "provider": provider,
            "focal": focal}  # fmt: skip


def as_(app, people, who):
    client = app.test_client()
    return login(client, people[who]) if who else client


def columns(page: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", page, re.S)
    assert head
    return re.findall(r'<th scope="col" data-state="([A-Z]{3})">', head.group(1))


def row(page: str, attribute: str, value: str) -> str:
    found = re.search(rf'<tr[^>]* {attribute}="{re.escape(value)}">(.*?)</tr>', page, re.S)
    assert found, (attribute, value)
    return found.group(1)


def stages(page: str, attribute: str, value: str) -> list[str]:
    """The stages a maturity row shows, in column order (a hidden column's cell spans rows)."""
    return re.findall(r'data-stage="(\d|none)"', row(page, attribute, value))


def counts(page: str, topic: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-count="(\d+)"', row(page, "data-topic", topic))]


def hidden(page: str) -> int:
    return page.count("data-maturity-hidden")


def refused(page: str) -> list[str]:
    box = re.search(r"<div[^>]*data-refused>(.*?)</div>", page, re.S)
    return [html.unescape(m) for m in re.findall(r"<p>(.*?)</p>", box.group(1))] if box else []


# --- the figures ------------------------------------------------------------------------------


def test_the_focal_point_sees_every_figure_as_stored(app, session, people):
    response = as_(app, people, "focal").get(f"/states/compare?{ALL}")
    assert response.status_code == 200
    page = response.text
    assert columns(page) == ["SEN", "FJI", "TUV", "KEN"]
    assert hidden(page) == 0
    for who in ("SEN", "FJI", "TUV", "KEN"):
        where = state(session, who)
        stored = {a.dimension.slug: a.stage for a in survey_service.assessments(session, where)}
        rated = {c: r.stage for c, r in factor_service.ratings(session, where).items()}
        col = columns(page).index(who)
        for dim in survey_service.cmm_dimensions(session):
            shown = stages(page, "data-dimension", dim.slug)[col]
            assert shown == str(stored.get(dim.slug, "none")), (who, dim.slug)
        for factor in factor_service.cmm_factors(session):
            shown = stages(page, "data-factor", factor.code)[col]
            assert shown == str(rated.get(factor.code, "none")), (who, factor.code)
    # Senegal's D1 is the mean of 1 and 2 (halves up): 2; D2 from its one factor: 4.
    assert stages(page, "data-dimension", "policy-strategy")[0] == "2"
    assert stages(page, "data-factor", "D1.1")[:2] == ["1", "none"]
    # The focal point counts every open need, confidential ones too.
    for who in ("SEN", "FJI", "TUV", "KEN"):
        for topic in session.scalars(select(Topic)):
            stored = session.scalar(
                select(func.count(Need.id)).join(Need.topics)
                .where(Need.state.has(iso3=who), Need.status == NeedStatus.OPEN,
                       Topic.id == topic.id)
            )  # fmt: skip
            if stored:
                assert counts(page, topic.slug)[columns(page).index(who)] == stored
    assert counts(page, "awareness") == [2, 0, 0, 0]
    assert counts(page, "critical-infrastructure") == [1, 0, 1, 0]
    assert re.findall(r'data-open-needs="(\d+)"', page) == ["3", "1", "1", "0"]
    assert "Confidential needs are counted too" in page
    assert 'data-draft="TUV"' in page  # Tuvalu's maturity is a draft, marked as such


def test_summary_rows_region_groups_and_survey(app, people):
    page = as_(app, people, None).get("/states/compare?state=SEN&state=TUV").text
    assert columns(page) == ["SEN", "TUV"]
    assert "Western Africa" in page
    assert "Polynesia" in page
    assert re.findall(r'data-groups="([^"]*)"', page) == ["LDC", "SIDS LDC"]
    assert re.findall(r'data-survey="([yn])"', page) == ["y", "n"]
    assert "Submitted on " in page
    assert "No survey submitted" in page


# --- visibility, column by column -------------------------------------------------------------


def test_anonymous_sees_only_what_each_state_made_public(app, people):
    page = as_(app, people, None).get(f"/states/compare?{ALL}").text
    assert columns(page) == ["SEN", "FJI", "TUV", "KEN"]
    # Senegal is public; Fiji shows providers only; Tuvalu's is a draft; Kenya never chose.
    assert stages(page, "data-dimension", "policy-strategy") == ["2"]
    assert stages(page, "data-factor", "D1.1") == ["1"]
    assert hidden(page) == 3
    providers = "signed-in providers and the focal point only."
    assert f"Fiji shows its maturity self-assessment to {providers}" in page
    assert "Kenya shows its maturity self-assessment to the focal point only." in page
    assert "Tuvalu shows its maturity self-assessment to the focal point only." in page
    # Only public needs are counted: no confidential topic row, no confidential count.
    assert 'data-topic="critical-infrastructure"' not in page
    assert re.findall(r'data-open-needs="(\d+)"', page) == ["2", "1", "0", "0"]
    assert counts(page, "incident-response") == [1, 1, 0, 0]
    assert "Confidential needs are counted too" not in page


def test_a_provider_sees_what_states_show_providers(app, people):
    page = as_(app, people, "provider").get(f"/states/compare?{ALL}").text
    assert stages(page, "data-dimension", "policy-strategy") == ["2", "3"]  # Senegal, Fiji
    assert hidden(page) == 2  # Tuvalu (draft) and Kenya (focal point only)
    assert re.findall(r'data-open-needs="(\d+)"', page) == ["2", "1", "0", "0"]


def test_another_state_sees_public_ones_and_its_own_in_full(app, people):
    page = as_(app, people, "tuv").get(f"/states/compare?{ALL}").text
    # Senegal public; Fiji providers only: hidden; Tuvalu its own draft; Kenya hidden.
    assert stages(page, "data-dimension", "policy-strategy") == ["2", "none"]
    assert stages(page, "data-factor", "D3.1") == ["3", "5"]
    assert hidden(page) == 2
    assert counts(page, "critical-infrastructure") == [0, 0, 1, 0]  # its own confidential need
    assert re.findall(r'data-open-needs="(\d+)"', page) == ["2", "1", "1", "0"]
    assert "Your State's column counts its confidential needs too" in page
    fiji = as_(app, people, "fji").get(f"/states/compare?{ALL}").text
    assert stages(fiji, "data-dimension", "policy-strategy") == ["2", "3"]
    assert hidden(fiji) == 2
    assert 'data-topic="critical-infrastructure"' not in fiji


def test_a_state_that_shares_with_everyone_but_has_not_submitted_shows_nothing(
    app, session, people
):
    sharing.set_audience(session, state(session, "TUV"), MaturityAudience.PUBLIC.value,
                         actor=people["tuv"])  # fmt: skip
    session.commit()
    page = as_(app, people, None).get("/states/compare?state=TUV&state=SEN").text
    assert stages(page, "data-dimension", "policy-strategy") == ["2"]  # Senegal's only
    assert 'data-factor="D3.1"' in page
    assert "5 ·" not in row(page, "data-factor", "D3.1")
    assert "This State has not assessed its maturity yet." in page


# --- limits and errors ------------------------------------------------------------------------


def test_more_than_four_keeps_the_first_four_and_names_the_rest(app, people):
    response = as_(app, people, None).get(f"/states/compare?{ALL}&state=JAM")
    assert response.status_code == 400
    assert columns(response.text) == ["SEN", "FJI", "TUV", "KEN"]
    assert refused(response.text) == [
        "States to compare: at most 4 States side by side, so Jamaica was left out."
    ]
    assert 'id="add-state"' not in response.text  # full: no list to add another
    assert "remove one to add another" in response.text


def test_an_unknown_code_is_named_and_the_rest_still_compared(app, people):
    response = as_(app, people, None).get("/states/compare?state=SEN&state=XYZ&state=fji")
    assert response.status_code == 400
    assert columns(response.text) == ["SEN", "FJI"]  # any case
    assert refused(response.text) == [
        "States to compare: “XYZ” is not the code of a State known to cbmatch, so it was left out."
    ]
    long = as_(app, people, None).get("/states/compare?state=" + "<b>" * 20)
    assert long.status_code == 400
    assert "<b>" not in long.text.split("<main", 1)[1]  # quoted back escaped and cut
    assert "&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;b…" in long.text


def test_a_duplicate_is_shown_once_and_named(app, people):
    response = as_(app, people, None).get("/states/compare?state=SEN&state=sen&state=FJI")
    assert response.status_code == 400
    assert columns(response.text) == ["SEN", "FJI"]
    assert refused(response.text) == [
        "States to compare: Senegal was asked for twice; it is shown once."
    ]


def test_too_many_values_are_not_read(app, people):
    query = "&".join(["state=SEN"] * 30)
    response = as_(app, people, None).get(f"/states/compare?{query}")
    assert response.status_code == 400
    assert columns(response.text) == ["SEN"]
    assert refused(response.text)[-1] == "States to compare: 18 more values were not read."


def test_one_or_no_state_asks_for_more_and_offers_the_list(app, session, people):
    none = as_(app, people, None).get("/states/compare")
    assert none.status_code == 200
    assert "<table" not in none.text
    assert "Choose the States to compare below, one at a time" in none.text
    options = re.findall(r'<option value="([A-Z]{3})">', none.text)
    assert len(options) == session.scalar(select(func.count(State.id))) == 195
    one = as_(app, people, None).get("/states/compare?state=SEN&state=")  # an empty value
    assert one.status_code == 200
    assert columns(one.text) == ["SEN"]
    assert "Add at least one more State" in one.text
    options = re.findall(r'<option value="([A-Z]{3})">', one.text)
    assert "SEN" not in options
    assert len(options) == 194
    assert '<input type="hidden" name="state" value="SEN">' in one.text


def test_the_list_is_in_the_readers_language_and_remove_links_keep_the_others(app, people):
    page = (
        as_(app, people, None)
        .get("/states/compare?state=SEN&state=FJI&state=TUV", headers={"Accept-Language": "fr"})
        .text
    )
    assert "Comparer des États" in page
    names = re.findall(r'<option value="[A-Z]{3}">([^<]+)</option>', page)
    assert names.index("Afrique du Sud") < names.index("Allemagne") < names.index("Égypte")
    assert '<a class="compare-remove" href="/states/compare?state=SEN&amp;state=TUV">' in page


# --- the ways there ---------------------------------------------------------------------------


def test_the_directory_ticks_states_into_a_comparison(app, people):
    page = as_(app, people, None).get("/states/?region=Oceania").text
    form = re.search(r'<form method="get" action="/states/compare"[^>]*>(.*?)</form>', page, re.S)
    assert form
    assert '<input type="checkbox" name="state" value="FJI"' in form.group(1)
    assert re.search(r'<button type="submit"[^>]*>Compare', form.group(1))


def test_a_state_page_offers_to_compare_it(app, people):
    page = as_(app, people, None).get("/states/SEN").text
    assert 'href="/states/compare?state=SEN"' in page

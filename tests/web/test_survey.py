"""The needs survey of a State: maturity, needs (preview, edit, close, withdraw), submission."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from models import MaturityAssessment, Need, NeedStatus, Organisation, Role, Survey, SurveyStatus
from models.organisation import ProviderType
from tests.factories import make_user, state
from tests.survey_support import (
    PAGES,
    YEAR,
    add_need,
    count,
    is_checked,
    login,
    maturity_form,
    need_form,
)
from webapp.services.needs import survey as survey_service


@pytest.mark.parametrize("path", PAGES)
def test_survey_pages_send_anonymous_users_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_survey_pages_refuse_providers(client, session, path):
    session.add(Organisation(name="Open Cyber Academy", type=ProviderType.ACADEMIA))
    provider = make_user(session, role=Role.PROVIDER, organisation="Open Cyber Academy")
    session.commit()
    login(client, provider)
    assert client.get(path).status_code == 403


def test_header_shows_the_survey_links_to_state_representatives_only(client, as_rep, session):
    page = as_rep.get("/").get_data(as_text=True)
    assert ">My survey<" in page
    assert ">My needs<" in page
    as_rep.post("/auth/logout")
    assert ">My survey<" not in client.get("/").get_data(as_text=True)


def test_another_state_cannot_see_a_confidential_need_nor_change_a_public_one(app, session, rep):
    senegal = state(session, "SEN")
    survey_service.save_maturity(
        session,
        senegal,
        {d.slug: (2, "") for d in survey_service.cmm_dimensions(session)},
        actor=rep,
    )
    add_need(session, rep, title="Submitted need")
    survey_service.submit_survey(session, senegal, actor=rep)
    secret = add_need(session, rep, title="Confidential need", confidential="y")
    public = add_need(session, rep, title="Public open need")
    fiji = make_user(session, email="rep@fiji.example", state_code="FJI")
    session.commit()
    other = app.test_client()
    login(other, fiji)

    for action in ("edit", "close", "withdraw"):
        assert other.get(f"/survey/needs/{secret.ref}/{action}").status_code == 404
        assert (
            other.post(f"/survey/needs/{secret.ref}/{action}", data=need_form()).status_code == 404
        )
        assert other.get(f"/survey/needs/{public.ref}/{action}").status_code == 403
        assert (
            other.post(f"/survey/needs/{public.ref}/{action}", data=need_form()).status_code == 403
        )
    assert other.get("/survey/needs/N-NOPE-1/edit").status_code == 404
    session.expire_all()
    assert {n.status for n in session.scalars(select(Need))} == {NeedStatus.OPEN}
    assert session.get(Need, public.id).title == "Public open need"
    assert "Senegal" not in other.get("/survey/needs").get_data(as_text=True).split("<main")[1]


def test_another_state_gets_404_for_a_draft(app, session, rep):
    draft = add_need(session, rep, title="Still a draft")
    assert draft.status is NeedStatus.DRAFT
    fiji = make_user(session, email="rep2@fiji.example", state_code="FJI")
    session.commit()
    other = app.test_client()
    login(other, fiji)
    for action in ("edit", "close", "withdraw"):
        assert other.get(f"/survey/needs/{draft.ref}/{action}").status_code == 404
    assert other.post(f"/survey/needs/{draft.ref}/withdraw").status_code == 404
    session.expire_all()
    assert session.get(Need, draft.id).status is NeedStatus.DRAFT


# --- the whole survey --------------------------------------------------------------------------


def test_survey_flow_from_maturity_to_submission_and_the_profile(as_rep, session, rep):
    assert "Not started." in as_rep.get("/survey/").get_data(as_text=True)

    saved = as_rep.post("/survey/maturity", data=maturity_form(
        comment_culture_society="Awareness work is limited to the capital."))  # fmt: skip
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("/survey/needs")
    survey = session.scalars(select(Survey)).one()
    assert survey.status is SurveyStatus.DRAFT
    stages = {a.dimension.slug: a.stage for a in session.scalars(select(MaturityAssessment))}
    assert stages == {"policy-strategy": 2, "culture-society": 3, "knowledge-capabilities": 1,
                      "legal-regulatory": 4, "standards-technologies": 3}  # fmt: skip
    assert "saved as a draft" in as_rep.get("/survey/needs").get_data(as_text=True)

    first = as_rep.post("/survey/needs/new", data=need_form())
    assert first.status_code == 302
    second = as_rep.post("/survey/needs/new", data=need_form(
        title="Review of the draft data-protection bill", topics=["data-protection"],
        description="The bill dates from 2019 and must now follow the Malabo Convention.",
        confidential="y", start="", end="", other_languages="pt, sw"))  # fmt: skip
    assert second.status_code == 302
    needs = session.scalars(select(Need).order_by(Need.ref)).all()
    assert [n.ref for n in needs] == [f"N-{YEAR}-001", f"N-{YEAR}-002"]
    assert [n.status for n in needs] == [NeedStatus.DRAFT, NeedStatus.DRAFT]
    assert [n.confidential for n in needs] == [False, True]
    assert needs[1].languages == ["fr", "pt", "sw"]
    assert needs[0].start == date(2027, 2, 1)

    review = as_rep.get("/survey/review").get_data(as_text=True)
    assert "Malware analysis for the national CERT" in review
    assert "Review of the draft data-protection bill" in review
    assert "2 draft needs will open." in review
    assert 'data-stage="1"' in review

    submitted = as_rep.post("/survey/review", follow_redirects=True)
    assert submitted.status_code == 200
    assert "Your survey is submitted: 2 needs are now open to providers." in submitted.get_data(
        as_text=True
    )
    session.expire_all()
    assert {n.status for n in session.scalars(select(Need))} == {NeedStatus.OPEN}
    survey = session.scalars(select(Survey)).one()
    assert survey.status is SurveyStatus.SUBMITTED
    assert survey.submitted_at is not None

    profile = as_rep.get("/states/SEN").get_data(as_text=True)
    bars = dict(re.findall(r'data-dimension="([\w-]+)">.*?class="chart-bar" data-stage="(\d)"',
                           profile, re.S))  # fmt: skip
    assert bars == {k: str(v) for k, v in stages.items()}
    # The weakest dimension is knowledge and capabilities (stage 1): its topics are suggested.
    suggested = re.findall(r'data-topic="([\w-]+)"', profile)
    assert {"awareness", "education", "research-innovation"} <= set(suggested)
    assert "professional-training" not in suggested  # already asked for
    assert "standards" not in suggested  # not a weak dimension
    assert 'href="/survey/needs/new?topic=awareness"' in profile


def test_after_submission_new_needs_open_at_once_and_maturity_can_change(as_rep, session, rep):
    add_need(session, rep)
    as_rep.post("/survey/maturity", data=maturity_form())
    assert as_rep.post("/survey/review").status_code == 302
    created = as_rep.post(
        "/survey/needs/new",
        data=need_form(
            title="A later need", description="Awareness material for primary school teachers."
        ),
    )
    assert created.status_code == 302
    later = session.scalars(select(Need).where(Need.title == "A later need")).one()
    assert later.status is NeedStatus.OPEN
    assert as_rep.post("/survey/maturity", data=maturity_form((5, 5, 5, 5, 4))).status_code == 302
    session.expire_all()
    assert session.scalars(select(Survey)).one().status is SurveyStatus.SUBMITTED
    assert count(session, MaturityAssessment) == 5


def test_submitting_without_maturity_or_needs_is_refused(as_rep, session):
    response = as_rep.post("/survey/review")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Assess every CMM dimension first." in page
    assert "Add at least one need first." in page
    assert count(session, Survey) == 0


def test_preview_shows_the_need_and_saves_nothing(as_rep, session):
    response = as_rep.post("/survey/needs/new", data=need_form(action="preview", confidential="y"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Preview: the need as others will see it" in page
    assert f"N-{YEAR}-001" in page
    preview = page.split('id="preview-title"')[1].split("</section>")[0]
    assert "Incident response and CSIRTs" in preview
    assert "1 February 2027 to 31 July 2027" in preview
    assert "Confidential: only your State's representatives and the focal point" in preview
    assert 'class="badge badge-confidential"' in preview
    assert 'value="Malware analysis for the national CERT"' in page
    assert count(session, Need) == 0
    assert count(session, Survey) == 0


def test_topic_in_the_query_string_is_ticked(as_rep):
    page = as_rep.get("/survey/needs/new?topic=awareness").get_data(as_text=True)
    assert is_checked(page, "topics", "awareness")
    assert not is_checked(page, "topics", "education")


# --- bad input ---------------------------------------------------------------------------------

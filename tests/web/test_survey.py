"""The needs survey of a State: maturity, needs (preview, edit, close, withdraw), submission."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from models import MaturityAssessment, Need, NeedStatus, Organisation, Role, Survey, SurveyStatus
from models.organisation import ProviderType
from tests.factories import make_need, make_user, state
from webapp.services.needs import operations as need_service
from webapp.services.needs import survey as survey_service

PASSWORD = "correct horse battery"
YEAR = date.today().year
DIMS = ("policy_strategy", "culture_society", "knowledge_capabilities", "legal_regulatory",
        "standards_technologies")  # fmt: skip
PAGES = ["/survey/", "/survey/maturity", "/survey/needs", "/survey/needs/new", "/survey/review"]


def login(client, user):
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def error_of(page: str, field_id: str) -> str | None:
    """The error shown next to a field (its ``<id>-error`` element), or None."""
    found = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', page)
    return html.unescape(found.group(1)) if found else None


def is_checked(page: str, name: str, value: str) -> bool:
    """Whether the radio button or checkbox ``name=value`` is rendered checked."""
    for tag in re.findall(r"<input [^>]*>", page):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no input {name}={value}")


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def maturity_form(stages=(2, 3, 1, 4, 3), **extra):
    data = {f"stage_{d}": str(s) for d, s in zip(DIMS, stages, strict=True)}
    data.update({f"comment_{d}": "" for d in DIMS})
    data.update(extra)
    return data


def need_form(**overrides):
    data = {
        "title": "Malware analysis for the national CERT",
        "description": "Six analysts, no malware lab; samples go abroad and come back weeks later.",
        "topics": ["incident-response", "professional-training"],
        "support_types": ["training", "equipment"],
        "languages": ["fr"],
        "other_languages": "",
        "modality": "hybrid",
        "start": "2027-02-01",
        "end": "2027-07-31",
        "priority": "high",
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def rep(session):
    user = make_user(session, email="rep@senegal.example")
    session.commit()
    return user


@pytest.fixture
def as_rep(client, rep):
    login(client, rep)
    return client


def add_need(session, user, iso3="SEN", **overrides):
    """A need stored through the service, as the survey does."""
    raw = {
        k: v for k, v in need_form(**overrides).items() if k not in ("action", "other_languages")
    }
    raw["confidential"] = bool(raw.get("confidential"))
    data = need_service.check_need(state(session, iso3), raw)
    need = need_service.create_need(state(session, iso3), data, actor=user)
    session.commit()
    return need


# --- access ----------------------------------------------------------------------------------


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
        senegal, {d.slug: (2, "") for d in survey_service.cmm_dimensions()}, actor=rep
    )
    add_need(session, rep, title="Submitted need")
    survey_service.submit_survey(senegal, actor=rep)
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
    assert [n.ref for n in needs] == [f"N-SEN-{YEAR}-001", f"N-SEN-{YEAR}-002"]
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
    assert f"N-SEN-{YEAR}-001" in page
    preview = page.split('id="preview-title"')[1].split("</section>")[0]
    assert "Incident response and CSIRTs" in preview
    assert "2027-02-01 to 2027-07-31" in preview
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

BAD_NEEDS = [
    ({"title": ""}, "title", "Title is required."),
    ({"description": "   "}, "description", "Description is required."),
    ({"title": "x" * 201}, "title", "Title is 201 characters long; the limit is 200."),
    ({"description": "y" * 5001}, "description", "limit is 5000"),
    ({"start": "2027-02-30"}, "start", "'2027-02-30' is not a real calendar date."),
    ({"end": "31/12/2027"}, "end", "'31/12/2027' is not a date in the form YYYY-MM-DD."),
    ({"start": "2027-08-01"}, "end", "2027-07-31 is before start 2027-08-01."),
    ({"other_languages": "xx, pt"}, "other_languages", "Not ISO 639-1 codes: xx."),
    ({"topics": ["incident-response", "nonsense"]}, "topics", "Unknown topic: nonsense."),
    ({"support_types": ["bribes"]}, "support_types", "Unknown support type: bribes."),
    ({"modality": "by-pigeon"}, "modality", "'by-pigeon' is not one of"),
    ({"priority": "urgent"}, "priority", "'urgent' is not one of high, medium, low."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_NEEDS)
def test_bad_need_input_is_shown_next_to_its_field_and_nothing_is_written(
    as_rep, session, change, field, message
):
    for action in ("save", "preview"):
        response = as_rep.post("/survey/needs/new", data=need_form(action=action, **change))
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert message in (error_of(page, field) or "")
        assert "Please correct the highlighted" in page
        assert "Preview: the need" not in page
        typed = next(iter(change.values()))
        if isinstance(typed, str) and typed.strip() and len(typed) < 300:
            assert html.escape(typed) in page  # what was typed is kept
        assert count(session, Need) == 0
        assert count(session, Survey) == 0


def test_bad_input_when_editing_keeps_the_stored_need(as_rep, session, rep):
    need = add_need(session, rep)
    response = as_rep.post(
        f"/survey/needs/{need.ref}/edit", data=need_form(title="", end="2026-01-01")
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_of(page, "title") == "Title is required."
    assert "2026-01-01 is before start" in error_of(page, "end")
    assert 'value="2026-01-01"' in page
    session.expire_all()
    assert session.get(Need, need.id).title == "Malware analysis for the national CERT"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"stage_culture_society": None}, "stage_culture_society", "Choose the stage"),
        ({"stage_legal_regulatory": "9"}, "stage_legal_regulatory", "Choose one of the five"),
        ({"comment_policy_strategy": "z" * 2001}, "comment_policy_strategy", "2000"),
    ],
)
def test_bad_maturity_input_is_shown_next_to_its_field_and_nothing_is_written(
    as_rep, session, change, field, message
):
    data = maturity_form(comment_standards_technologies="Kept comment")
    data.update(change)
    response = as_rep.post(
        "/survey/maturity", data={k: v for k, v in data.items() if v is not None}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in (error_of(page, field) or "")
    assert "Kept comment</textarea>" in page
    assert is_checked(page, "stage_knowledge_capabilities", "1")  # the other answers are kept
    assert count(session, MaturityAssessment) == 0
    assert count(session, Survey) == 0


# --- editing, closing, withdrawing ------------------------------------------------------------


def test_editing_a_need_shows_it_and_keeps_its_ref(as_rep, session, rep):
    need = add_need(session, rep, other_languages=None, languages=["fr", "en"])
    page = as_rep.get(f"/survey/needs/{need.ref}/edit").get_data(as_text=True)
    assert 'value="Malware analysis for the national CERT"' in page
    assert 'value="2027-02-01"' in page
    changed = as_rep.post(f"/survey/needs/{need.ref}/edit",
                          data=need_form(title="Malware lab", other_languages="wo"))  # fmt: skip
    assert changed.status_code == 302
    session.expire_all()
    stored = session.get(Need, need.id)
    assert (stored.ref, stored.title, stored.status) == (need.ref, "Malware lab", NeedStatus.DRAFT)
    assert stored.languages == ["fr", "wo"]


def test_closing_asks_first_and_the_closed_need_stays_listed(as_rep, session, rep):
    need = add_need(session, rep)
    need_service.open_drafts(state(session, "SEN"), actor=rep)
    session.commit()
    confirm = as_rep.get(f"/survey/needs/{need.ref}/close")
    assert confirm.status_code == 200
    assert "Close this need?" in confirm.get_data(as_text=True)
    session.expire_all()
    assert session.get(Need, need.id).status is NeedStatus.OPEN

    done = as_rep.post(f"/survey/needs/{need.ref}/close", follow_redirects=True)
    assert f"Need {need.ref} is closed." in done.get_data(as_text=True)
    session.expire_all()
    assert session.get(Need, need.id).status is NeedStatus.CLOSED
    listing = as_rep.get("/survey/needs").get_data(as_text=True)
    assert 'class="badge badge-closed">Closed<' in listing
    assert f"/survey/needs/{need.ref}/edit" not in listing
    refused = as_rep.post(f"/survey/needs/{need.ref}/edit", data=need_form(title="Reopened?"))
    assert refused.status_code == 302
    session.expire_all()
    assert session.get(Need, need.id).title != "Reopened?"


def test_a_draft_can_be_withdrawn_but_not_closed(as_rep, session, rep):
    need = add_need(session, rep)
    refused = as_rep.post(f"/survey/needs/{need.ref}/close", follow_redirects=True)
    assert "it cannot be closed" in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Need, need.id).status is NeedStatus.DRAFT
    assert "Withdraw this need?" in as_rep.get(f"/survey/needs/{need.ref}/withdraw").get_data(
        as_text=True
    )
    as_rep.post(f"/survey/needs/{need.ref}/withdraw")
    session.expire_all()
    assert session.get(Need, need.id).status is NeedStatus.WITHDRAWN
    assert "badge-withdrawn" in as_rep.get("/survey/needs").get_data(as_text=True)


def test_refs_count_up_per_state_and_year(session, rep):
    first = add_need(session, rep)
    second = add_need(session, rep)
    assert (first.ref, second.ref) == (f"N-SEN-{YEAR}-001", f"N-SEN-{YEAR}-002")
    assert need_service.next_ref(state(session, "FJI")) == f"N-FJI-{YEAR}-001"


def test_an_imported_ref_in_superscript_digits_does_not_stop_new_needs(as_rep, session, rep):
    """An imported "N-SEN-<year>-²" made every new need of the year a 500 (int("²") fails)."""
    add_need(session, rep)
    make_need(session, ref=f"N-SEN-{YEAR}-²", state="SEN")
    session.commit()
    assert as_rep.post("/survey/needs/new", data=need_form(not_duplicate="y")).status_code == 302
    refs = set(session.scalars(select(Need.ref).where(Need.state_id == rep.state_id)))
    assert f"N-SEN-{YEAR}-002" in refs


def test_empty_pages_say_what_to_do(as_rep):
    needs_page = as_rep.get("/survey/needs").get_data(as_text=True)
    assert "Senegal has no needs yet." in needs_page
    review = as_rep.get("/survey/review").get_data(as_text=True)
    assert "Not assessed yet." in review
    assert "No draft needs." in review

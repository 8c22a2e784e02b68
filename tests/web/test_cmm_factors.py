"""The self-assessment by CMM factor: the 23 factors, ratings, derived dimensions, suggestions."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask_babel import refresh
from sqlalchemy import select

from models import Factor, FactorRating, MaturityAssessment, Need, NeedStatus, SuggestionAnswer
from seed_data import reference
from tests.factories import state
from tests.survey_support import FACTORS, count, error_of, is_checked, maturity_form, need_form
from webapp.services.needs import factors as cmm
from webapp.services.needs import survey as survey_service

#: The source: Cybersecurity Capacity Maturity Model for Nations (CMM), 2021 Edition, Global
#: Cyber Security Capacity Centre, University of Oxford (March 2021), its table of contents.
CMM_2021 = {
    "policy-strategy": ("Cybersecurity Policy and Strategy", [
        ("D1.1", "National Cybersecurity Strategy"),
        ("D1.2", "Incident Response and Crisis Management"),
        ("D1.3", "Critical Infrastructure (CI) Protection"),
        ("D1.4", "Cybersecurity in Defence and National Security"),
    ]),
    "culture-society": ("Cybersecurity Culture and Society", [
        ("D2.1", "Cybersecurity Mind-set"),
        ("D2.2", "Trust and Confidence Online"),
        ("D2.3", "User Understanding of Personal Information Protection Online"),
        ("D2.4", "Reporting Mechanisms"),
        ("D2.5", "Media and Online Platforms"),
    ]),
    "knowledge-capabilities": ("Building Cybersecurity Knowledge and Capabilities", [
        ("D3.1", "Building Cybersecurity Awareness"),
        ("D3.2", "Cybersecurity Education"),
        ("D3.3", "Cybersecurity Professional Training"),
        ("D3.4", "Cybersecurity Research and Innovation"),
    ]),
    "legal-regulatory": ("Legal and Regulatory Frameworks", [
        ("D4.1", "Legal and Regulatory Provisions"),
        ("D4.2", "Related Legislative Frameworks"),
        ("D4.3", "Legal and Regulatory Capability and Capacity"),
        ("D4.4", "Formal and Informal Cooperation Frameworks to Combat Cybercrime"),
    ]),
    "standards-technologies": ("Standards and Technologies", [
        ("D5.1", "Adherence to Standards"),
        ("D5.2", "Security Controls"),
        ("D5.3", "Software Quality"),
        ("D5.4", "Communications and Internet Infrastructure Resilience"),
        ("D5.5", "Cybersecurity Marketplace"),
        ("D5.6", "Responsible Disclosure"),
    ]),
}  # fmt: skip
SOURCE = [(code, name, dim) for dim, (_, rows) in CMM_2021.items() for code, name in rows]
#: What an untranslated or unfinished text looks like: a marker, a format placeholder, markup.
PLACEHOLDER = re.compile(r"TODO|FIXME|XXX|TBD|\?\?|[{}<>%]|^\W*$")  # "todo" is Spanish


def test_the_seed_has_the_23_factors_of_the_2021_edition_with_their_dimensions():
    data = reference.cmm()
    seeded = [(f["code"], f["name"]["en"], f["dimension"]) for f in data["factors"]]
    assert seeded == SOURCE
    assert len(seeded) == 23
    assert data["citation"]["year"] == 2021
    assert data["citation"]["url"] == "https://gcscc.ox.ac.uk/the-cmm"
    taxonomy = reference.taxonomy()
    topics = {t["slug"] for t in taxonomy["topics"]}
    kinds = {k["slug"] for k in taxonomy["support_types"]}
    for factor in data["factors"]:
        for part in ("name", "description"):
            assert set(factor[part]) == {"en", "fr", "es", "ar", "ru", "zh"}, factor["code"]
            assert all(factor[part].values()), factor["code"]
        assert list(factor["stages"]) == list(data["stages"]), factor["code"]
        for stage, texts in factor["stages"].items():
            where = f"{factor['code']} {stage}"
            assert set(texts) == {"en", "fr", "es", "ar", "ru", "zh"}, where
            assert all(text.strip() for text in texts.values()), where
            assert not any(PLACEHOLDER.search(text) for text in texts.values()), where
            assert all(texts[lang] != texts["en"] for lang in texts if lang != "en"), where
        for stage in ("start-up", "formative"):
            assert all(factor["suggestions"][stage].values()), factor["code"]
            assert len(factor["suggestions"][stage]) == 6, factor["code"]
        assert factor["topics"], factor["code"]
        assert set(factor["topics"]) <= topics, factor["code"]
        assert factor["support_types"], factor["code"]
        assert set(factor["support_types"]) <= kinds, factor["code"]


def test_init_loads_the_factors_into_the_database(session):
    rows = session.scalars(select(Factor).order_by(Factor.position)).all()
    assert [(f.code, f.label_en, f.dimension.slug) for f in rows] == SOURCE
    assert rows[0].label("fr") == "Stratégie nationale de cybersécurité"


@pytest.mark.parametrize(
    ("stages", "derived"),
    [((4,), 4), ((1, 2), 2), ((1, 1, 2), 1), ((2, 3, 3), 3), ((1, 2, 3, 4, 5), 3), ((2, 3), 3)],
)
def test_a_dimension_is_the_rounded_mean_of_its_factors_halves_up(stages, derived):
    assert cmm.derived_stage(stages) == derived


def in_language(client, lang):
    """The client, reading in ``lang`` from now on (as if chosen in the header's menu)."""
    client.post("/language", data={"language": lang})
    refresh()  # the test's app context outlives requests: forget the locale it cached
    return client


def stages_of(session):
    session.expire_all()
    rows = session.scalars(select(MaturityAssessment)).all()
    return {a.dimension.slug: (a.stage, a.derived) for a in rows}


def test_factor_ratings_are_saved_and_each_dimension_derived(as_rep, session):
    data = maturity_form((1, 3, 2, 4, 5), comment_legal_regulatory="Bill before parliament.")
    data.update({"factor_d1_1": "2", "factor_d1_2": "", "factor_d1_3": "", "factor_d1_4": "1"})
    data.update({f"factor_{k}": "" for k in FACTORS["standards_technologies"]})
    response = as_rep.post("/survey/maturity", data=data)
    assert response.status_code == 302
    ratings = {r.factor.code: r.stage for r in session.scalars(select(FactorRating))}
    assert len(ratings) == 23 - 2 - 6  # not assessed: no row
    assert ratings["D1.1"] == 2
    assert "D1.2" not in ratings
    assert stages_of(session) == {
        "policy-strategy": (2, True),  # (2 + 1) / 2 = 1.5, halves up
        "culture-society": (3, True),
        "knowledge-capabilities": (2, True),
        "legal-regulatory": (4, True),
    }  # standards-technologies: no factor assessed, so no stage
    assert (
        session.scalars(select(MaturityAssessment.comment).join(MaturityAssessment.dimension))
        .all()
        .count("Bill before parliament.")
        == 1
    )
    page = as_rep.get("/survey/maturity").get_data(as_text=True)
    assert is_checked(page, "factor_d1_1", "2")
    assert is_checked(page, "factor_d1_2", "")  # "Not assessed"
    assert is_checked(page, "factor_d5_6", "")
    # Unrating every factor of a dimension removes its derived stage.
    data.update({f"factor_{k}": "" for k in FACTORS["policy_strategy"]})
    assert as_rep.post("/survey/maturity", data=data).status_code == 302
    assert "policy-strategy" not in stages_of(session)


def test_the_maturity_step_shows_each_factor_with_its_stage_descriptions(as_rep):
    page = unescape(as_rep.get("/survey/maturity").get_data(as_text=True))
    assert page.count('class="factor field') == 23
    assert '<legend><span class="factor-code">D4.3</span> Legal and Regulatory Capability' in page
    assert "No specific law on cybersecurity or cybercrime" not in page  # paraphrased, as seeded
    assert "There is no specific law on cybersecurity or cybercrime." in page
    assert is_checked(page, "factor_d4_1", "")  # not assessed by default
    french = unescape(in_language(as_rep, "fr").get("/survey/maturity").get_data(as_text=True))
    assert "Dispositions juridiques et réglementaires" in french
    assert "Non évalué" in french
    assert "Il n'existe pas de loi spécifique sur la cybersécurité ou la cybercriminalité." in (
        french
    )
    assert "There is no specific law" not in french
    assert "résumés succincts du modèle établis par cbmatch" in french
    arabic = unescape(in_language(as_rep, "ar").get("/survey/maturity").get_data(as_text=True))
    assert "لا يوجد قانون خاص بالأمن السيبراني أو الجريمة السيبرانية." in arabic


def test_a_reseed_gives_an_existing_database_the_translated_stages(session):
    from seed_data.loaders import load_reference

    factor = session.scalars(select(Factor).where(Factor.code == "D5.6")).one()
    english = {slug: texts["en"] for slug, texts in factor.texts["stages"].items()}
    factor.texts = {**factor.texts, "stages": english}  # as loaded before the translations
    session.commit()
    old = factor.stage_text("dynamic", "ru")  # an old row: English, whatever the language
    assert old == "Disclosure practice is mature and shared internationally."
    assert load_reference(session) >= 1
    session.commit()
    session.expire_all()
    assert factor.stage_text("dynamic", "ru") == (
        "Практика раскрытия сложилась и распространяется на международном уровне."
    )
    assert factor.stage_text("dynamic", "xx") == factor.stage_text("dynamic", "en")


def test_a_state_rated_by_dimension_only_keeps_its_chart_and_stages(as_rep, session, rep):
    sen = state(session, "SEN")
    dims = [d.slug for d in survey_service.cmm_dimensions(session)]
    survey_service.save_maturity(session, sen, dict.fromkeys(dims, (2, "Old")), actor=rep)
    session.commit()
    profile = as_rep.get("/states/SEN").get_data(as_text=True)
    assert profile.count('class="chart-bar" data-stage="2"') == 5
    assert "before factors" in as_rep.get("/survey/maturity").get_data(as_text=True)
    # Rating the factors of one dimension replaces its stage; the others keep theirs.
    data = {f"factor_{k}": "4" for k in FACTORS["policy_strategy"]}
    assert as_rep.post("/survey/maturity", data=data).status_code == 302
    assert stages_of(session) == {"policy-strategy": (4, True)} | dict.fromkeys(
        dims[1:], (2, False)
    )
    assert survey_service.progress(session, sen).maturity_done


# --- suggested needs ----------------------------------------------------------------------------


def rate(client, **stages):
    data = {f"factor_{code}": str(stage) for code, stage in stages.items()}
    assert client.post("/survey/maturity", data=data).status_code == 302


def suggested(client) -> list[str]:
    return re.findall(r'data-factor="([\w.]+)"', client.get("/survey/needs").get_data(as_text=True))


def test_a_factor_at_start_up_suggests_its_need_and_accepting_adds_a_draft(as_rep, session):
    rate(as_rep, d4_1=1, d4_2=3, d1_2=2, d5_6=3)
    page = unescape(as_rep.get("/survey/needs").get_data(as_text=True))
    assert "Suggested from your self-assessment" in page
    assert "Support to draft cybercrime and cybersecurity legislation" in page  # D4.1 start-up
    assert "Training and tools for the national CSIRT and crisis exercises" in page  # formative
    assert suggested(as_rep) == ["D1.2", "D4.1"]  # established factors suggest nothing

    done = as_rep.post("/survey/suggestions/D4.1/accept", follow_redirects=True)
    assert "is saved as a draft" in done.get_data(as_text=True)
    need = session.scalars(select(Need)).one()
    assert need.title == "Support to draft cybercrime and cybersecurity legislation"
    assert need.status is NeedStatus.DRAFT
    assert [t.slug for t in need.topics] == ["cybercrime-legislation"]
    assert [s.slug for s in need.support_types] == ["advisory"]
    assert "D4.1 Legal and Regulatory Provisions" in need.description
    assert suggested(as_rep) == ["D1.2"]  # answered: no longer suggested
    again = as_rep.post("/survey/suggestions/D4.1/accept", follow_redirects=True)
    assert "D4.1 suggests no need now." in again.get_data(as_text=True)
    assert count(session, Need) == 1


def test_ignoring_a_suggestion_hides_it_until_the_stage_changes(as_rep, session):
    rate(as_rep, d1_1=1)
    assert suggested(as_rep) == ["D1.1"]
    assert as_rep.post("/survey/suggestions/D1.1/ignore").status_code == 302
    assert suggested(as_rep) == []
    assert count(session, Need) == 0
    assert session.scalars(select(FactorRating.answer)).one() is SuggestionAnswer.IGNORED
    rate(as_rep, d1_1=2)  # a new stage asks again, with that stage's need
    assert suggested(as_rep) == ["D1.1"]
    page = unescape(as_rep.get("/survey/needs").get_data(as_text=True))
    assert "Support to implement and review the national cybersecurity strategy" in page


def test_editing_a_suggestion_opens_the_need_form_prefilled_and_saving_accepts_it(as_rep, session):
    rate(as_rep, d3_3=1)
    form = as_rep.get("/survey/needs/new?factor=D3.3").get_data(as_text=True)
    assert 'value="Professional cybersecurity training for government IT staff"' in form
    assert is_checked(form, "topics", "professional-training")
    assert is_checked(form, "support_types", "training")
    assert '<input type="hidden" name="factor" value="D3.3">' in form
    saved = as_rep.post("/survey/needs/new", data=need_form(
        title="CERT staff training", topics=["professional-training"], factor="D3.3"))  # fmt: skip
    assert saved.status_code == 302
    assert session.scalars(select(Need.title)).one() == "CERT staff training"
    assert suggested(as_rep) == []


def test_suggestions_are_in_the_readers_language(as_rep):
    rate(as_rep, d2_4=1)
    page = unescape(in_language(as_rep, "es").get("/survey/needs").get_data(as_text=True))
    assert "Apoyo para crear un canal de denuncia de incidentes y delitos cibernéticos" in page


def test_answers_to_a_factor_without_a_suggestion_or_an_unknown_answer_are_refused(as_rep, session):
    rate(as_rep, d1_1=4)
    refused = as_rep.post("/survey/suggestions/D1.1/accept", follow_redirects=True)
    assert "D1.1 suggests no need now." in refused.get_data(as_text=True)
    assert as_rep.post("/survey/suggestions/D9.9/ignore", follow_redirects=True).status_code == 200
    assert as_rep.post("/survey/suggestions/D1.1/maybe").status_code == 404
    assert count(session, Need) == 0


def test_a_legal_dimension_at_start_up_gets_topics_suggested_even_when_others_are_as_low(
    as_rep, session, rep
):
    """Issue 21: only the two weakest dimensions were suggested, so the fourth got nothing."""
    sen = state(session, "SEN")
    dims = [d.slug for d in survey_service.cmm_dimensions(session)]
    survey_service.save_maturity(session, sen, dict.fromkeys(dims, (1, "")), actor=rep)
    session.commit()
    profile = as_rep.get("/states/SEN").get_data(as_text=True)
    assert 'data-dimension="legal-regulatory"' in profile.split('id="suggestions"')[1]
    assert 'data-topic="cybercrime-legislation"' in profile


def test_a_comment_error_keeps_every_answer(as_rep, session):
    data = maturity_form(comment_legal_regulatory="z" * 2001)
    response = as_rep.post("/survey/maturity", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "2000" in (error_of(page, "comment_legal_regulatory") or "")
    assert is_checked(page, "factor_d4_4", "4")
    assert count(session, FactorRating) == 0


def test_the_dimensions_carry_the_2021_names(session):
    from models import Dimension

    names = dict(session.execute(select(Dimension.slug, Dimension.label_en)).all())
    assert {slug: names[slug] for slug in CMM_2021} == {k: v[0] for k, v in CMM_2021.items()}


def test_a_save_without_comments_starts_each_dimension_with_an_empty_one(session, rep):
    sen = state(session, "SEN")
    rows = cmm.save_factors(session, sen, {"D4.1": 1, "D4.2": 2}, {}, actor=rep)
    assert [(a.dimension.slug, a.stage, a.comment) for a in rows] == [("legal-regulatory", 2, "")]

"""The National Survey of Implementation step: its four parts, answers, suggested needs, imports."""

from __future__ import annotations

import io
import json
import re
from html import unescape

import pytest
from sqlalchemy import select

from models import AuditEntry, Need, NeedStatus, NsiAnswer, NsiChoice, Role, SuggestionAnswer
from seed_data import reference
from tests.factories import make_user, state
from tests.survey_support import count, error_of, is_checked, login, need_form
from webapp.services.needs import nsi

LANGUAGES = {"en", "fr", "es", "ar", "ru", "zh"}
#: The norms of A/70/174, paragraph 13: (a) to (k).
NORMS = [f"N2.{c}" for c in "abcdefghijk"]


def in_six_languages(texts):
    return set(texts) == LANGUAGES and all(texts.values())


def answers_of(session, iso3="SEN"):
    session.expire_all()
    rows = session.scalars(select(NsiAnswer).where(NsiAnswer.state_id == state(session, iso3).id))
    return {r.question: (r.choice.value if r.choice else None, r.text, r.comment) for r in rows}


def blank_form(**answers):
    """Every question of the page, unanswered, with ``answers`` (``q_n1_1="yes"``) filled in."""
    data = {}
    for q in nsi.questions().values():
        data[f"q_{q.slug}"] = ""
        if q.has_choice:
            data[f"c_{q.slug}"] = ""
    data.update(answers)
    return data


def test_the_seed_has_four_parts_the_eleven_norms_and_six_languages():
    data = reference.nsi()
    assert [p["code"] for p in data["parts"]] == ["1", "2", "3", "4"]
    assert "not checked" in data["note"] or "NOT the published NSI text" in data["note"]
    assert "A/75/816" in data["citation"]["proposed_in"]
    assert [q["code"] for q in data["parts"][1]["questions"]] == NORMS
    taxonomy = reference.taxonomy()
    topics = {t["slug"] for t in taxonomy["topics"]}
    kinds = {k["slug"] for k in taxonomy["support_types"]}
    needs = 0
    for part in data["parts"]:
        for key in ("title", "intro"):
            assert in_six_languages(part[key]), part["code"]
        for q in part["questions"]:
            assert in_six_languages(q["text"]), q["code"]
            assert q["kind"] in nsi.KINDS
            if q["kind"] == "need":
                needs += 1
                assert in_six_languages(q["need_title"]), q["code"]
                assert q["topics"], q["code"]
                assert set(q["topics"]) <= topics, q["code"]
                assert q["support_types"], q["code"]
                assert set(q["support_types"]) <= kinds, q["code"]
    assert needs >= 5
    assert all(q.part == "4" for q in nsi.questions().values() if q.kind == "need")


def test_the_page_shows_the_four_parts_all_optional(as_rep):
    response = as_rep.get("/survey/nsi")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for n, title in enumerate(("National overview", "Norms of responsible State behaviour",
                               "Confidence-building measures",
                               "International cooperation and assistance"), start=1):  # fmt: skip
        assert f'id="part-{n}-title">Part {n}. {title}<' in page
    assert 'aria-current="step"' in page
    assert "National Survey of Implementation (optional)" in page
    assert is_checked(page, "q_n2_a", "")  # not answered by default
    assert "required" not in re.sub(r"<p class=\"lead\">.*?</p>", "", page, flags=re.S).lower()
    overview = as_rep.get("/survey/").get_data(as_text=True)
    assert "/survey/nsi" in overview
    assert "optional" in overview.lower()


def test_answers_are_saved_and_shown_again_blank_ones_removed(as_rep, rep, session):
    data = blank_form(q_n1_1="yes", c_n1_1="Adopted in 2022.", q_n1_2="Ministry of ICT; MFA.",
                      q_n2_c="partly", q_n4_3="yes")  # fmt: skip
    response = as_rep.post("/survey/nsi", data=data)
    assert response.status_code == 302
    assert answers_of(session) == {
        "N1.1": ("yes", "", "Adopted in 2022."),
        "N1.2": (None, "Ministry of ICT; MFA.", ""),
        "N2.c": ("partly", "", ""),
        "N4.3": ("yes", "", ""),
    }
    logged = session.scalars(select(AuditEntry).where(AuditEntry.entity == "nsi_answer")).all()
    assert sorted(e.record for e in logged) == ["SEN N1.1", "SEN N1.2", "SEN N2.c", "SEN N4.3"]
    assert {e.actor_id for e in logged} == {rep.id}
    page = as_rep.get("/survey/nsi").get_data(as_text=True)
    assert is_checked(page, "q_n1_1", "yes")
    assert is_checked(page, "q_n2_c", "partly")
    assert "Adopted in 2022." in page
    assert "Ministry of ICT; MFA." in page
    # Saving again with N2.c blank removes that answer only.
    assert as_rep.post("/survey/nsi", data={**data, "q_n2_c": ""}).status_code == 302
    assert set(answers_of(session)) == {"N1.1", "N1.2", "N4.3"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q_n1_1", "maybe", "'maybe' is not one of yes, partly, no, not_applicable"),
        ("c_n1_1", "A comment with no answer", "Choose an answer to keep a comment."),
        ("q_n1_2", "x" * 2001, "is 2001 characters long; the limit is 2000"),
    ],
)
def test_bad_input_names_the_field_keeps_the_input_and_writes_nothing(
    as_rep, session, field, value, message
):
    data = blank_form(q_n2_a="yes", **{field: value})
    response = as_rep.post("/survey/nsi", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in (error_of(page, field) or "")
    assert is_checked(page, "q_n2_a", "yes")  # the rest of the input is kept
    assert count(session, NsiAnswer) == 0


def test_part_four_suggests_needs_that_are_accepted_edited_or_ignored(as_rep, session):
    data = blank_form(q_n4_2="yes", q_n4_3="partly", q_n4_4="yes", q_n4_5="no", q_n1_1="yes")
    as_rep.post("/survey/nsi", data=data)
    page = as_rep.get("/survey/nsi").get_data(as_text=True)
    assert 'data-nsi-suggested="3"' in page
    needs_page = as_rep.get("/survey/needs").get_data(as_text=True)
    for code in ("N4.2", "N4.3", "N4.4"):
        assert f'id="suggestion-{code}"' in needs_page
    assert 'id="suggestion-N4.5"' not in needs_page  # answered no: nothing to suggest
    assert 'id="suggestion-N1.1"' not in needs_page  # not a need question
    # Accept: a draft need with the prefilled title, topics and support types.
    response = as_rep.post("/survey/suggestions/N4.3/accept")
    assert response.status_code == 302
    need = session.scalars(select(Need)).one()
    assert need.title == "Support to establish or strengthen the national CERT/CSIRT"
    assert [t.slug for t in need.topics] == ["incident-response"]
    assert sorted(s.slug for s in need.support_types) == ["technical-assistance", "training"]
    assert need.status is NeedStatus.DRAFT
    assert need.priority == "medium"
    assert "N4.3" in need.description
    # Edit: the need form opens prefilled; saving it counts as accepting.
    form = as_rep.get("/survey/needs/new?factor=N4.2").get_data(as_text=True)
    assert "Support to develop or review the national ICT security strategy" in unescape(form)
    assert 'name="factor" value="N4.2"' in form
    saved = as_rep.post("/survey/needs/new", data=need_form(
        title="National cybersecurity strategy review, 2027", factor="N4.2"))  # fmt: skip
    assert saved.status_code == 302
    # Ignore.
    assert as_rep.post("/survey/suggestions/N4.4/ignore").status_code == 302
    session.expire_all()
    answered = {r.question: r.suggestion for r in session.scalars(select(NsiAnswer))}
    assert answered["N4.3"] is SuggestionAnswer.ACCEPTED
    assert answered["N4.2"] is SuggestionAnswer.ACCEPTED
    assert answered["N4.4"] is SuggestionAnswer.IGNORED
    assert count(session, Need) == 2
    assert "suggestion-N4" not in as_rep.get("/survey/needs").get_data(as_text=True)
    # Answering again with another choice asks again.
    as_rep.post("/survey/nsi", data={**data, "q_n4_4": "partly"})
    assert 'id="suggestion-N4.4"' in as_rep.get("/survey/needs").get_data(as_text=True)
    # A question with no open suggestion is refused without writing.
    refused = as_rep.post("/survey/suggestions/N4.5/accept", follow_redirects=True)
    assert "N4.5 suggests no need now" in refused.get_data(as_text=True)
    assert count(session, Need) == 2


def upload(client, content: str | bytes, name: str):
    data = content.encode() if isinstance(content, str) else content
    return client.post("/survey/nsi/import", data={
        "action": "preview", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data")  # fmt: skip


GOOD_JSON = json.dumps({"state": "SEN", "answers": [
    {"question": "N1.1", "answer": "yes", "comment": "Adopted in 2022."},
    {"question": "N1.2", "answer": "Ministry of Communication"},
    {"question": "N4.3", "answer": "yes"},
]})  # fmt: skip


def test_a_json_file_is_previewed_then_saved_on_confirmation(as_rep, session):
    make = as_rep.post("/survey/nsi", data=blank_form(q_n1_1="no", q_n3_1="yes"))
    assert make.status_code == 302
    preview = upload(as_rep, GOOD_JSON, "nsi-sen.json")
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert 'data-question="N1.1" data-outcome="updated"' in page
    assert 'data-question="N1.2" data-outcome="created"' in page
    assert "N3.1" not in page  # not in the file: kept, not shown
    assert answers_of(session)["N1.1"] == ("no", "", "")  # nothing saved yet
    content = unescape(re.search(r'name="content" type="hidden" value="([^"]*)"', page)[1])
    done = as_rep.post("/survey/nsi/import", data={
        "action": "confirm", "content": content, "filename": "nsi-sen.json"})  # fmt: skip
    assert done.status_code == 302
    assert answers_of(session) == {
        "N1.1": ("yes", "", "Adopted in 2022."),
        "N1.2": (None, "Ministry of Communication", ""),
        "N3.1": ("yes", "", ""),
        "N4.3": ("yes", "", ""),
    }
    flashed = as_rep.get("/survey/nsi").get_data(as_text=True)
    assert "3 answers imported from nsi-sen.json. Added: 2. Changed: 1. Removed: 0." in flashed


def test_a_bad_file_is_refused_whole_with_each_problem_by_line_and_field(as_rep, session):
    csv_text = ("question,answer,comment\n"
                "N1.1,yes,Fine\n"
                "N9.9,yes,\n"
                "N2.a,perhaps,\n"
                "N1.1,no,\n"
                "N1.2,Ministry,\"a comment\"\n")  # fmt: skip
    response = upload(as_rep, csv_text, "answers.csv")
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert 'data-import-errors="4"' in page
    assert "line 3: question: 'N9.9' is not a question of the survey" in page
    assert "line 4: answer: N2.a: 'perhaps' is not one of yes, partly, no, not_applicable" in page
    assert "line 5: question: N1.1 is answered twice (first at line 2)" in page
    assert "line 6: comment: N1.2: N1.2 is answered in words" in page
    assert "Nothing was saved" in page
    assert count(session, NsiAnswer) == 0
    # A confirmation carrying a bad file (changed after the preview) writes nothing either.
    forged = as_rep.post("/survey/nsi/import", data={
        "action": "confirm", "content": csv_text, "filename": "answers.csv"})  # fmt: skip
    assert forged.status_code == 422
    assert count(session, NsiAnswer) == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("{not json", "a.json", "a.json: malformed JSON at line 1, column 2"),
        ('[{"question": "N1.1"}]', "a.json", 'expected a JSON object with an "answers" array'),
        (
            '{"state": "FRA", "answers": []}',
            "a.json",
            "a.json: state: is 'FRA', but the answers are imported for SEN",
        ),
        ("question,answer\nN1.1,yes\n", "a.txt", "unsupported file type '.txt'"),
        (b"question,answer\nN1.2,caf\xe9\n", "a.csv", "a.csv: not UTF-8 text"),
        ("answer,comment\nyes,\n", "a.csv", "line 1: question: column is missing"),
    ],
)
def test_unreadable_files_are_named_and_nothing_written(as_rep, session, content, name, message):
    response = upload(as_rep, content, name)
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert count(session, NsiAnswer) == 0


def test_no_file_chosen_is_a_field_error(as_rep):
    response = as_rep.post("/survey/nsi/import", data={"action": "preview"})
    assert response.status_code == 422
    assert "Choose a .json or .csv file to import." in response.get_data(as_text=True)


def test_the_example_files_in_docs_import_cleanly(session):
    from pathlib import Path

    from webapp.services.needs import nsi_files

    root = Path(__file__).resolve().parents[2] / "docs" / "examples"
    senegal = state(session, "SEN")
    for name in ("nsi-answers.json", "nsi-answers.csv"):
        entries = nsi_files.read_answers((root / name).read_bytes(), name, senegal)
        assert entries["N1.1"].choice is NsiChoice.YES
        assert len(entries) >= 5


def test_the_focal_point_reads_the_answers_on_the_state_page_others_do_not(app, session):
    rep = make_user(session, email="rep@sen.example")
    focal = make_user(session, role=Role.FOCAL_POINT, email="fp@example.org")
    other = make_user(session, email="rep@fra.example", state_code="FRA")
    session.commit()
    nsi.save_answers(session, state(session, "SEN"), {
        "N1.2": nsi.Entry(text="Secret agency list")}, actor=rep)  # fmt: skip
    session.commit()
    assert "Secret agency list" not in app.test_client().get("/states/SEN").get_data(as_text=True)
    for user, sees in ((rep, True), (focal, True), (other, False)):
        client = app.test_client()
        login(client, user)
        page = client.get("/states/SEN").get_data(as_text=True)
        assert ("Secret agency list" in page) is sees, user.email
        assert ('id="nsi-title"' in page) is sees
    pdf_text = app.test_client().get("/states/SEN.pdf")
    assert b"Secret agency list" not in pdf_text.data

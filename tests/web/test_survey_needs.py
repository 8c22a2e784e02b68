"""The survey's need form: bad input next to its field, editing, closing, withdrawing, refs."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from models import AuditEntry, FactorRating, MaturityAssessment, Need, NeedStatus, Survey
from tests.factories import make_need, state
from tests.survey_support import (
    FACTORS,
    YEAR,
    add_need,
    count,
    error_of,
    is_checked,
    maturity_form,
    need_form,
)
from webapp.services.needs import operations as need_service

BAD_NEEDS = [
    ({"title": ""}, "title", "Title is required."),
    ({"description": "   "}, "description", "Description is required."),
    ({"title": "x" * 201}, "title", "Title is 201 characters long; the limit is 200."),
    ({"description": "y" * 5001}, "description", "limit is 5000"),
    (
        {"start": "2027-02-30"},
        "start",
        "From must be a date written as YYYY-MM-DD, e.g. 2027-03-01; “2027-02-30” is not one.",
    ),
    (
        {"end": "31/12/2027"},
        "end",
        "Until must be a date written as YYYY-MM-DD, e.g. 2027-03-01; “31/12/2027” is not one.",
    ),
    ({"start": "2027-08-01"}, "end", "2027-07-31 is before start 2027-08-01."),
    ({"other_languages": "xx, pt"}, "other_languages", "Not ISO 639-1 codes: xx."),
    ({"topics": ["incident-response", "nonsense"]}, "topics", "Unknown topic: nonsense."),
    ({"support_types": ["bribes"]}, "support_types", "Unknown support type: bribes."),
    ({"modality": "by-pigeon"}, "modality", "'by-pigeon' is not one of"),
    ({"priority": "urgent"}, "priority", "'urgent' is not one of high, medium, low."),
    (
        {"funding_required": "y", "funding_amount": "25 000"},
        "funding_currency",
        "Currency is required with an amount.",
    ),
    (
        {"funding_required": "y", "funding_amount": "lots", "funding_currency": "EUR"},
        "funding_amount",
        "'lots' is not a whole amount of at least 1.",
    ),
    (
        {"funding_required": "y", "funding_amount": "500", "funding_currency": "EURO"},
        "funding_currency",
        "'EURO' is not an ISO 4217 currency code.",
    ),
    (
        {"funding_amount": "500", "funding_currency": "EUR"},
        "funding_amount",
        "the need does not say it requires funding: tick it, or clear the amount.",
    ),
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
        ({"factor_d4_1": "9"}, "factor_d4_1", "Choose one of the five stages, or Not assessed"),
        ({"factor_d5_6": "dynamic"}, "factor_d5_6", "Choose one of the five stages"),
        ({"comment_policy_strategy": "z" * 2001}, "comment_policy_strategy", "2000"),
        (  # a comment on a dimension none of whose factors is assessed has nowhere to go
            {**{f"factor_{k}": "" for k in FACTORS["culture_society"]},
             "comment_culture_society": "Only the capital."},
            "comment_culture_society", "Rate at least one factor of this dimension",
        ),
    ],
)  # fmt: skip
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
    assert is_checked(page, "factor_d3_1", "1")  # the other answers are kept
    assert f"{field}-error" in page  # next to its field, and named in the summary
    assert 'href="#' + field + '"' in page
    assert count(session, MaturityAssessment) == 0
    assert count(session, FactorRating) == 0
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
    need_service.open_drafts(session, state(session, "SEN"), actor=rep)
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


def test_a_draft_is_deleted_after_confirmation_not_withdrawn_and_the_log_keeps_it(
    as_rep, session, rep
):
    """Issue 21: a draft never submitted offered "Withdraw"; it is deleted, after a question."""
    need = add_need(session, rep)
    refused = as_rep.post(f"/survey/needs/{need.ref}/close", follow_redirects=True)
    assert "it cannot be closed" in refused.get_data(as_text=True)
    listing = as_rep.get("/survey/needs").get_data(as_text=True)
    assert f"/survey/needs/{need.ref}/delete" in listing
    assert f"/survey/needs/{need.ref}/withdraw" not in listing
    not_withdrawn = as_rep.post(f"/survey/needs/{need.ref}/withdraw", follow_redirects=True)
    assert "it cannot be withdrawn" in not_withdrawn.get_data(as_text=True)
    asked = as_rep.get(f"/survey/needs/{need.ref}/delete").get_data(as_text=True)
    assert "Delete this draft?" in asked
    assert f"Delete draft {need.ref}" in asked
    done = as_rep.post(f"/survey/needs/{need.ref}/delete", follow_redirects=True)
    assert f"Draft {need.ref} is deleted." in done.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(Need).where(Need.ref == need.ref)) is None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.record == need.ref)).all()
    assert [e.action for e in entry] == ["create", "delete"]


def test_a_submitted_need_cannot_be_deleted(as_rep, session, rep):
    need = add_need(session, rep)
    need.status = NeedStatus.OPEN
    session.commit()
    refused = as_rep.post(f"/survey/needs/{need.ref}/delete", follow_redirects=True)
    assert "only a draft can be deleted" in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Need, need.id).status is NeedStatus.OPEN


def test_refs_follow_one_pattern_per_year_and_never_name_the_state(session, rep):
    """Issue 21: web refs were N-SEN-2026-001 while imported ones were N-2026-053."""
    make_need(session, ref=f"N-{YEAR}-053", state="KEN")
    make_need(session, i=1, ref=f"N-SEN-{YEAR}-007", state="SEN")  # an earlier pattern, kept
    session.commit()
    first = add_need(session, rep)
    second = add_need(session, rep)
    assert (first.ref, second.ref) == (f"N-{YEAR}-054", f"N-{YEAR}-055")
    assert need_service.next_ref(session) == f"N-{YEAR}-056"
    assert session.scalar(select(Need.ref).where(Need.ref == f"N-SEN-{YEAR}-007"))


def test_an_imported_ref_in_superscript_digits_does_not_stop_new_needs(as_rep, session, rep):
    """An imported "N-SEN-<year>-²" made every new need of the year a 500 (int("²") fails)."""
    add_need(session, rep)
    make_need(session, ref=f"N-{YEAR}-²", state="SEN")
    session.commit()
    assert as_rep.post("/survey/needs/new", data=need_form(not_duplicate="y")).status_code == 302
    refs = set(session.scalars(select(Need.ref).where(Need.state_id == rep.state_id)))
    assert f"N-{YEAR}-002" in refs


def test_empty_pages_say_what_to_do(as_rep):
    needs_page = as_rep.get("/survey/needs").get_data(as_text=True)
    assert "Senegal has no needs yet." in needs_page
    review = as_rep.get("/survey/review").get_data(as_text=True)
    assert "Not assessed yet." in review
    assert "No draft needs." in review

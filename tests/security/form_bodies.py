"""What the fuzzed forms may send: a valid body per form, and the values each field may take.

The test tables that use them are in tests/security/test_fuzz_web.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from seed_data import reference
from tests.security.strategies import form, form_value
from tests.security.support import ORG_X, ORG_Y, PW, World

#: The 23 CMM factor codes (D1.1 ...), from the seed.
FACTOR_CODES = [f["code"] for f in reference.cmm()["factors"]]


def near_copy(w: World, record: str) -> dict[str, str]:
    """The title and description of a stored record, reworded as a resubmitted copy is, so that
    the form's duplicate warning is shown (see tests/web/test_duplicates.py)."""
    title, description = w.texts[record]
    added = "Contact us for details about dates and costs."
    return {"title": f"New: {title.lower()}", "description": f"{description} {added}"}


def valid_or_copy(valid: dict[str, str], w: World, record: str) -> st.SearchStrategy[Any]:
    """The valid body, or the same with the text of a near-copy of ``record``."""
    return st.sampled_from([valid, valid | near_copy(w, record)])


#: The "This is not a duplicate, save anyway" box on the need and offer forms.
NOT_DUPLICATE = form_value("y", "on", "false", "")


#: The need and offer forms' buttons, the topic suggestions' among them (nothing is saved).
SUGGESTING = {
    "action": form_value("preview", "save", "suggest", "suggest-all"),
    "add_topic": form_value("awareness", "nope", ""),
    "add_support": form_value("training", "cash"),
}


def suggest_tags_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    """The JSON endpoint the need and offer forms ask for topic suggestions as one types."""
    return form({"title": "CSIRT", "description": "Formation des analystes."},
                title=form_value("x" * 201, "", "CERT"),
                description=form_value("y" * 5001, "équipe de réponse aux incidents"))  # fmt: skip


def need_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    valid = {"title": "A need", "description": "Words.", "topics": "incident-response",
             "languages": "en", "modality": "any", "priority": "high"}  # fmt: skip
    return form(
        valid_or_copy(valid, w, "need_public2_a"), not_duplicate=NOT_DUPLICATE,
        version=form_value("1", "0", "99999999999999999999"),
        topics=form_value("incident-response", "awareness", "nope"),
        support_types=form_value("training", "cash"), languages=form_value("en", "fr", "xx"),
        other_languages=form_value("de, it", "Klingon", "pt;es"),
        modality=form_value("any", "remote", "teleport"), start=form_value("2027-01-01"),
        end=form_value("2026-01-01", "2027-06-30"), priority=form_value("high", "urgent"),
        confidential=form_value("y", "on", "false"), **SUGGESTING,
    )  # fmt: skip


#: Every State and M49 area as the offer form names them, read from the database by the test.
EVERY_AREA: dict[str, list[str]] = {}


def offer_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    valid = {
        "title": "An offer",
        "description": "Words.",
        "topics": "incident-response",
        "support_types": "training",
        "languages": "en",
        "modality": "any",
        "capacity": "2",
    }
    return form(
        valid_or_copy(valid, w, "offer_y"), not_duplicate=NOT_DUPLICATE,
        version=form_value("1", "0", "99999999999999999999"),
        topics=form_value("incident-response", "nope"), support_types=form_value("training"),
        languages=form_value("en", "English, French", "xx", "en fr"),
        modality=form_value("any", "remote", "teleport"), start=form_value("2027-01-01"),
        end=form_value("2026-01-01"), capacity=form_value("1", "3", "0", "2147483648", "1e309"),
        gender_marker=form_value("0", "2", "", "3", "-1"),
        eligible_groups=form_value("SIDS", "LDC", "Atlantis"),
        eligible_regions=form_value("Africa", "Europe"),
        eligible_subregions=form_value("Western Africa"),
        eligible_intermediate=form_value("Caribbean"),
        eligible_states=form_value("SEN", "XYZ"),
        **SUGGESTING,
    )  # fmt: skip


def maturity_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    keys = [d.replace("-", "_") for d in w.dimensions.split(",")]
    factors = [f"factor_{c.lower().replace('.', '_')}" for c in FACTOR_CODES]
    valid = dict.fromkeys(factors, "3")
    stages = {k: form_value("", "1", "3", "5", "0", "6", "D1.1") for k in factors}
    return form(valid, **stages, **{f"comment_{k}": form_value("Ok") for k in keys})


def nsi_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    """The NSI page: choices, comments and text answers, good and bad."""
    valid = {"q_n1_1": "yes", "c_n1_1": "Adopted.", "q_n1_2": "Ministry", "q_n4_3": "partly"}
    return form(
        valid,
        q_n1_1=form_value("", "yes", "partly", "no", "not_applicable", "maybe"),
        c_n1_1=form_value("", "x" * 2001),
        q_n1_2=form_value("", "x" * 2001),
        q_n4_3=form_value("yes", "no", "N4.3"),
        c_n2_a=form_value("orphan comment"),
    )


def nsi_import_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    """The confirmation of an NSI file import: its text and name come back from the browser."""
    good = '{"state": "SEN", "answers": [{"question": "N1.1", "answer": "yes"}]}'
    return form(
        {"action": "confirm", "filename": "answers.json", "content": good},
        action=form_value("confirm", "preview", ""),
        filename=form_value("a.csv", "a.txt", "", "../../etc/passwd.json"),
        content=form_value(
            "",
            "[]",
            "{}",
            '{"answers": [1]}',
            "question,answer\nN1.1,yes",
            '{"answers": [{"question": "N1.1", "answer": "maybe"}]}',
        ),
    )


def register_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    pw = "a long enough password"
    valid = {
        "name": "Ana",
        "email": "new@example.org",
        "password": pw,
        "confirm": pw,
        "role": "provider",
        "organisation": "New Org",
        "organisation_type": "ngo",
    }
    return form(
        valid,
        email=form_value("a@example.org", "x@"),
        password=form_value(pw),
        confirm=form_value(pw),
        role=form_value("state", "provider", "admin"),
        state=form_value("SEN", "XYZ"),
        organisation=form_value("Harbourline Security Ltd"),
        organisation_type=form_value("ngo", "pirate"),
        organisation_country=form_value("GBR", "XYZ"),
    )


def password_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    new = "a new long password"
    valid = {"current": PW, "password": new, "confirm": new}
    return form(valid, current=form_value(PW), password=form_value(new), confirm=form_value(new))


DATES = ("2027-05-01", "2027-02-30", "2027-5-1", "9999-12-31", "0001-01-01", "2027-05-01T10:00")


def reset_password_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    new = "a new long password"
    return form({"password": new, "confirm": new}, password=form_value(new, "short"),
                confirm=form_value(new, "another one entirely"))  # fmt: skip


def event_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    valid = {"title": "Incident response bootcamp", "description": "Five days in Dakar.",
             "starts_on": "2027-05-01", "location": "Dakar, Senegal",
             "topics": "incident-response"}  # fmt: skip
    return form(
        valid, starts_on=form_value(*DATES), ends_on=form_value("2027-05-03", *DATES),
        location=form_value("Dakar, Senegal"), online=form_value("y", "on", "false"),
        url=form_value("https://example.org/event", "javascript:alert(1)", "ftp://example.org",
                       "https://", "example.org"),
        topics=form_value("incident-response", "awareness", "nope"),
        organisation=form_value(ORG_X, ORG_Y, "Nobody Ltd", ""),
        eligible_groups=form_value("SIDS", "LDC", "Atlantis"),
        eligible_regions=form_value("Africa", "Europe"),
        eligible_subregions=form_value("Western Africa"),
        eligible_intermediate=form_value("Caribbean"),
        eligible_states=form_value("SEN", "XYZ"),
    )  # fmt: skip


def contact_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    valid = {"kind": "technical", "name": "Ana Diallo", "position": "CERT lead",
             "organisation": "ADIE", "email": "ana.diallo@example.org"}  # fmt: skip
    return form(
        valid, kind=form_value("diplomatic", "technical", "both"),
        email=form_value("ana@ministry.gov.sn", "x@", "ana@exämple.org", "a@b"),
        phone=form_value("+221 33 889 13 00", "(0) 12.34-56", "+" * 41, "call me", "١٢٣"),
    )  # fmt: skip


def move_form(action: str, field: str) -> Callable[[World], st.SearchStrategy[dict[str, Any]]]:
    """A pipeline move's body: its note, outcome or reason (prefixed by the action)."""
    return lambda w: form(
        {f"{action}-{field}": "Delivered in March."},
        **{f"{action}-{field}": form_value("Delivered in March.", "x" * 2001)},
    )


def outcome_form(prefix: str) -> Callable[[World], st.SearchStrategy[dict[str, Any]]]:
    """A match's outcome (to complete it, or to enter it): the result and its figures."""
    return lambda w: form(
        {f"{prefix}-outcome": "Delivered in March.", f"{prefix}-women": "4"},
        **{
            f"{prefix}-outcome": form_value("Delivered in March.", "x" * 2001),
            f"{prefix}-women": form_value("3", "-1", "many", "1000001"),
            f"{prefix}-men": form_value("0", "2.5"),
            f"{prefix}-institutions": form_value("2"),
            f"{prefix}-delivered_from": form_value("2027-03-01", "2027-02-30"),
            f"{prefix}-delivered_to": form_value("2026-01-01", "2027-03-12"),
            f"{prefix}-gender_marker": form_value("0", "2", "7", "principal"),
        },
    )


def confirm_outcome_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    return form(
        {"confirm-rating": "4"},
        **{"confirm-rating": form_value("1", "5", "0", "six"),
           "confirm-comment": form_value("Useful.", "x" * 2001)},
    )  # fmt: skip


def preferences_form(role: str) -> Callable[[World], st.SearchStrategy[dict[str, Any]]]:
    """The notification settings of ``role``: each kind's choices, unknown ones, several at once."""
    from models import Role
    from webapp.services.notices.kinds import kinds_for

    kinds = kinds_for(Role(role))
    valid = {k.code: k.default.value for k in kinds}
    values = form_value("immediate", "daily", "off", "weekly", "OFF", "")
    return lambda w: form(valid, **{k.code: values for k in kinds})

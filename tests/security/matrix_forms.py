"""The POST bodies of the authorization matrix (test_authz_matrix.py): what a permitted user
would send to each route, built from the security world."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from seed_data import reference
from tests.security.support import World
from webapp.services.notices.kinds import KINDS

NEW_PASSWORD = "a brand new passphrase"

#: The 23 CMM factor codes (D1.1 ...), from the seed.
FACTOR_CODES = [f["code"] for f in reference.cmm()["factors"]]


def register_form(w: World) -> dict[str, Any]:
    return {"name": "New Person", "email": "new.person@example.org", "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD, "role": "state", "state": "SEN"}  # fmt: skip


def password_form(w: World) -> dict[str, Any]:
    return {"current": "correct horse battery", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}


def need_form(w: World) -> dict[str, Any]:
    return {"title": "Edited or new need", "description": "Training for the national CERT.",
            "topics": "incident-response", "languages": "en", "modality": "any",
            "priority": "high"}  # fmt: skip


def offer_form(w: World) -> dict[str, Any]:
    return {"title": "Edited or new offer", "description": "Two weeks of CERT training.",
            "topics": "incident-response", "support_types": "training", "languages": "en",
            "modality": "any", "capacity": "2"}  # fmt: skip


def suggest_form(w: World) -> dict[str, Any]:
    """The need and offer forms' topic suggestions (the JSON endpoint's body)."""
    return {"title": "CSIRT nacional", "description": "Formation des analystes du CERT."}


Body = Callable[[World], dict[str, Any]]


def asking_suggestions(form: Body) -> Body:
    """A need or offer form's body, sent with a suggested topic's button: nothing is saved."""
    return lambda w: {**form(w), "add_topic": "awareness"}


def maturity_form(w: World) -> dict[str, Any]:
    return {f"factor_{code.lower().replace('.', '_')}": "4" for code in FACTOR_CODES}


def propose_form(match: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {f"p{w.ids[match]}-message": "Please talk to each other."}


def dismiss_form(match: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {f"d{w.ids[match]}-reason": "Not a fit for this need."}


def request_form(need: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"offer": w.offer_x, "need": w.refs[need], "message": "We need this."}


def offer_for_need_form(need: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"need": w.refs[need], "offer": w.offer_x, "message": "We can help."}


def accept(w: World) -> dict[str, Any]:
    return {"decision": "accept", "note": ""}


def approve(w: World) -> dict[str, Any]:
    return {"decision": "approve"}


def refuse(w: World) -> dict[str, Any]:
    return {"decision": "refuse", "reason": "Not a government address."}


def role_form(w: World) -> dict[str, Any]:
    return {"role": "state", "state": "FJI", "organisation": ""}


def preferences_form(w: World) -> dict[str, Any]:
    """Every kind off: a change for every role (a field its role may not choose is ignored)."""
    return dict.fromkeys(KINDS, "off")


def nsi_form(w: World) -> dict[str, Any]:
    """The NSI page with one answer (every other question left blank, so it is cleared)."""
    return {"q_n1_1": "yes", "c_n1_1": "Adopted in 2022."}


def nsi_preview(w: World) -> dict[str, Any]:
    """A file of answers to check: the preview writes nothing."""
    content = b'{"answers": [{"question": "N1.1", "answer": "yes"}]}'
    return {"action": "preview", "file": (io.BytesIO(content), "answers.json")}


def nsi_confirm(w: World) -> dict[str, Any]:
    """The previewed file sent back to be saved."""
    return {"action": "confirm", "filename": "answers.json",
            "content": '{"answers": [{"question": "N1.1", "answer": "no"}]}'}  # fmt: skip

"""What the survey tests share: form bodies, reading a rendered page, and adding a need."""

from __future__ import annotations

import html
import re
from datetime import date

from sqlalchemy import func, select

from seed_data import reference
from tests.factories import state
from webapp.services.needs import operations as need_service

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


#: The CMM factors' form keys (``d1_1``) per dimension, in CMM order, from the seed.
FACTORS = {
    d: [f["code"].lower().replace(".", "_") for f in reference.cmm()["factors"]
        if f["dimension"].replace("-", "_") == d]
    for d in DIMS
}  # fmt: skip


def maturity_form(stages=(2, 3, 1, 4, 3), **extra):
    """Every factor of each dimension rated at that dimension's stage (so it is the derived one)."""
    data = {f"factor_{k}": str(s) for d, s in zip(DIMS, stages, strict=True) for k in FACTORS[d]}
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


def add_need(session, user, iso3="SEN", **overrides):
    """A need stored through the service, as the survey does."""
    raw = {
        k: v for k, v in need_form(**overrides).items() if k not in ("action", "other_languages")
    }
    raw["confidential"] = bool(raw.get("confidential"))
    data = need_service.check_need(session, state(session, iso3), raw)
    need = need_service.create_need(session, state(session, iso3), data, actor=user)
    session.commit()
    return need


# --- access ----------------------------------------------------------------------------------

"""Fuzzing the site: every form, the list pages' query parameters, and the URLs' parameters.

Whatever is sent: no server error, no traceback, a refused form writes nothing and a GET never
writes. Strategies and counts: tests/security/strategies.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import db
from tests.security.strategies import count, every_area, form, form_value, fuzz, text_values
from tests.security.support import PW, Identities, World, WriteWatch, fingerprint

# --- forms ----------------------------------------------------------------------------------------

STAGES = form_value("1", "3", "5", "0", "6")


@dataclass(frozen=True)
class FormCase:
    """A form, the identity that may send it, and what its fields may hold."""

    name: str
    identity: str
    url: Callable[[World], str]
    body: Callable[[World], st.SearchStrategy[dict[str, Any]]]


def _need_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    valid = {"title": "A need", "description": "Words.", "topics": "incident-response",
             "languages": "en", "modality": "any", "priority": "high"}  # fmt: skip
    return form(
        valid, topics=form_value("incident-response", "awareness", "nope"),
        support_types=form_value("training", "cash"), languages=form_value("en", "fr", "xx"),
        other_languages=form_value("de, it", "Klingon", "pt;es"),
        modality=form_value("any", "remote", "teleport"), start=form_value("2027-01-01"),
        end=form_value("2026-01-01", "2027-06-30"), priority=form_value("high", "urgent"),
        confidential=form_value("y", "on", "false"), action=form_value("preview", "save"),
    )  # fmt: skip


#: Every State and M49 area as the offer form names them, read from the database by the test.
EVERY_AREA: dict[str, list[str]] = {}


def _offer_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
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
        valid, topics=form_value("incident-response", "nope"),
        support_types=form_value("training"),
        languages=form_value("en", "English, French", "xx", "en fr"),
        modality=form_value("any", "remote", "teleport"), start=form_value("2027-01-01"),
        end=form_value("2026-01-01"), capacity=form_value("1", "3", "0", "2147483648", "1e309"),
        eligible_groups=form_value("SIDS", "LDC", "Atlantis"),
        eligible_regions=form_value("Africa", "Europe"),
        eligible_subregions=form_value("Western Africa"),
        eligible_intermediate=form_value("Caribbean"),
        eligible_states=form_value("SEN", "XYZ"),
        action=form_value("preview", "save"),
    )  # fmt: skip


def _maturity_form(w: World) -> st.SearchStrategy[dict[str, Any]]:
    keys = [d.replace("-", "_") for d in w.dimensions.split(",")]
    valid = {f"stage_{k}": "3" for k in keys}
    stages = {f"stage_{k}": form_value("1", "3", "5", "0", "6") for k in keys}
    return form(valid, **stages, **{f"comment_{k}": form_value("Ok") for k in keys})


def _register(w: World) -> st.SearchStrategy[dict[str, Any]]:
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


def _password(w: World) -> st.SearchStrategy[dict[str, Any]]:
    new = "a new long password"
    valid = {"current": PW, "password": new, "confirm": new}
    return form(valid, current=form_value(PW), password=form_value(new), confirm=form_value(new))


FORMS = [
    FormCase("login", "anonymous", lambda w: "/auth/login?next=/needs/",
             lambda w: form({"email": "a@example.org", "password": PW},
                            email=form_value("nobody@example.org"), password=form_value(PW))),
    FormCase("register", "anonymous", lambda w: "/auth/register", _register),
    FormCase("password", "state_a", lambda w: "/auth/password", _password),
    FormCase("decide", "focal", lambda w: f"/auth/accounts/{w.pending_user}",
             lambda w: form({"decision": "approve"}, decision=form_value("refuse", "maybe"))),
    FormCase("maturity", "state_a", lambda w: "/survey/maturity", _maturity_form),
    FormCase("need new", "state_a", lambda w: "/survey/needs/new", _need_form),
    FormCase("need edit", "state_a", lambda w: f"/survey/needs/{w.need_public_a}/edit", _need_form),
    FormCase("review", "state_a", lambda w: "/survey/review", lambda w: form()),
    FormCase("offer new", "provider_x", lambda w: "/offers/new", _offer_form),
    FormCase("offer edit", "provider_x", lambda w: f"/offers/{w.offer_x}/edit", _offer_form),
    FormCase("respond", "provider_x", lambda w: f"/matches/{w.match_proposed}",
             lambda w: form({"decision": "accept"}, decision=form_value("decline", "both"),
                            note=form_value("Because."))),
    FormCase("request", "state_a", lambda w: "/matches/request",
             lambda w: form({"offer": w.offer_y, "need": w.need_public2_a},
                            offer=form_value(w.offer_x, "O-NO-SUCH"),
                            need=form_value(w.need_public_a, w.need_conf_b),
                            message=form_value("Hello"), back=form_value("/needs/", "//evil"))),
    FormCase("offer for need", "provider_x", lambda w: "/matches/offer",
             lambda w: form({"need": w.need_public_b, "offer": w.offer_x},
                            need=form_value(w.need_conf_a, "N-NO-SUCH"),
                            offer=form_value(w.offer_y), message=form_value("Hi"),
                            back=form_value("/offers/", "https://evil.example"))),
    FormCase("propose", "focal", lambda w: f"/console/matches/{w.match_suggested}/propose",
             lambda w: form({}, **{f"p{w.match_suggested}-message": form_value("Talk"),
                                   "back": form_value("/console/queue?page=2", "//evil")})),
    FormCase("dismiss", "focal", lambda w: f"/console/matches/{w.match_suggested}/dismiss",
             lambda w: form({f"d{w.match_suggested}-reason": "No fit"},
                            **{f"d{w.match_suggested}-reason": form_value("No fit")})),
    FormCase("refresh", "focal", lambda w: "/console/queue/refresh",
             lambda w: form(back=form_value("/console/queue", "/console/queue?region=\x00"))),
    FormCase("close offer", "provider_y", lambda w: f"/offers/{w.offer_y}/close", lambda w: form()),
]  # fmt: skip

REFUSED = {400, 403, 404, 405, 409, 413, 422, 429}


def _flashes(client: Any) -> list[tuple[str, str]]:
    with client.session_transaction() as s:
        return list(s.get("_flashes", []))


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.name)
def test_forms_never_fail_and_refusals_write_nothing(app, site: Identities, summary, case):
    EVERY_AREA.update(every_area(site))
    seen = {"n": 0, "refused": 0}

    def snapshot() -> dict[str, str]:
        with app.app_context():
            try:
                return fingerprint(db.session)
            finally:
                db.session.remove()

    @fuzz("form")
    @given(body=case.body(site.world))
    def check(body):
        seen["n"] += 1
        client = site.as_(case.identity)
        before = snapshot()
        response = client.post(case.url(site.world), data=body)
        page = response.get_data(as_text=True)
        assert response.status_code < 500, (case.name, body, response.status_code)
        assert "Traceback" not in page
        errors = [m for c, m in _flashes(client) if c == "error"]
        refused = response.status_code in REFUSED or response.status_code == 200 or bool(errors)
        if refused:
            seen["refused"] += 1
            assert snapshot() == before, f"{case.name}: a refused form wrote: {body!r}"
        elif case.name == "password":
            site.refresh(case.identity)  # the change signed every other session out

    check()
    count(summary, f"form {case.name} ({seen['refused']} refused)", seen["n"])


# --- query strings and URLs -----------------------------------------------------------------------

PARAMS = ["page", "sort", "q", "topic", "dimension", "region", "language", "modality",
          "support_type", "provider_type", "priority", "status", "next", "topic"]  # fmt: skip
PAGES = [("anonymous", "/needs/"), ("state_a", "/offers/"), ("focal", "/console/queue"),
         ("provider_x", "/matches/"), ("state_a", "/survey/needs/new")]  # fmt: skip


@pytest.mark.parametrize(("identity", "path"), PAGES)
def test_query_parameters_never_fail_nor_write(app, site: Identities, summary, identity, path):
    seen = {"n": 0}
    with app.app_context():
        engine = db.engine

    @fuzz("query")
    @given(
        params=st.dictionaries(
            st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)),
            st.one_of(form_value("1", "2", "99999999999999999999", "-3", "title", "Africa",
                                 "SIDS", "incident-response", "en", "proposed", "/needs/")),
            max_size=6,
        )
    )  # fmt: skip
    def check(params):
        seen["n"] += 1
        client = site.as_(identity)
        with WriteWatch(engine) as watch:
            response = client.get(path, query_string=params)
            wrote = watch.take()
        assert response.status_code < 500, (path, params, response.status_code)
        assert "Traceback" not in response.get_data(as_text=True)
        assert not wrote, (path, params, wrote)

    check()
    count(summary, f"query {path}", seen["n"])


@pytest.mark.parametrize(
    "template",
    ["/needs/{}", "/offers/{}", "/states/{}", "/offers/{}/edit", "/survey/needs/{}/edit",
     "/matches/{}", "/survey/needs/{}/close"],
)  # fmt: skip
def test_path_parameters_never_fail(app, site: Identities, summary, template):
    seen = {"n": 0}

    @fuzz("path", 7)
    @given(value=st.one_of(text_values, st.integers().map(str), st.integers(2**63 - 2).map(str)))
    def check(value):
        seen["n"] += 1
        for identity in ("anonymous", "state_a", "focal"):
            response = site.as_(identity).get(template.format(quote(value, safe="")))
            assert response.status_code < 500, (template, value, response.status_code)
            assert "Traceback" not in response.get_data(as_text=True)

    check()
    count(summary, f"path {template}", seen["n"])

"""Web fuzz of query strings and URL parameters: no server error, no traceback, a GET never
writes (the forms' fuzz is test_fuzz_web.py; both count into the security summary)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import db
from tests.security.strategies import count, form_value, fuzz, text_values
from tests.security.support import Identities, WriteWatch

# --- query strings and URLs -----------------------------------------------------------------------

PARAMS = ["page", "sort", "q", "topic", "dimension", "region", "language", "modality",
          "support_type", "provider_type", "priority", "status", "next", "topic"]  # fmt: skip
VALUES = ("1", "2", "99999999999999999999", "-3", "²", "title", "Africa", "SIDS",
          "incident-response", "en", "proposed", "/needs/")  # fmt: skip
#: Each page's own parameters and plausible values, beside the common ones above.
PIPELINE = (
    ["view", "order", "state", "q", "gender", "outcome"],
    ["board", "table", "asc", "desc", "updated", "SEN", "accepted", "business", "1", "2",
     "entered", "missing", "confirmed", "rated"],
)  # fmt: skip
CALENDAR = (["month"], ["2027-03", "2027-13", "1999-01", "2027-3", "2027-¹", "0000-00"])
PAGES = [
    ("anonymous", "/needs/", [], []),
    ("anonymous", "/topics/", [], []),
    ("provider_x", "/topics/incident-response", [], []),
    ("state_a", "/offers/", [], []),
    ("focal", "/console/queue", [], []),
    ("provider_x", "/matches/", [], []),
    ("state_a", "/survey/needs/new", [], []),
    ("provider_x", "/offers/mine", [], []),
    ("anonymous", "/auth/login", [], ["/offers/", "//evil.example", "https://evil.example/"]),
    ("focal", "/pipeline/", *PIPELINE),
    ("admin", "/pipeline/export.csv", *PIPELINE),
    ("focal", "/pipeline/export.xlsx", *PIPELINE),
    ("anonymous", "/calendar", *CALENDAR),
    ("provider_x", "/calendar/list", *CALENDAR),
    ("anonymous", "/calendar.ics", [], ["Western Africa", "critical-infrastructure"]),
    ("anonymous", "/directory/centres", ["kind"], ["regional_centre", "network", "Oceania"]),
    ("provider_x", "/states/", ["group", "survey", "needs"],
     ["LDC", "SIDS", "y", "n", "yes", "Oceania", "Western Africa", "Caribbean"]),
    ("provider_x", "/states/compare", ["state"], ["SEN", "fji", "XYZ", "KEN", "JAM", "", "S"]),
    ("state_a", "/directory/contacts/", ["state", "kind"], ["SEN", "FJI", "diplomatic"]),
    ("focal", "/dashboard/", ["by"], ["dimension", "topic"]),
    ("admin", "/dashboard/unmet", [], ["policy-strategy", "Oceania", "Western Africa"]),
    ("focal", "/dashboard/reports/gaps.csv", ["from", "to"],
     ["2027-01-01", "2026-01-01", "2027-02-30", "27-1-1", "2027-01-01T00:00"]),
    ("focal", "/dashboard/reports/outcomes.xlsx", ["from", "to"],
     ["2027-01-01", "2026-01-01", "2027-02-30", "27-1-1", "2027-01-01T00:00", "\x00"]),
    ("focal", "/dashboard/reports/funding.csv", ["from", "to"],
     ["2027-01-01", "2026-01-01", "2027-02-30", "27-1-1", "2027-01-01T00:00"]),
    ("admin", "/dashboard/rates", ["currency"], ["EUR", "eur", "USD", "ZZZ", "E"]),
    ("admin", "/admin/accounts", ["q", "role", "status"],
     ["state", "provider", "admin", "pending", "refused", "disabled", "a@", "%", "_"]),
    # the JSON API's public reads: cursors of every kind (an id, a key list, too big, nested);
    # Schemathesis (tests/api) sends the other lists' parameters
    ("focal", "/api/v1/needs", ["limit", "cursor", "funding"],
     ["0", "100", "101", "y", "eyJrIjoxfQ", "eyJrIjpbIkEiXX0", "eyJrIjoxZTk5OX0",
      "eyJrIjoxMDAwMDAwMDAwMDAwMDAwMDAwMDAwfQ", "eyJrIjpbW11dfQ"]),
    ("anonymous", "/api/v1/offers", ["limit", "cursor", "gender", "funding"],
     ["1", "3", "y", "eyJrIjoiYSJ9", "eyJrIjotMX0", "=="]),
    ("state_a", "/api/v1/states", ["group", "survey", "needs", "limit", "cursor"],
     ["LDC", "y", "n", "Oceania", "eyJrIjpbIlNFTiJdfQ"]),
    ("focal", "/audit/", ["entity", "actor", "record", "since", "until"],
     ["need", "match", "offer", "cli", "N-A", "2027-01-01", "2027-02-30", "20270101", "2027-W01"]),
]  # fmt: skip


@pytest.mark.parametrize(("identity", "path", "names", "values"), PAGES, ids=[p[1] for p in PAGES])
def test_query_parameters_never_fail_nor_write(
    app, site: Identities, summary, identity, path, names, values
):
    seen = {"n": 0}
    with app.app_context():
        engine = db.engine

    @fuzz("query")
    @given(
        params=st.dictionaries(
            st.one_of(st.sampled_from([*PARAMS, *names]), st.text(max_size=10)),
            form_value(*VALUES, *values),
            max_size=6,
        )
    )
    def check(params):
        seen["n"] += 1
        client = site.as_(identity)
        with WriteWatch(engine) as watch:
            response = client.get(path, query_string=params)
            wrote = watch.take()
        assert response.status_code < 500, (path, params, response.status_code)
        if response.mimetype.startswith("text/"):
            assert "Traceback" not in response.get_data(as_text=True)
        assert not wrote, (path, params, wrote)

    check()
    count(summary, f"query {path}", seen["n"])


#: URLs with a parameter, and the method to send (POST bodies are empty or a valid note).
PATHS = [
    ("GET", "/needs/{}"), ("GET", "/offers/{}"), ("GET", "/states/{}"), ("GET", "/offers/{}/edit"),
    ("GET", "/survey/needs/{}/edit"), ("GET", "/matches/{}"), ("GET", "/survey/needs/{}/close"),
    ("POST", "/survey/needs/{}/withdraw"), ("POST", "/survey/needs/{}/delete"),
    ("POST", "/offers/{}/close"),
    ("POST", "/auth/accounts/{}"), ("POST", "/console/matches/{}/propose"),
    ("GET", "/admin/accounts/{}"), ("POST", "/admin/accounts/{}/role"),
    ("GET", "/admin/accounts/{}/deactivate"), ("POST", "/admin/accounts/{}/reactivate"),
    ("POST", "/admin/accounts/{}/send-reset"), ("GET", "/auth/reset-password/{}"),
    ("POST", "/auth/reset-password/{}"),
    ("POST", "/matches/{}/withdraw"), ("POST", "/matches/{}/note"), ("POST", "/matches/{}/{}"),
    ("GET", "/calendar/events/{}"), ("GET", "/calendar/events/{}/edit"),
    ("POST", "/calendar/events/{}/delete"), ("GET", "/directory/contacts/{}/edit"),
    ("POST", "/directory/contacts/{}/remove"), ("GET", "/pipeline/export.{}"), ("GET", "/help/{}"),
    ("POST", "/states/{}/sharing"), ("GET", "/topics/{}"), ("POST", "/lessons/{}/review"),
    ("POST", "/matches/{}/lesson"), ("GET", "/api/v1/needs/{}"), ("GET", "/api/v1/offers/{}"),
    ("GET", "/account/tokens/{}/revoke"), ("POST", "/account/tokens/{}/revoke"),
]  # fmt: skip
NOTE = {"withdraw-reason": "Dates moved.", "note-text": "Spoke today.", "decision": "approve"}


@pytest.mark.parametrize(("method", "template"), PATHS, ids=[f"{m} {t}" for m, t in PATHS])
def test_path_parameters_never_fail(app, site: Identities, summary, method, template):
    seen = {"n": 0}

    @fuzz("path", len(PATHS))
    @given(value=st.one_of(text_values, st.integers().map(str), st.integers(2**63 - 2).map(str)))
    def check(value):
        seen["n"] += 1
        # "/matches/{}/{}": a match that exists, and an action that may not.
        args = [str(site.world.match_accepted), value] if template.count("{}") == 2 else [value]
        url = template.format(*(quote(a, safe="") for a in args))
        for identity in ("anonymous", "state_a", "focal"):
            client = site.as_(identity)
            response = client.get(url) if method == "GET" else client.post(url, data=NOTE)
            assert response.status_code < 500, (template, value, response.status_code)
            assert "Traceback" not in response.get_data(as_text=True)

    check()
    count(summary, f"path {method} {template}", seen["n"])

"""The confidentiality comparison through the JSON API's public reads (test_confidentiality.py
says how the comparison works; these reuse its secrets and its page reader)."""

from __future__ import annotations

import pytest

from tests.security.support import IDENTITIES
from tests.security.test_confidentiality import SECRETS, _difference, _pages

# The JSON API never signs anyone in with the session cookie: its answers are an anonymous
# visitor's for every identity, so the hidden needs (and their languages, counts and pages)
# must not change them for anyone, their own State and the focal point included.
# fmt: off
API_PATHS = [
    "/api/v1/needs?limit=100", "/api/v1/needs?limit=3", "/api/v1/needs?q=zebrafinch",
    "/api/v1/needs?q=axolotlsecret", "/api/v1/needs?q=quokkadraft",
    "/api/v1/needs?topic=critical-infrastructure", "/api/v1/needs?topic=internet-resilience",
    "/api/v1/needs?dimension=policy-strategy", "/api/v1/needs?language=mi",
    "/api/v1/needs?region=SEN", "/api/v1/needs?region=Oceania", "/api/v1/needs?region=SIDS",
    "/api/v1/offers?limit=100", "/api/v1/offers?language=mi", "/api/v1/offers/O-X-OPEN",
    "/api/v1/needs/N-A-PUBLIC", "/api/v1/states?limit=100", "/api/v1/states?needs=y",
    "/api/v1/states?region=Oceania&needs=y", "/api/v1/calendar/activities",
    "/api/v1/reference/languages", "/api/v1/reference/topics", "/api/v1/reference/regions",
    "/api/v1/centres",
]
# fmt: on


def test_the_api_shows_no_hidden_record_to_anyone(world, identities, sandbox, summary):
    who = [i for i in IDENTITIES if i != "pending"]
    pairs = [(identity, url) for identity in who for url in API_PATHS]
    with_secret = _pages(identities, pairs)
    for (identity, url), body in with_secret.items():
        for word in (w for s in SECRETS for w in s.words if w not in url):
            assert word not in body, f"{word!r} shows on {url} as {identity}"
    for secret in SECRETS:
        secret.remove(sandbox, world)
    without = _pages(identities, pairs)
    sandbox.rollback()
    differ = [f"{url} as {identity}" for (identity, url), body in with_secret.items()
              if body != without[(identity, url)]]  # fmt: skip
    summary("confidentiality (API)", f"{len(pairs)} (identity, API read) pairs compared with and "
            f"without {len(SECRETS)} hidden records, {len(differ)} differ")  # fmt: skip
    assert not differ, "hidden records change API answers:\n" + "\n".join(differ)
    assert with_secret[("anonymous", "/api/v1/needs?limit=100")].startswith("200")


@pytest.mark.parametrize("identity", ["anonymous", "state_a", "state_b", "provider_x", "focal"])
def test_through_the_api_a_hidden_need_answers_as_a_missing_one(identities, identity):
    client = identities.as_(identity)
    for ref in ("N-A-SECRET", "N-A-DRAFT", "N-B-SECRET"):
        hidden = client.get(f"/api/v1/needs/{ref}")
        missing = client.get("/api/v1/needs/N-NO-SUCH")
        assert hidden.status_code == missing.status_code == 404, (ref, identity)
        diff = _difference(hidden.get_data(True), missing.get_data(True), ref, "N-NO-SUCH")
        assert not diff, f"{ref} as {identity}:\n{diff}"

"""Bad input the fuzzing found, kept as plain regression tests: each was a server error."""

from __future__ import annotations

import pytest

from models import db
from tests.security.strategies import every_area
from tests.security.support import fingerprint

# On PostgreSQL each of these was a 500: it cannot store or even compare a NUL character.
NUL_INPUTS = [
    ("anonymous", "GET", "/needs/?q=%00", None, "query parameter “q”"),
    ("anonymous", "GET", "/needs/N%00", None, "The address"),
    ("anonymous", "GET", "/offers/?q=a&language=%00", None, "query parameter “language”"),
    ("anonymous", "POST", "/auth/login", {"email": "a\x00@example.org", "password": "x"},
     "field “email”"),
    ("anonymous", "POST", "/auth/register", {"name": "A\x00", "email": "n@example.org"},
     "field “name”"),
    ("state_a", "POST", "/matches/request", {"offer": "O-Y-OPEN", "need": "N\x00"},
     "field “need”"),
    ("provider_x", "POST", "/matches/{match_proposed}", {"decision": "decline", "note": "\x00"},
     "field “note”"),
    ("focal", "POST", "/console/matches/{match_suggested}/dismiss",
     {"d{match_suggested}-reason": "no\x00"}, "field “d"),
]  # fmt: skip


@pytest.mark.parametrize(("identity", "method", "url", "data", "named"), NUL_INPUTS)
def test_a_nul_character_is_refused_naming_where_it_is(
    app, site, identity, method, url, data, named
):
    ids = site.world.ids
    url = url.format(**ids)
    data = {k.format(**ids): v for k, v in (data or {}).items()}
    with app.app_context():
        before = fingerprint(db.session)
        db.session.remove()
    response = site.as_(identity).open(url, method=method, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert named in page
    assert "NUL character (U+0000)" in page
    with app.app_context():
        assert fingerprint(db.session) == before


def test_offer_numbers_and_lists_beyond_what_the_database_holds_are_field_errors(site):
    """Capacity 2147483648 overflowed PostgreSQL's integer, and ticking every State and region
    overflowed the eligibility column: both were 500s."""
    client = site.as_("provider_x")
    base = {"title": "Big", "description": "Words.", "languages": "en", "modality": "any"}
    response = client.post("/offers/new", data={**base, "capacity": "2147483648"})
    assert response.status_code == 422
    assert "2147483648 is too large; the largest is 2147483647." in response.get_data(True)
    every = every_area(site)
    response = client.post("/offers/new", data={**base, **every})
    assert response.status_code == 422
    assert "too many States and areas (224) to store" in response.get_data(True)


@pytest.mark.parametrize(
    "url", ["/matches/99999999999999999999", "/auth/accounts/2147483648",
            "/console/matches/99999999999999999999/dismiss"],
)  # fmt: skip
def test_an_id_too_large_for_the_database_is_simply_not_found(site, url):
    """These overflowed the database driver (a 500); ids now stop at 2**31 - 1."""
    client = site.as_("focal")
    response = client.post(url) if "/console/" in url or "/auth/" in url else client.get(url)
    assert response.status_code == 404

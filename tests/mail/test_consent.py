"""A confidential need reaches a provider only with its State's consent (issue 16, item 2).

The focal point's proposal of a confidential need asks the State first; the provider hears of
the match, and reads the need (marked confidential, its link working), only once the State
accepts. A refusal leaves the provider knowing nothing; a withdrawal leaves it a line saying a
confidential need was withdrawn, never the need's text. A State's own request is its consent.
"""

from __future__ import annotations

from html import unescape

import pytest

from models import Match, MatchStatus, db
from tests.mail.conftest import text_of
from tests.mail.test_proposal_notices import (
    PROVIDERS,
    SECRET_TEXT,
    SECRET_TITLE,
    SENEGAL,
    _answer,
    _by_address,
    _client,
    _opens,
    _propose,
    _whole,
)
from tests.mail.test_proposal_notices import world as proposal_world
from webapp.services.errors import ValidationFailed

world = proposal_world  # the fixture: Senegal, its provider, the focal points
SECRETS = (SECRET_TITLE, SECRET_TEXT, "N-SEN-SECRET")


def _page(app, email: str, url: str) -> tuple[int, str]:
    response = _client(app, email).get(url)
    return response.status_code, unescape(response.get_data(True))


def _hidden_from_provider(app, match_id: int) -> None:
    for url in ("/matches/", "/home", f"/matches/{match_id}", "/needs/N-SEN-SECRET"):
        body = _page(app, "prov.en@oca.test", url)[1]
        for secret in (s for s in SECRETS if s not in url):  # the page's own path echoes
            assert secret not in body, (url, secret)
    assert _page(app, "prov.en@oca.test", "/needs/N-SEN-SECRET")[0] == 404


def test_the_state_is_asked_first_and_the_provider_reads_the_need_only_after_consent(
    mail_app, world, deliver
):
    match_id = _propose(mail_app, world["secret"], world["offer"], "A good fit.")
    by = _by_address(deliver())
    assert sorted(by) == sorted(SENEGAL), "the provider is not told before the State agrees"
    assert "confidential" in text_of(by["rep.en@sen.test"])
    status, page = _page(mail_app, "rep.en@sen.test", f"/matches/{match_id}")
    assert status == 200
    assert "Incident response training" in page
    assert "only if you accept" in page, "the State sees what it consents to"
    assert _page(mail_app, "prov.en@oca.test", f"/matches/{match_id}")[0] == 404
    _hidden_from_provider(mail_app, match_id)

    _answer(mail_app, "rep.en@sen.test", match_id, accept=True)
    by = _by_address(deliver())
    assert set(PROVIDERS) <= set(by)
    mail = by["prov.en@oca.test"]
    assert SECRET_TITLE in _whole(mail), "named to the provider once the State agreed"
    _opens(mail_app, mail)
    status, page = _page(mail_app, "prov.en@oca.test", f"/matches/{match_id}")
    assert SECRET_TITLE in page
    assert "Confidential" in page
    status, page = _page(mail_app, "prov.en@oca.test", "/needs/N-SEN-SECRET")
    assert status == 200
    assert SECRET_TEXT in page
    assert "Confidential" in page

    done = _client(mail_app, "fp.one@un.test").post(
        f"/matches/{match_id}/withdraw", data={"withdraw-reason": "The State found a partner."}
    )
    assert done.status_code == 302
    by = _by_address(deliver())
    for address in PROVIDERS:
        for secret in SECRETS:
            assert secret not in _whole(by[address]), (address, secret)
    _hidden_from_provider(mail_app, match_id)
    status, page = _page(mail_app, "prov.en@oca.test", "/matches/")
    assert "A confidential need was withdrawn" in page
    status, page = _page(mail_app, "prov.en@oca.test", f"/matches/{match_id}")
    assert status == 200
    assert "A confidential need was withdrawn" in page


def test_a_refusal_leaves_the_provider_knowing_nothing(mail_app, world, deliver):
    match_id = _propose(mail_app, world["secret"], world["offer"])
    deliver()
    _answer(mail_app, "rep.fr@sen.test", match_id, accept=False, note="Not this one.")
    by = _by_address(deliver())
    assert not set(PROVIDERS) & set(by)
    _hidden_from_provider(mail_app, match_id)
    assert _page(mail_app, "prov.en@oca.test", f"/matches/{match_id}")[0] == 404
    assert "confidential need" not in _page(mail_app, "prov.en@oca.test", "/matches/")[1]


def test_a_states_request_is_its_consent(mail_app, world, deliver):
    rep = _client(mail_app, "rep.en@sen.test")
    asked = {"offer": "O-OCA-1", "need": "N-SEN-SECRET", "message": ""}
    assert rep.post("/matches/request", data=asked).status_code == 302
    by = _by_address(deliver())
    assert SECRET_TITLE in _whole(by["prov.en@oca.test"])
    status, page = _page(mail_app, "prov.en@oca.test", "/needs/N-SEN-SECRET")
    assert status == 200
    assert SECRET_TEXT in page


def test_the_focal_point_is_warned_and_a_provider_cannot_offer_for_a_hidden_need(mail_app, world):
    from tests.mail.test_proposal_notices import _suggest

    _suggest(mail_app, world["secret"], world["offer"])
    page = _page(mail_app, "fp.one@un.test", "/console/queue")[1]
    assert "will be asked first" in page
    with mail_app.app_context():
        from models import Need, Offer, User
        from webapp.services.proposals import operations

        s = db.session()
        provider = s.query(User).filter_by(email="prov.en@oca.test").one()
        need, offer = s.get(Need, world["secret"]), s.get(Offer, world["offer"])
        with pytest.raises(ValidationFailed):
            operations.offer_for_need(s, need, offer, actor=provider, message="")
        s.rollback()
        assert s.query(Match).filter(Match.status != MatchStatus.SUGGESTED).count() == 0

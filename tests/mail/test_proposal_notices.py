"""The proposal notices through a real SMTP server.

A proposal reaches whoever must answer it (both sides when the focal point proposes, the
provider when a State requests its offer, the State when a provider offers), and an answer
reaches the other side and the focal point who follows the match: each in their language, with
a link to the match that opens for them, never to the person who acted, never twice.
The focal point's proposal of a confidential need reaches its State alone; the provider is
asked, and reads it, once the State accepts (its consent); a State's request is its consent.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient

from models import Match, Role, db
from tests.factories import make_need, make_offer, make_user
from tests.mail.conftest import html_of as raw_html
from tests.mail.conftest import text_of, to
from tests.web.test_auth import login

ORG = "Open Cyber Academy"
SECRET_TITLE = "Hardening the presidency's mail servers"
SECRET_TEXT = "Our presidency's mail servers were breached twice in 2026."
SENEGAL = ["rep.en@sen.test", "rep.fr@sen.test"]
PROVIDERS = ["prov.ar@oca.test", "prov.en@oca.test"]


@pytest.fixture
def world(mail_app: Flask) -> dict[str, int]:
    """Senegal (two representatives: one reads French), a provider (two accounts: one reads
    Arabic), two focal points, and people who must hear nothing: Fiji's representative and
    another provider. Senegal has a public need and a confidential one; the provider an offer."""
    with mail_app.app_context():
        s = db.session()
        common = {"languages": ["en"], "modality": "any", "start": None, "end": None}
        need = make_need(s, ref="N-SEN-PUB", state="SEN", title="National CSIRT for Senegal",
                         confidential=False, **common)  # fmt: skip
        secret = make_need(s, i=1, ref="N-SEN-SECRET", state="SEN", title=SECRET_TITLE,
                           description=SECRET_TEXT, confidential=True, **common)  # fmt: skip
        offer = make_offer(s, ref="O-OCA-1", provider=ORG, provider_type="academia",
                           provider_country=None, eligible=[], capacity=5,
                           title="Incident response training")  # fmt: skip
        make_offer(s, i=2, ref="O-GHA-1", eligible=[])  # another provider's offer
        people = [
            ("rep.en@sen.test", Role.STATE, "SEN", None, "en"),
            ("rep.fr@sen.test", Role.STATE, "SEN", None, "fr"),
            ("rep@fji.test", Role.STATE, "FJI", None, "en"),
            ("prov.ar@oca.test", Role.PROVIDER, None, ORG, "ar"),
            ("prov.en@oca.test", Role.PROVIDER, None, ORG, "en"),
            ("prov@gha.test", Role.PROVIDER, None, "Government of Ghana", "en"),
            ("fp.one@un.test", Role.FOCAL_POINT, None, None, "en"),
            ("fp.two@un.test", Role.FOCAL_POINT, None, None, "fr"),
        ]
        for email, role, state, org, locale in people:
            user = make_user(s, role=role, email=email, name=email.split("@")[0].title(),
                             state_code=state, organisation=org)  # fmt: skip
            user.locale = locale
        ids = {"need": need.id, "secret": secret.id, "offer": offer.id}
        s.commit()
    return ids


def _client(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _suggest(app: Flask, need_id: int, offer_id: int) -> int:
    """A suggestion in the focal point's queue, with the matcher's reasons."""
    with app.app_context():
        reasons = [["shared_topics", ["incident-response"]], ["open_to_all", []]]
        match = Match(need_id=need_id, offer_id=offer_id, score=0.8, reasons=reasons)
        db.session.add(match)
        db.session.commit()
        return match.id


def _propose(app: Flask, need_id: int, offer_id: int, message: str = "") -> int:
    match_id = _suggest(app, need_id, offer_id)
    done = _client(app, "fp.one@un.test").post(
        f"/console/matches/{match_id}/propose", data={f"p{match_id}-message": message}
    )
    assert done.status_code == 302, done.data
    return match_id


def _answer(app: Flask, email: str, match_id: int, accept: bool, note: str = "") -> None:
    decision = "accept" if accept else "decline"
    done = _client(app, email).post(
        f"/matches/{match_id}", data={"decision": decision, "note": note}
    )
    assert done.status_code == 302, done.data


def html_of(mail: EmailMessage) -> str:
    """The HTML part, its entities read (``&#39;`` as ``'``)."""
    return unescape(raw_html(mail))


def _subject(mail: EmailMessage) -> str:
    """The subject with its spaces as written: Python's folding doubles the one before a fold
    followed by an encoded word ("with \\r\\n =?utf-8?q?=E2=80=9C..."), which unfolds as two."""
    return " ".join(str(mail["Subject"]).split())


def _by_address(mails: list[EmailMessage]) -> dict[str, EmailMessage]:
    by = {to(m): m for m in mails}
    assert len(by) == len(mails), "one e-mail per person"
    return by


def _link(mail: EmailMessage) -> str:
    """The match's path in the e-mail (text and HTML both carry it)."""
    found = re.search(r"http://[^/\s]+(/matches/\d+)\b", text_of(mail))
    assert found, text_of(mail)
    assert found.group(0) in html_of(mail)
    return found.group(1)


def _opens(app: Flask, mail: EmailMessage) -> None:
    page = _client(app, to(mail)).get(_link(mail))
    assert page.status_code == 200, to(mail)


def _whole(mail: EmailMessage) -> str:
    return "\n".join((_subject(mail), text_of(mail), html_of(mail)))


def test_the_focal_points_proposal_reaches_both_sides_each_in_their_language(
    mail_app, world, deliver
):
    match_id = _propose(mail_app, world["need"], world["offer"], "Both of you asked for this.")
    by = _by_address(deliver())
    assert sorted(by) == sorted(SENEGAL + PROVIDERS)
    english = by["rep.en@sen.test"]
    assert _subject(english) == (
        "The focal point proposes: “National CSIRT for Senegal” with “Incident response training”"
    )
    for part in (text_of(english), html_of(english)):
        assert "Fp.One, of the focal point's team, proposes" in part
        assert "Both of you asked for this." in part
        assert "Shared topic: Incident response" in part
        assert "Accept or decline on the match page" in part
    french, arabic = by["rep.fr@sen.test"], by["prov.ar@oca.test"]
    assert _subject(french).startswith("Le point focal propose")
    assert "Acceptez ou refusez" in text_of(french)
    assert 'lang="ar" dir="rtl"' in html_of(arabic)
    assert "جهة التنسيق" in _subject(arabic)
    assert "Incident response training" in _subject(arabic)
    for mail in by.values():
        assert f"/matches/{match_id}" in _link(mail)
        _opens(mail_app, mail)
    assert deliver() == [], "each notice is told once"


def test_a_states_request_reaches_the_providers_accounts_only(mail_app, world, deliver):
    rep = _client(mail_app, "rep.en@sen.test")
    done = rep.post("/matches/request", data={"offer": "O-OCA-1", "need": "N-SEN-PUB",
                                               "message": "We have four analysts."})  # fmt: skip
    assert done.status_code == 302
    by = _by_address(deliver())
    assert sorted(by) == PROVIDERS
    mail = by["prov.en@oca.test"]
    assert _subject(mail) == "Senegal requests your offer “Incident response training”"
    assert "By asking, Senegal has accepted" in text_of(mail)
    assert "We have four analysts." in html_of(mail)
    assert "National CSIRT for Senegal" in text_of(mail)
    assert "السنغال" in _subject(by["prov.ar@oca.test"])
    for each in by.values():
        _opens(mail_app, each)
    assert deliver() == []


def test_a_providers_offer_reaches_the_states_representatives_only(mail_app, world, deliver):
    provider = _client(mail_app, "prov.en@oca.test")
    done = provider.post("/matches/offer", data={"need": "N-SEN-PUB", "offer": "O-OCA-1",
                                                  "message": ""})  # fmt: skip
    assert done.status_code == 302
    by = _by_address(deliver())
    assert sorted(by) == SENEGAL
    assert _subject(by["rep.en@sen.test"]) == (
        f"{ORG} offers “Incident response training” for your need “National CSIRT for Senegal”"
    )
    french = by["rep.fr@sen.test"]
    assert ORG in _subject(french)
    assert "National CSIRT for Senegal" in _subject(french)
    assert "votre besoin" in _subject(french)
    for each in by.values():
        _opens(mail_app, each)
    assert deliver() == []


def test_each_answer_reaches_the_other_side_and_the_focal_point_who_proposed(
    mail_app, world, deliver
):
    match_id = _propose(mail_app, world["need"], world["offer"])
    deliver()
    _answer(mail_app, "rep.en@sen.test", match_id, accept=True, note="Ready in March.")
    by = _by_address(deliver())
    assert sorted(by) == sorted([*PROVIDERS, "fp.one@un.test"]), "not the State, not fp.two"
    provider = by["prov.en@oca.test"]
    assert _subject(provider) == (
        "Senegal accepted: “National CSIRT for Senegal” with “Incident response training”"
    )
    assert "Rep.En, for Senegal, accepted the proposal." in text_of(provider)
    assert "Ready in March." in html_of(provider)
    assert "Your answer is still awaited" in text_of(provider)
    assert f"{ORG} has not answered yet." in text_of(by["fp.one@un.test"])
    assert _subject(by["prov.ar@oca.test"]).startswith("السنغال")
    for each in by.values():
        _opens(mail_app, each)

    _answer(mail_app, "prov.ar@oca.test", match_id, accept=True)
    by = _by_address(deliver())
    assert sorted(by) == sorted([*SENEGAL, "fp.one@un.test"]), "both accepted: the State is told"
    accepted = by["rep.en@sen.test"]
    assert _subject(accepted).startswith("Match accepted: ")
    for part in (text_of(accepted), html_of(accepted)):
        assert "have both accepted: the match is accepted" in part
        assert "mark the match in progress" in part
        assert "the other's contact person and work e-mail" in part.replace("&#39;", "'")
    assert "record the outcome on the match page" in text_of(by["fp.one@un.test"])
    assert _subject(by["rep.fr@sen.test"]).startswith("Mise en relation acceptée")
    for each in by.values():
        _opens(mail_app, each)
    assert deliver() == []


def test_a_decline_carries_its_reason_to_the_side_that_asked(mail_app, world, deliver):
    rep = _client(mail_app, "rep.fr@sen.test")
    rep.post("/matches/request", data={"offer": "O-OCA-1", "need": "N-SEN-PUB", "message": ""})
    deliver()
    with mail_app.app_context():
        match_id = db.session.query(Match.id).scalar()
    _answer(mail_app, "prov.en@oca.test", match_id, accept=False, note="No trainer until 2028.")
    by = _by_address(deliver())
    assert sorted(by) == SENEGAL, "no focal point followed this request"
    english = by["rep.en@sen.test"]
    assert _subject(english) == (
        f"{ORG} declined: “National CSIRT for Senegal” with “Incident response training”"
    )
    for part in (text_of(english), html_of(english)):
        assert f"Prov.En, for {ORG}, declined the proposal." in part
        assert "No trainer until 2028." in part
        assert "The proposal ends here" in part
    assert "No trainer until 2028." in text_of(by["rep.fr@sen.test"])
    assert "refusé" in _subject(by["rep.fr@sen.test"])
    assert deliver() == []


def test_a_confidential_need_is_proposed_to_its_state_first(mail_app, world, deliver):
    match_id = _propose(mail_app, world["secret"], world["offer"], f"About {SECRET_TITLE}.")
    by = _by_address(deliver())
    assert sorted(by) == sorted(SENEGAL), "the provider hears nothing before the State agrees"
    state = by["rep.en@sen.test"]
    assert SECRET_TITLE in _subject(state), "its own State reads it"
    assert f"{ORG} will see it, and hear of this proposal, only if you accept" in text_of(state)
    _opens(mail_app, state)

    _answer(mail_app, "rep.en@sen.test", match_id, accept=True, note=f"{SECRET_TITLE} is urgent.")
    by = _by_address(deliver())
    assert sorted(by) == sorted([*PROVIDERS, "fp.one@un.test"])
    provider = by["prov.en@oca.test"]
    assert _subject(provider) == (
        f"The focal point proposes: “{SECRET_TITLE}” with “Incident response training”"
    )
    assert "Senegal has accepted and shares this confidential need with you" in text_of(provider)
    assert f"About {SECRET_TITLE}." in text_of(provider), "the proposal's message, now shared"
    _opens(mail_app, provider)
    assert f"{SECRET_TITLE} is urgent." in text_of(by["fp.one@un.test"]), "the focal point sees it"
    assert deliver() == []


def test_a_proposal_answered_before_its_mail_is_composed_is_not_sent(mail_app, world, deliver):
    """The State answers before the sender's pass: its colleagues are not asked any more."""
    provider = _client(mail_app, "prov.en@oca.test")
    provider.post("/matches/offer", data={"need": "N-SEN-PUB", "offer": "O-OCA-1", "message": ""})
    with mail_app.app_context():
        match_id = db.session.query(Match.id).scalar()
    _answer(mail_app, "rep.fr@sen.test", match_id, accept=True)
    by = _by_address(deliver())
    assert sorted(by) == PROVIDERS, "the answer only; the proposal waits for nobody"
    assert _subject(by["prov.en@oca.test"]).startswith("Match accepted: ")


def test_a_states_request_on_a_confidential_need_is_its_consent(mail_app, world, deliver):
    rep = _client(mail_app, "rep.fr@sen.test")
    asked = {"offer": "O-OCA-1", "need": "N-SEN-SECRET", "message": f"{SECRET_TITLE}: our plan."}
    done = rep.post("/matches/request", data=asked)
    assert done.status_code == 302
    by = _by_address(deliver())
    assert sorted(by) == PROVIDERS
    mail = by["prov.en@oca.test"]
    assert _subject(mail) == "Senegal requests your offer “Incident response training”"
    assert f"Need · N-SEN-SECRET: {SECRET_TITLE}" in text_of(mail)
    assert "our plan" in text_of(mail)
    _opens(mail_app, mail)

"""The match notices through a real SMTP server: a match moved, a message written on it, and its
offer withdrawn reach the match's people (its State, its provider, the focal points following
it) and only them, never the author, each in their language, with a link that opens for them;
a note arrives whole; a confidential need is never named to the provider."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from models import Match, MatchStatus, Notice, Role, db
from tests.factories import make_need, make_offer, make_user
from tests.mail.conftest import html_of, text_of, to
from tests.web.test_auth import login
from webapp.services.proposals import operations as proposals

SECRET_TITLE = "Hidden SCADA incident at the port"
SECRET_TEXT = "The port's control system was breached in March."
NOTE = "Встреча во вторник, 10:00 — «зал Б».\n\n第二行：请带上 <报告> & 名单。\r\nLast line."


@dataclass(frozen=True)
class World:
    """Ids of a public and a confidential Senegalese need, both proposed with one offer."""

    public: int  # match on the public need: accepted by both sides
    secret: int  # match on the confidential need: proposed
    public_title: str
    offer_ref: str
    offer_title: str


def build(app) -> World:
    with app.app_context():
        s = db.session()
        offer = make_offer(s, i=1, eligible=[], capacity=5, languages=["en"], modality="any")
        org = offer.organisation.name
        focal = make_user(s, role=Role.FOCAL_POINT, state_code=None, email="fp.zh@un.test")
        focal.locale = "zh"
        make_user(s, role=Role.FOCAL_POINT, state_code=None, email="fp.idle@un.test")
        awa = make_user(s, email="awa@sen.test", name="Awa Diop")
        awa.locale = "ru"
        make_user(s, email="moussa@sen.test", name="Moussa Sarr")
        make_user(s, email="rep@fji.test", state_code="FJI")
        ana = make_user(s, role=Role.PROVIDER, state_code=None, organisation=org,
                        email="ana@academy.test", name="Ana Lima")  # fmt: skip
        make_user(
            s, role=Role.PROVIDER, state_code=None, organisation=org, email="ben@academy.test"
        )
        other = make_offer(s, i=2, eligible=[])
        make_user(s, role=Role.PROVIDER, state_code=None, organisation=other.organisation.name,
                  email="zoe@other.test")  # fmt: skip
        public = make_need(s, i=3, state="SEN", confidential=False, languages=["en"],
                           modality="any", start=None, end=None)  # fmt: skip
        secret = make_need(s, i=4, state="SEN", confidential=True, languages=["en"],
                           modality="any", start=None, end=None, ref="N-SECRET-01",
                           title=SECRET_TITLE, description=SECRET_TEXT)  # fmt: skip
        one = proposals.propose(s, public, offer, actor=focal, message="A good fit.")
        proposals.respond(s, one, actor=awa, accept=True, note="")
        proposals.respond(s, one, actor=ana, accept=True, note="")
        two = proposals.propose(s, secret, offer, actor=focal, message="Worth a look.")
        s.commit()
        return World(one.id, two.id, public.title, offer.ref, offer.title)


@pytest.fixture
def world(mail_app, deliver) -> World:
    built = build(mail_app)
    deliver()  # the proposals' own notices: not these tests' concern
    return built


def signed_in(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def opens(app, mail, email, path_pattern=r"/matches/\d+"):
    """The mail's link, followed by its reader signed in, answers 200; the path it opened."""
    found = re.search(rf"http://[^\s\"<]+?({path_pattern})(?=[\s\"<])", text_of(mail))
    assert found, text_of(mail)
    assert found.group(0) in html_of(mail)
    assert signed_in(app, email).get(found.group(1)).status_code == 200
    return found.group(1)


def by_address(mails):
    return {to(m): m for m in mails}


def test_a_move_tells_the_state_the_provider_and_the_following_focal_point_not_the_actor(
    mail_app, deliver, world
):
    ana = signed_in(mail_app, "ana@academy.test")
    moved = ana.post(f"/matches/{world.public}/start", data={"start-note": "Kick-off on 3 March."})
    assert moved.status_code == 302
    mails = by_address(deliver())
    assert sorted(mails) == [
        "awa@sen.test", "ben@academy.test", "fp.zh@un.test", "moussa@sen.test",
    ]  # fmt: skip
    english = mails["moussa@sen.test"]
    assert english["Subject"] == f"A match is now in progress: {world.public_title}"
    body = text_of(english)
    assert "Ana Lima (" in body
    assert "moved the match from accepted to in progress." in body
    assert "Kick-off on 3 March." in body
    assert "Kick-off on 3 March." in html_of(english)
    russian = mails["awa@sen.test"]
    assert re.search("[А-Яа-я]", russian["Subject"])
    assert world.public_title in russian["Subject"]
    assert re.search("[А-Яа-я]", text_of(russian))
    assert 'lang="ru"' in html_of(russian)
    chinese = mails["fp.zh@un.test"]
    assert re.search("[\u4e00-\u9fff]", chinese["Subject"])
    assert 'lang="zh"' in html_of(chinese)
    path = f"/matches/{world.public}"
    for address, mail in mails.items():
        assert opens(mail_app, mail, address) == path
    assert deliver() == [], "each move is told once"

    focal = signed_in(mail_app, "fp.zh@un.test")
    done = focal.post(f"/matches/{world.public}/complete",
                      data={"complete-outcome": "Forty analysts trained."})  # fmt: skip
    assert done.status_code == 302
    mails = by_address(deliver())
    assert sorted(mails) == [
        "ana@academy.test", "awa@sen.test", "ben@academy.test", "moussa@sen.test",
    ]  # fmt: skip
    completed = text_of(mails["ana@academy.test"])
    assert "moved the match from in progress to completed." in completed
    assert "The outcome, as written:" in completed
    assert "Forty analysts trained." in completed


def test_a_note_reaches_the_other_parties_whole_in_their_language(mail_app, deliver, world):
    awa = signed_in(mail_app, "awa@sen.test")
    written = awa.post(f"/matches/{world.public}/note", data={"note-text": NOTE})
    assert written.status_code == 302
    mails = by_address(deliver())
    assert sorted(mails) == [
        "ana@academy.test", "ben@academy.test", "fp.zh@un.test", "moussa@sen.test",
    ]  # fmt: skip
    note = NOTE.replace("\r\n", "\n")
    for address, mail in mails.items():
        assert note in text_of(mail), address
        escaped = note.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in html_of(mail).replace("\r\n", "\n"), address
        assert "<报告>" not in html_of(mail)
        opens(mail_app, mail, address)
    english = mails["ana@academy.test"]
    assert (
        english["Subject"] == f"A message from Awa Diop (Senegal) on a match: {world.public_title}"
    )
    assert "Answer on the match's page" in text_of(english)
    chinese = mails["fp.zh@un.test"]
    assert re.search("[\u4e00-\u9fff]", chinese["Subject"].replace(note, ""))
    assert "Awa Diop" in chinese["Subject"]
    assert "Answer on the match's page" not in text_of(chinese)
    assert deliver() == []


def test_a_confidential_need_is_never_named_to_the_provider(mail_app, deliver, world):
    """Before its State consents, the provider hears nothing of the match; once it is withdrawn,
    the provider reads "a confidential need of Senegal", without the reason (it may quote it)."""
    focal = signed_in(mail_app, "fp.zh@un.test")
    focal.post(f"/matches/{world.secret}/note", data={"note-text": "Please answer soon."})
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["awa@sen.test", "moussa@sen.test"]
    consent = {"decision": "accept", "note": ""}
    assert (
        signed_in(mail_app, "moussa@sen.test")
        .post(f"/matches/{world.secret}", data=consent)
        .status_code
        == 302
    )
    asked = by_address(deliver())
    assert SECRET_TITLE in asked["ben@academy.test"]["Subject"], "shared once the State agreed"
    focal.post(f"/matches/{world.secret}/withdraw", data={"withdraw-reason": "Funding ended."})
    mails = deliver()
    assert sorted(to(m) for m in mails) == sorted(
        ["ana@academy.test", "awa@sen.test", "ben@academy.test", "moussa@sen.test"]
    )
    for mail in mails:
        everything = f"{mail['Subject']}\n{text_of(mail)}\n{html_of(mail)}"
        if to(mail).endswith("@academy.test"):
            for secret in (SECRET_TITLE, SECRET_TEXT, "N-SECRET-01", "Hidden SCADA", "Funding"):
                assert secret not in everything, (to(mail), secret)
            assert "a confidential need of Senegal" in mail["Subject"]
            assert "A confidential need of Senegal" in text_of(mail)
            assert "A confidential need of Senegal" in html_of(mail)
        else:
            assert SECRET_TITLE in mail["Subject"]
            assert "Funding ended." in text_of(mail)
    withdrawn = by_address(mails)["ben@academy.test"]
    assert "withdrawn" in withdrawn["Subject"]
    opens(mail_app, withdrawn, "ben@academy.test")


def test_the_two_sides_never_hear_of_a_note_on_a_suggestion(mail_app, deliver, world):
    with mail_app.app_context():
        s = db.session()
        public = s.get_one(Match, world.public)
        suggestion = Match(need_id=public.need_id, offer_id=public.offer_id + 1,
                           status=MatchStatus.SUGGESTED, score=0.7, reasons=[])  # fmt: skip
        s.add(suggestion)
        s.commit()
        sid = suggestion.id
    for email in ("fp.zh@un.test", "fp.idle@un.test"):
        posted = signed_in(mail_app, email).post(
            f"/matches/{sid}/note", data={"note-text": f"Looked at by {email}."}
        )
        assert posted.status_code == 302
    mails = deliver()
    assert [to(m) for m in mails] == ["fp.zh@un.test"], "only the focal point who wrote first"
    assert "Looked at by fp.idle@un.test." in text_of(mails[0])
    with mail_app.app_context():
        told = db.session.scalars(select(Notice).where(Notice.kind == "match_note")).all()
        assert [n.user.email for n in told] == ["fp.zh@un.test"], "nothing written for the sides"


def test_a_withdrawn_offer_tells_each_state_with_a_live_match_on_it_and_the_focal_point(
    mail_app, deliver, world
):
    ana = signed_in(mail_app, "ana@academy.test")
    closed = ana.post(f"/offers/{world.offer_ref}/close", data={})
    assert closed.status_code == 302
    mails = by_address(deliver())
    assert sorted(mails) == ["awa@sen.test", "fp.zh@un.test", "moussa@sen.test"]
    english = mails["moussa@sen.test"]
    assert english["Subject"] == (
        f"An offer your match relied on was withdrawn: {world.offer_title}"
    )
    body = text_of(english)
    assert "These 2 matches relied on it:" in body
    assert world.public_title in body
    assert SECRET_TITLE in body, "Senegal's own confidential need is named to Senegal"
    assert "Status now: accepted" in body
    assert "Status now: proposed" in body
    assert f"/matches/{world.public}" in body
    assert f"/matches/{world.secret}" in body
    assert opens(mail_app, english, "moussa@sen.test", r"/matches/(?=[\s\"<])") == "/matches/"
    russian = mails["awa@sen.test"]
    assert re.search("[А-Яа-я]", russian["Subject"])
    assert world.offer_title in russian["Subject"]
    assert 'lang="ru"' in html_of(russian)
    chinese = mails["fp.zh@un.test"]
    assert re.search("[\u4e00-\u9fff]", text_of(chinese))
    opens(mail_app, chinese, "fp.zh@un.test", r"/matches/(?=[\s\"<])")
    assert deliver() == []


def test_a_withdrawn_offer_names_only_the_live_matches_and_tells_nobody_of_ended_ones(
    mail_app, deliver, world
):
    focal = signed_in(mail_app, "fp.zh@un.test")
    focal.post(f"/matches/{world.secret}/withdraw", data={"withdraw-reason": "Not needed."})
    deliver()
    signed_in(mail_app, "ana@academy.test").post(f"/offers/{world.offer_ref}/close", data={})
    mails = by_address(deliver())
    assert sorted(mails) == ["awa@sen.test", "fp.zh@un.test", "moussa@sen.test"]
    body = text_of(mails["moussa@sen.test"])
    assert "This match relied on it:" in body
    assert SECRET_TITLE not in body
    assert (
        opens(mail_app, mails["moussa@sen.test"], "moussa@sen.test") == f"/matches/{world.public}"
    )

"""A confidential need shared with a provider only with its State's consent, in every phase.

The security world has A's confidential need proposed with provider X's offer by the focal point
(``match_conf``). These tests put that match in each phase of the consent (the State asked, the
State consented, the State refused, the match withdrawn after consent) and check, for every
identity:

- pages, exports and feeds: each page of ``test_confidentiality.PATHS`` (plus the match's page
  and the need's page) rendered with the need and after deleting it must be identical for every
  identity that may not read it in that phase. Provider X reads it only after consent; after a
  withdrawal it keeps a line saying a confidential need was withdrawn (on its matches list and
  the match page: those pages may differ, never naming the need);
- e-mails: every match notice (the proposal, answers, moves, notes), composed for every identity
  on every event of the match, names the need only to those who may read it in that phase.
"""

from __future__ import annotations

from difflib import unified_diff
from functools import partial

import pytest
from sqlalchemy.orm import Session

from models import Match, MatchEvent, MatchStatus, Notice, Response, User, UserStatus
from tests.security.support import IDENTITIES, SECRET_WORD, Identities, World
from tests.security.test_confidentiality import OUTSIDERS, PATHS, SECRETS, _pages

SECRET = SECRETS[0]  # A's confidential need
assert SECRET.name == "A's confidential need"
WORDS = (*SECRET.words, "Intrusion review")
PHASES = ("asked", "consented", "refused", "withdrawn")


def readers(phase: str) -> tuple[str, ...]:
    """Who may read A's confidential need in ``phase``: provider X only while consent holds."""
    return (*SECRET.insiders, "provider_x") if phase == "consented" else SECRET.insiders


def set_phase(session: Session, world: World, phase: str) -> Match:
    """Put ``match_conf`` in ``phase``, as the State's answer and the focal point's move would."""
    match = session.get_one(Match, world.ids["match_conf"])
    if phase in ("consented", "withdrawn"):
        match.state_response = Response.ACCEPTED
    if phase == "refused":
        match.state_response = Response.DECLINED
        match.status = MatchStatus.DECLINED
    if phase == "withdrawn":
        match.status = MatchStatus.WITHDRAWN
    session.flush()
    return match


def _urls(world: World) -> list[str]:
    extra = [f"/matches/{world.ids['match_conf']}", "/needs/N-A-SECRET", "/needs/?q=zebrafinch"]
    return [url for who, url in PATHS if who == OUTSIDERS] + extra


@pytest.mark.parametrize("phase", PHASES)
def test_pages_exports_and_feeds_hide_the_need_from_whoever_may_not_read_it(
    world, identities: Identities, sandbox, summary, phase
):
    outsiders = [i for i in IDENTITIES if i not in readers(phase) and i != "pending"]
    pairs = [(i, url) for i in outsiders for url in _urls(world)]
    # After a withdrawal X keeps a line on its matches list and on the match page.
    party = {"provider_x"} if phase == "withdrawn" else set()
    set_phase(sandbox, world, phase)
    with_secret = _pages(identities, pairs, frozenset(party))
    for (identity, url), body in with_secret.items():
        for word in (w for w in WORDS if w.replace(" ", "+") not in url):
            assert word not in body, f"{word!r} shows on {url} as {identity} ({phase})"
    SECRET.remove(sandbox, world)
    without = _pages(identities, pairs, frozenset(party))
    sandbox.rollback()
    differ = []
    for key, body in with_secret.items():
        if key[0] in party and key[1].startswith("/matches/"):
            continue  # the line saying a confidential need was withdrawn
        if body != without[key]:
            diff = unified_diff(without[key].splitlines(), body.splitlines(), lineterm="", n=1)
            differ.append(f"{key[1]} as {key[0]}:\n" + "\n".join(list(diff)[2:14]))
    summary("confidentiality with consent", f"{phase}: {len(pairs)} pairs, {len(differ)} differ")
    assert not differ, f"{phase}: the need changes what outsiders see:\n" + "\n\n".join(differ)


@pytest.mark.parametrize("phase", PHASES)
def test_provider_x_reads_the_need_only_while_consent_holds(world, identities, sandbox, phase):
    set_phase(sandbox, world, phase)
    client = identities.as_("provider_x")
    match_page = client.get(f"/matches/{world.ids['match_conf']}")
    need_page = client.get("/needs/N-A-SECRET")
    inbox = client.get("/matches/").get_data(True)
    if phase == "consented":
        assert match_page.status_code == need_page.status_code == 200
        assert SECRET_WORD in match_page.get_data(True)
        assert "Confidential" in need_page.get_data(True)
    elif phase == "withdrawn":
        assert match_page.status_code == 200
        assert need_page.status_code == 404
        assert "A confidential need was withdrawn" in match_page.get_data(True)
        assert "A confidential need was withdrawn" in inbox
    else:
        assert match_page.status_code == need_page.status_code == 404
        assert "confidential need" not in inbox


MATCH_KINDS = ("proposal_received", "proposal_answered", "match_moved", "match_note")


def _letters(session: Session, world: World, match: Match) -> dict[str, list[str]]:
    """Every match notice on every event of ``match``, composed for every identity."""
    from webapp.notices.compose import COMPOSERS
    from webapp.notices.letters import write

    out: dict[str, list[str]] = {}
    events = list(session.query(MatchEvent).filter_by(match_id=match.id))
    for identity, email in world.users.items():
        user = session.query(User).filter_by(email=email).one()
        if user.status is not UserStatus.ACTIVE:  # as compose_one: never mailed (pending)
            continue
        for kind in MATCH_KINDS:
            for event in events:
                refs = {"match": match.id, "event": event.id, "side": "state"}
                notice = Notice(user_id=user.id, kind=kind, refs=refs)
                compose = partial(COMPOSERS[kind], session, notice, user)
                made = write(session, user, kind, compose)
                if made is not None:
                    whole = f"{made.subject}\n{made.text_body}\n{made.html_body}"
                    out.setdefault(identity, []).append(whole)
    return out


@pytest.mark.parametrize("phase", PHASES)
def test_e_mails_name_the_need_only_to_whoever_may_read_it(world, sandbox, summary, phase):
    match = set_phase(sandbox, world, phase)
    focal = sandbox.query(User).filter_by(email=world.users["focal"]).one()
    sandbox.add_all([
        MatchEvent(match_id=match.id, actor_id=focal.id, from_status=None,
                   to_status=MatchStatus.PROPOSED, note=f"About {SECRET_WORD}."),
        MatchEvent(match_id=match.id, actor_id=focal.id, from_status=match.status,
                   to_status=match.status, note=f"A note on {SECRET_WORD}."),
    ])  # fmt: skip
    if phase in ("refused", "withdrawn"):
        sandbox.add(MatchEvent(match_id=match.id, actor_id=focal.id,
                               from_status=MatchStatus.PROPOSED, to_status=match.status,
                               note=f"Ended: {SECRET_WORD}."))  # fmt: skip
    sandbox.flush()
    letters = _letters(sandbox, world, match)
    told = 0
    for identity, texts in letters.items():
        told += len(texts)
        if identity in readers(phase):
            continue
        for text in texts:
            for word in WORDS:
                assert word not in text, f"{word!r} e-mailed to {identity} ({phase})"
    assert any(SECRET_WORD in t for t in letters.get("state_a", [])), "not vacuous"
    if phase == "consented":
        assert any(SECRET_WORD in t for t in letters.get("provider_x", []))
    if phase in ("asked", "refused"):
        assert "provider_x" not in letters, "X hears nothing of a match it may not know of"
    summary("confidentiality with consent", f"{phase}: {told} e-mails composed, none leaks")

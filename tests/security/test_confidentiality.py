"""Confidential needs never show, and cannot be inferred, outside their State and the focal point.

The main test renders every page of PATHS as every outsider twice: once with the hidden need in
the database and once after deleting it (in a transaction rolled back afterwards). The two pages
must be identical, apart from the CSRF token. So the need shows neither directly (title, ref) nor
indirectly: not in a list, a search, a filter option, a count, a "fits" box, a page number or a
figure on the home page.

Adding a path (a feed, a dashboard, a directory...): add ``(identities, url)`` to PATHS, e.g.
``(OUTSIDERS, "/calendar/feed.ics")``; OUTSIDERS means "whoever may not see the secret at
hand". Adding another kind of secret (a confidential contact...): add a Secret to SECRETS with
the identities that may see it and a function that deletes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import unified_diff
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from models import (
    FactorRating,
    Lesson,
    LessonStatus,
    Match,
    MatchStatus,
    MaturityAssessment,
    Need,
    NeedStatus,
    NsiAnswer,
    Offer,
    Response,
    State,
    SurveyVersion,
    User,
    db,
)
from models.base import utcnow
from tests.security.support import (
    DRAFT_WORD,
    IDENTITIES,
    MATURITY_B_WORD,
    NSI_A_WORD,
    SECRET_B_WORD,
    SECRET_WORD,
    Identities,
    World,
)

OUTSIDERS = "outsiders"  # stands for the identities that may not see the secret being tested


@dataclass(frozen=True)
class Secret:
    """A hidden record: who may see it, words that give it away, and how to remove it."""

    name: str
    insiders: tuple[str, ...]
    words: tuple[str, ...]
    remove: Callable[[Session, World], None]

    @property
    def outsiders(self) -> tuple[str, ...]:
        return tuple(i for i in IDENTITIES if i not in self.insiders)


def _delete_need(key: str) -> Callable[[Session, World], None]:
    def remove(session: Session, world: World) -> None:
        need = session.scalars(select(Need).where(Need.ref == world.refs[key])).one()
        for match in session.scalars(select(Match).where(Match.need_id == need.id)):
            session.delete(match)  # with its history
        session.flush()
        session.delete(need)  # with its topic and support-type links
        session.flush()

    return remove


def _delete_maturity(iso3: str) -> Callable[[Session, World], None]:
    def remove(session: Session, world: World) -> None:
        state_id = session.scalars(select(State.id).where(State.iso3 == iso3)).one()
        session.execute(delete(MaturityAssessment).where(MaturityAssessment.state_id == state_id))
        session.execute(delete(FactorRating).where(FactorRating.state_id == state_id))
        session.execute(delete(SurveyVersion).where(SurveyVersion.state_id == state_id))
        session.flush()

    return remove


def _delete_nsi(iso3: str) -> Callable[[Session, World], None]:
    def remove(session: Session, world: World) -> None:
        state_id = session.scalars(select(State.id).where(State.iso3 == iso3)).one()
        session.execute(delete(NsiAnswer).where(NsiAnswer.state_id == state_id))
        session.flush()

    return remove


SECRETS = [
    Secret("A's confidential need", ("state_a", "focal", "admin"),
           ("N-A-SECRET", SECRET_WORD), _delete_need("need_conf_a")),
    Secret("B's confidential need", ("state_b", "focal", "admin"),
           ("N-B-SECRET", SECRET_B_WORD), _delete_need("need_conf_b")),
    Secret("A's draft need", ("state_a", "focal", "admin"),
           ("N-A-DRAFT", DRAFT_WORD), _delete_need("need_draft_a")),
    # B submitted its survey and never chose who sees its maturity (its factors included): the
    # focal point only.
    Secret("B's hidden maturity", ("state_b", "focal", "admin"),
           (MATURITY_B_WORD,), _delete_maturity("FJI")),
    # A's answers to the National Survey of Implementation: A and the focal point only.
    Secret("A's NSI answers", ("state_a", "focal", "admin"), (NSI_A_WORD,), _delete_nsi("SEN")),
]  # fmt: skip

# Every page an outsider could learn a hidden need from. Queries aim at the hidden needs' own
# words and traits: their topic, language, region, priority, and the sort orders and pages.
# fmt: off
PATHS: list[tuple[str | tuple[str, ...], str]] = [
    (OUTSIDERS, "/"),
    (OUTSIDERS, "/needs/"),
    (OUTSIDERS, "/needs/?q=zebrafinch"),
    (OUTSIDERS, "/needs/?q=axolotlsecret"),
    (OUTSIDERS, "/needs/?q=quokkadraft"),
    (OUTSIDERS, "/needs/?q=Intrusion+review"),
    (OUTSIDERS, "/needs/?topic=critical-infrastructure"),
    (OUTSIDERS, "/needs/?topic=internet-resilience"),
    (OUTSIDERS, "/needs/?dimension=policy-strategy"),
    (OUTSIDERS, "/needs/?language=mi"),
    (OUTSIDERS, "/needs/?language=to"),
    (OUTSIDERS, "/needs/?region=Western+Africa"),
    (OUTSIDERS, "/needs/?region=SEN"),
    (OUTSIDERS, "/needs/?region=Oceania"),
    (OUTSIDERS, "/needs/?region=SIDS"),
    (OUTSIDERS, "/needs/?sort=priority"),
    (OUTSIDERS, "/needs/?sort=title&page=2"),
    (OUTSIDERS, "/offers/"),
    (OUTSIDERS, "/offers/?language=mi"),
    (OUTSIDERS, "/offers/O-X-OPEN"),
    (OUTSIDERS, "/offers/O-Y-OPEN"),
    (OUTSIDERS, "/needs/N-A-PUBLIC"),
    (OUTSIDERS, "/needs/N-B-PUBLIC"),
    (OUTSIDERS, "/states/SEN"),
    (OUTSIDERS, "/states/FJI"),
    (OUTSIDERS, "/states/"),
    (OUTSIDERS, "/states/?page=2"),
    (OUTSIDERS, "/states/?needs=y"),
    (OUTSIDERS, "/states/?needs=n&page=4"),
    (OUTSIDERS, "/states/?survey=y"),
    (OUTSIDERS, "/states/?region=Western+Africa&needs=y"),
    (OUTSIDERS, "/states/?region=Oceania&needs=y"),
    (OUTSIDERS, "/states/?group=SIDS&needs=y"),
    (OUTSIDERS, "/states/SEN.pdf"),
    (OUTSIDERS, "/states/FJI.pdf"),
    (OUTSIDERS, "/states/compare?state=SEN&state=FJI"),
    (OUTSIDERS, "/states/compare?state=FJI&state=SEN&state=JAM&state=KEN"),
    (OUTSIDERS, "/survey/history/FJI"),  # B's survey versions: its maturity over time
    (OUTSIDERS, "/survey/history/SEN"),
    (OUTSIDERS, "/matches/"),
    (OUTSIDERS, "/matches/?status=proposed"),
    (OUTSIDERS, "/home"),
    (OUTSIDERS, "/offers/mine"),
    (OUTSIDERS, "/survey/needs"),
    (OUTSIDERS, "/survey/"),
    (OUTSIDERS, "/survey/review"),
    (OUTSIDERS, "/calendar"),
    (OUTSIDERS, "/calendar?month=2027-03"),
    (OUTSIDERS, "/calendar/list"),
    (OUTSIDERS, "/calendar.ics"),
    (OUTSIDERS, "/calendar.ics?region=Western+Africa"),
    (OUTSIDERS, "/directory/centres"),
    (OUTSIDERS, "/directory/contacts/"),
    (OUTSIDERS, "/pipeline/"),
    (OUTSIDERS, "/dashboard/"),
    (OUTSIDERS, "/dashboard/rates"),
    (OUTSIDERS, "/dashboard/reports/funding.csv"),
    (OUTSIDERS, "/dashboard/summary"),
    (OUTSIDERS, "/needs/?funding=y"),
    (OUTSIDERS, "/offers/?funding=y"),
    (OUTSIDERS, "/audit/"),
    (OUTSIDERS, "/pipeline/export.csv"),
    (OUTSIDERS, "/matches/?status=declined"),
    (OUTSIDERS, "/matches/?status=withdrawn"),
    (OUTSIDERS, "/topics/"),  # the topic pages count open needs as the reader may see them
    (OUTSIDERS, "/topics/critical-infrastructure"),
    (OUTSIDERS, "/topics/internet-resilience"),
    (OUTSIDERS, "/lessons/review"),
]
# fmt: on

# Provider X's offer is proposed with A's confidential need by the focal point, but State A has
# not consented (test_confidentiality_consent.py follows the match through consent, refusal and
# withdrawal): X is an outsider like any other and no page of X's is exempt. PARTIES lists
# (secret, identity, url) whose page may differ (never name the secret) because the identity is
# a party; the header's counts of a party's matches are left out of its comparisons.
PARTIES: set[tuple[str, str, str]] = set()
PARTY_COUNTS = [
    re.compile(r'(<a href="/matches/"[^>]*>[^<]*)<span class="nav-badge".*?(</a>)'),
    re.compile(r'(<button[^>]*class="nav-toggle"[^>]*>[^<]*)<span class="nav-badge".*?(</button>)'),
]

#: Parts of a page that change from one rendering to the next whatever the data: each match is
#: replaced by its first group. Add one for a new volatile part (a feed's DTSTAMP, a timestamp).
VOLATILE = [
    re.compile(r'(name="csrf_token" value="|name="csrf-token" content=")[^"]*"'),
    re.compile(r"(DTSTAMP:)\S+"),
]


def _normalised(body: str) -> str:
    for pattern in VOLATILE:
        body = pattern.sub(r"\1…", body)
    return body


def _text(response: TestResponse) -> str:
    """The response's text: a PDF's is the text of its pages (a PDF's bytes differ each time)."""
    if response.mimetype == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    return response.get_data(True)


def _pages(
    identities: Identities, pairs: list[tuple[str, str]], parties: frozenset[str] = frozenset()
) -> dict[tuple[str, str], str]:
    out = {}
    for identity, url in pairs:
        response = identities.as_(identity).get(url)
        assert response.status_code < 500, f"{url} as {identity}: {response.status_code}"
        body = _normalised(_text(response))
        if identity in parties or any(identity == who for _, who, _ in PARTIES):
            for pattern in PARTY_COUNTS:
                body = pattern.sub(r"\1\2", body)
        out[(identity, url)] = f"{response.status_code}\n" + body
    return out


def _groups() -> dict[tuple[Secret, ...], list[tuple[str, str]]]:
    """(identity, page) pairs grouped by the secrets hidden from that identity.

    Each group is compared once, with all of its secrets removed together. "pending" is left
    out: the matrix test shows it gets exactly what an anonymous visitor gets.
    """
    groups: dict[tuple[Secret, ...], list[tuple[str, str]]] = {}
    for identity in IDENTITIES:
        hidden = tuple(s for s in SECRETS if identity in s.outsiders)
        if identity == "pending" or not hidden:
            continue
        for who, url in PATHS:
            if (identity in who if who != OUTSIDERS else True) and not any(
                (s.name, identity, url) in PARTIES for s in hidden
            ):
                groups.setdefault(hidden, []).append((identity, url))
    return groups


def test_outsiders_cannot_see_or_infer_hidden_needs(world, identities, sandbox, summary):
    differ, checked = [], 0
    for hidden, pairs in _groups().items():
        with_secret = _pages(identities, pairs)
        for (identity, url), body in with_secret.items():
            for word in (w for s in hidden for w in s.words if w not in url):  # searches echo
                assert word not in body, f"{word!r} shows on {url} as {identity}"
        for secret in hidden:
            secret.remove(sandbox, world)
        without = _pages(identities, pairs)
        sandbox.rollback()
        checked += len(pairs)
        for key, body in with_secret.items():
            if body != without[key]:
                diff = unified_diff(without[key].splitlines(), body.splitlines(), lineterm="", n=1)
                differ.append(f"{key[1]} as {key[0]}:\n" + "\n".join(list(diff)[2:14]))
    summary("confidentiality", f"{checked} (identity, page) pairs compared with and without "
            f"{len(SECRETS)} hidden records (needs, a maturity, NSI answers), "
            f"{len(differ)} differ")  # fmt: skip
    assert not differ, "hidden needs change what outsiders see (+ with, - without):\n" + (
        "\n\n".join(differ)
    )


def test_insiders_do_see_it_so_the_comparison_is_not_vacuous(identities):
    for identity in ("state_a", "focal", "admin"):
        client = identities.as_(identity)
        assert SECRET_WORD in client.get("/needs/?q=zebrafinch").get_data(True), identity
        assert SECRET_WORD in client.get("/states/SEN").get_data(True), identity
        assert SECRET_WORD in _text(client.get("/states/SEN.pdf")), identity
        assert SECRET_WORD in client.get("/needs/N-A-SECRET").get_data(True), identity
        compared = client.get("/states/compare?state=SEN&state=FJI").get_data(True)
        assert 'data-topic="critical-infrastructure"' in compared, identity  # A's secret's topic
    for identity in ("state_b", "focal", "admin"):
        page = identities.as_(identity).get("/states/FJI").get_data(True)
        assert MATURITY_B_WORD in page, identity
        assert '<li data-factor="D2.3" data-stage="4">' in page, identity
        compared = identities.as_(identity).get("/states/compare?state=SEN&state=FJI").text
        assert 'data-dimension="policy-strategy"' in compared, identity
        assert 'data-stage="3"' in compared, identity  # B's maturity, in its column
    for identity in ("state_a", "focal", "admin"):
        assert NSI_A_WORD in identities.as_(identity).get("/states/SEN").get_data(True), identity
    page = identities.as_("state_a").get("/needs/").get_data(True)
    assert "Maori" in page  # its own hidden need's language is a filter option for State A
    assert SECRET_WORD not in identities.as_("provider_x").get("/matches/").get_data(True)


def _difference(a: str, b: str, ref_a: str, ref_b: str) -> str:
    """The lines that differ between two pages, each page's ref written REF ("" if none)."""
    lines_a = _normalised(a).replace(ref_a, "REF").splitlines()
    lines_b = _normalised(b).replace(ref_b, "REF").splitlines()
    return "\n".join(list(unified_diff(lines_b, lines_a, lineterm="", n=0))[2:])


@pytest.mark.parametrize("outsider", ["anonymous", "state_b", "provider_x", "provider_y"])
def test_a_hidden_need_answers_exactly_as_a_missing_one(identities, outsider):
    client = identities.as_(outsider)
    for url in ("/needs/{}", "/survey/needs/{}/edit", "/survey/needs/{}/close"):
        hidden = client.get(url.format("N-A-SECRET"))
        missing = client.get(url.format("N-NO-SUCH"))
        assert hidden.status_code == missing.status_code, (url, outsider)
        diff = _difference(hidden.get_data(True), missing.get_data(True), "N-A-SECRET", "N-NO-SUCH")
        assert not diff, f"{url} as {outsider}:\n{diff}"


@pytest.mark.parametrize("outsider", ["state_b", "provider_x", "provider_y"])
def test_forms_do_not_tell_a_hidden_need_from_a_missing_one(identities, world, sandbox, outsider):
    client = identities.as_(outsider)
    answers = []
    for need in ("N-A-SECRET", "N-NO-SUCH"):
        if outsider.startswith("state"):
            data = {"offer": world.offer_x, "need": need, "message": ""}
            response = client.post("/matches/request", data=data)
        else:
            data = {"need": need, "offer": world.offer_x, "message": ""}
            response = client.post("/matches/offer", data=data)
        with client.session_transaction() as s:
            flashed = [m for _, m in s.pop("_flashes", [])]
        answers.append((response.status_code, flashed, response.headers.get("Location")))
        sandbox.rollback()
    assert answers[0] == answers[1]


def test_export_is_an_operators_full_copy_and_keeps_the_flag(app, world, session, tmp_path):
    """``cbmatch export`` is run by whoever holds the database credentials, and its output is
    the backup and migration format: it must hold every need, and re-importing it must keep the
    hidden ones hidden. So confidential needs are exported, flagged ``confidential: true``.
    """
    result = app.test_cli_runner().invoke(args=["export", "needs", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = {r["ref"]: r for r in json.loads(result.stdout)}
    assert records["N-A-SECRET"]["confidential"] is True
    assert records["N-B-SECRET"]["confidential"] is True
    assert records["N-A-PUBLIC"]["confidential"] is False

    # Round trip into an empty copy: the hidden needs stay hidden from the public list.
    for table in ("match_event", "match", "need_topic", "need_support_type"):
        session.execute(delete(db.metadata.tables[table]))
    session.execute(delete(Need))
    session.commit()
    path = tmp_path / "export.json"
    path.write_text(result.stdout, encoding="utf-8")
    imported = app.test_cli_runner().invoke(args=["import", "needs", str(path)])
    assert imported.exit_code == 0, imported.output
    public = app.test_client().get("/needs/?q=zebrafinch").get_data(True)
    assert "N-A-SECRET" not in public
    assert "No need matches these filters" in public
    stored = session.scalars(select(Need).where(Need.ref == "N-A-SECRET")).one()
    assert stored.confidential is True
    assert stored.status is NeedStatus.OPEN


LESSON = "Tabletop exercises before the tooling kept the ministries talking."


@pytest.mark.parametrize("proposer", ["provider", "state"])
def test_a_lesson_of_a_confidential_need_never_gives_the_need_away(
    identities, world, sandbox, proposer
):
    """A's confidential need, completed with Y's offer, has a published lesson: the topic page
    shows the lesson to everyone, never the need's words, and names Senegal only when the State
    itself proposed the lesson."""
    need = sandbox.scalars(select(Need).where(Need.ref == "N-A-SECRET")).one()
    offer = sandbox.scalars(select(Offer).where(Offer.ref == "O-Y-OPEN")).one()
    match = Match(need=need, offer=offer, status=MatchStatus.COMPLETED, score=0.5,
                  state_response=Response.ACCEPTED, provider_response=Response.ACCEPTED,
                  outcome=f"Done {SECRET_WORD}.")  # fmt: skip
    proposed_by = sandbox.get(User, world.ids["user_state_a" if proposer == "state"
                                               else "user_provider_y"])  # fmt: skip
    sandbox.add(Lesson(match=match, side=proposer, text=LESSON, status=LessonStatus.PUBLISHED,
                       created_by_id=proposed_by.id, reviewed_at=utcnow()))  # fmt: skip
    sandbox.flush()
    for outsider in ("anonymous", "state_b", "provider_x"):
        page = identities.as_(outsider).get("/topics/critical-infrastructure").get_data(True)
        assert LESSON in page, outsider
        for word in (SECRET_WORD, "N-A-SECRET", "Intrusion review"):
            assert word not in page, (outsider, word)
        assert ("Senegal" in page) is (proposer == "state"), outsider
    sandbox.rollback()

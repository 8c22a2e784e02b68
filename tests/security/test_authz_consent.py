"""The authorization matrix of the consent routes, in each phase of a confidential need's match.

``match_conf`` (A's confidential need proposed with X's offer by the focal point) is put in each
phase (``test_confidentiality_consent.set_phase``) before every request; each row says what every
identity gets, in the words of ``test_authz_matrix`` (``"ok"``, ``"write"``, ``"404"``...). The
consent itself is the State's answer on the match page (``POST matches.detail``); what it opens
is the match page, the need page, notes and moves for provider X; what a refusal or a withdrawal
closes again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from models import db
from tests.security.matrix import FOCAL, Case, classify, only, url_of, verdict, visible_to
from tests.security.matrix_forms import accept, offer_for_need_form
from tests.security.support import IDENTITIES, WriteWatch
from tests.security.test_confidentiality_consent import PHASES, set_phase

DECLINE = {"decision": "decline", "note": "Not with this provider."}
NOTE = {"note-text": "We spoke on Monday."}
WITHDRAW = {"withdraw-reason": "The dates no longer work."}


@dataclass(frozen=True)
class Row:
    """One consent route and what every identity gets in each phase."""

    case: Case  # its expect is the one of the phase "asked"
    phases: dict[str, dict[str, str]]  # per phase, the identities whose outcome differs


def _in(phase: str, row: Row) -> dict[str, str]:
    return {**row.case.expect, **row.phases.get(phase, {})}


SIDES = ("state_a", *FOCAL)  # who may follow match_conf before consent
# fmt: off
ROWS = [
    Row(Case("GET", "matches.detail", only("ok", *SIDES, other="404"), obj="match_conf"),
        {"consented": {"provider_x": "ok"}, "withdrawn": {"provider_x": "ok"}}),  # a line
    Row(Case("GET", "needs.detail", visible_to(*SIDES), obj="need_conf_a"),
        {"consented": {"provider_x": "ok"}}),
    Row(Case("POST", "matches.detail", only("write", "state_a", other="404", focal="403",
                                            admin="403"), obj="match_conf", data=accept),
        {"consented": {"state_a": "ok", "provider_x": "write"},  # answered already: refused
         "refused": {"state_a": "ok"},
         "withdrawn": {"state_a": "ok", "provider_x": "ok"}}),
    Row(Case("POST", "matches.detail", only("write", "state_a", other="404", focal="403",
                                            admin="403"), obj="match_conf",
             data=lambda w: DECLINE),
        {"consented": {"state_a": "ok", "provider_x": "write"},
         "refused": {"state_a": "ok"},
         "withdrawn": {"state_a": "ok", "provider_x": "ok"}}),
    Row(Case("POST", "matches.note", only("write", *SIDES, other="404"), obj="match_conf",
             data=lambda w: NOTE),
        {"consented": {"provider_x": "write"}, "withdrawn": {"provider_x": "403"}}),
    Row(Case("POST", "matches.move", only("write", *SIDES, other="404"),
             obj={"match_id": "match_conf", "action": "withdraw"}, data=lambda w: WITHDRAW),
        {"consented": {"provider_x": "write"},
         "refused": dict.fromkeys(SIDES, "ok"),  # refused with a message: already declined
         "withdrawn": {**dict.fromkeys(SIDES, "ok"), "provider_x": "ok"}}),
    Row(Case("POST", "matches.offer_for_need", only("404", "provider_x", "provider_y"),
             data=offer_for_need_form("need_conf_a")),
        {"consented": {"provider_x": "ok"}}),  # it reads the need; refused with a message
]
# fmt: on


@pytest.mark.parametrize("phase", PHASES)
def test_consent_routes_give_every_identity_what_the_phase_allows(
    app, world, identities, sandbox, summary, phase
):
    rules = {r.endpoint: r for r in app.url_map.iter_rules()}
    problems, checks = [], 0
    for row in ROWS:
        expect = _in(phase, row)
        assert set(expect) == set(IDENTITIES), f"{row.case.label}: give every identity"
        with app.test_request_context():
            url = url_of(world, set(rules[row.case.endpoint].arguments), row.case)
        for identity in IDENTITIES:
            set_phase(sandbox, world, phase)
            data = row.case.data(world) if row.case.data else {}
            with WriteWatch(db.engine) as watch:
                response = identities.as_(identity).open(url, method=row.case.method, data=data)
                wrote = bool(watch.take())
            sandbox.rollback()
            checks += 1
            actual = classify(response, wrote)
            wrong = verdict(expect[identity], actual)
            if wrong:
                problems.append(
                    f"{wrong}: {row.case.label} {url} as {identity} ({phase}): expected "
                    f"{expect[identity]}, got {actual} ({response.status_code})"
                )
    summary("authorization matrix, consent", f"{phase}: {checks} checks, {len(problems)} wrong")
    assert not problems, "\n".join(problems)

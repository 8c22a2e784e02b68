"""The authorization matrix of the API's token routes: every route, tried with every token.

``test_authz_matrix.py`` tries every route with each identity's session cookie; the API never
reads the cookie, so there its token routes answer 401 to everyone. Here the same routes are
tried with a bearer token per identity (``World.bearer``): each signed-in identity's token has
every scope its role allows (``tokens.ROLE_SCOPES``: a State read, write_needs,
answer_proposals; a provider read, write_offers, answer_proposals; the focal point read,
propose; the administrator read), ``state_a_read`` and ``provider_x_read`` only ``read``;
``anonymous`` sends no token and ``forged`` one that does not exist.

Every (method, endpoint) of the blueprints ``api_party`` and ``api_iati`` must have a row.
Outcomes are those of ``matrix.py`` (``"401"`` a missing or bad token; ``"403"`` a token without
the scope or a record of another party; ``"404"`` a record the owner may not know of; ``"ok"``
the view ran and wrote nothing, a refusal with 400 included; ``"write"`` it wrote). A token's
"last used" stamp is not counted as a write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for

from models import db
from tests.security.matrix import classify, verdict
from tests.security.support import World, WriteWatch

TOKENS = (
    "anonymous", "forged", "state_a", "state_a_read", "state_b", "provider_x", "provider_x_read",
    "provider_y", "focal", "admin",
)  # fmt: skip
WITH_TOKEN = TOKENS[2:]
STATES_T = ("state_a", "state_a_read", "state_b")
PROVIDERS_T = ("provider_x", "provider_x_read", "provider_y")
FORGED = "cbm_" + "0" * 40
OFFER = {
    "title": "Malware analysis clinic",
    "description": "Three days of guided malware triage.",
    "topics": ["incident-response"],
}
NEED = {"title": "SOC playbooks", "description": "Help to write the SOC's first playbooks."}


def tokens(outcome: str, **overrides: str) -> dict[str, str]:
    """``outcome`` for every token; no token or a forged one: 401."""
    base = dict.fromkeys(WITH_TOKEN, outcome) | {"anonymous": "401", "forged": "401"}
    unknown = set(overrides) - set(TOKENS)
    assert not unknown, unknown
    return base | overrides


def scoped(outcome: str, *who: str, other: str = "403", **overrides: str) -> dict[str, str]:
    """``who`` get ``outcome``, other tokens ``other`` (no scope, or another's), none 401."""
    return tokens(other, **dict.fromkeys(who, outcome)) | overrides


@dataclass(frozen=True)
class Row:
    method: str
    endpoint: str
    expect: dict[str, str]
    args: Callable[[World], dict[str, Any]] = lambda w: {}
    body: Callable[[World], dict[str, Any]] | None = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.endpoint}"


def ref(key: str, name: str = "ref") -> Callable[[World], dict[str, Any]]:
    return lambda w: {name: w.refs[key]}


def match(key: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"match_id": w.ids[key]}


READERS = tokens("ok")
FOCAL_T = ("focal", "admin")
# fmt: off
ROWS: list[Row] = [
    # --- reads: any token with read (every token here has it)
    Row("GET", "api_party.my_needs", READERS),
    Row("GET", "api_party.my_offers", READERS),
    Row("GET", "api_party.my_matches", READERS),
    Row("GET", "api_party.get_my_need", scoped("ok", "state_a", "state_a_read", *FOCAL_T,
        other="404"), ref("need_conf_a")),
    Row("GET", "api_party.get_my_need", scoped("ok", "state_a", "state_a_read", *FOCAL_T,
        other="404"), ref("need_draft_a")),
    # a public need of another State: known, not theirs
    Row("GET", "api_party.get_my_need", scoped("ok", "state_a", "state_a_read", *FOCAL_T),
        ref("need_public_a")),
    Row("GET", "api_party.get_my_need", tokens("404"), ref("missing_need")),
    Row("GET", "api_party.get_match", scoped("ok", "state_a", "state_a_read", "provider_x",
        "provider_x_read", *FOCAL_T, other="404"), match("match_proposed")),
    # A's confidential need proposed with X's offer, A has not consented: X may not know of it.
    Row("GET", "api_party.get_match", scoped("ok", "state_a", "state_a_read", *FOCAL_T,
        other="404"), match("match_conf")),
    Row("GET", "api_party.get_match", scoped("ok", *FOCAL_T, other="404"),
        match("match_suggested")),
    Row("GET", "api_party.get_match", tokens("404"), match("missing_match")),
    # --- offers: write_offers, on the token's organisation's offers
    Row("POST", "api_party.create_offer", scoped("write", "provider_x", "provider_y"),
        body=lambda w: OFFER),
    Row("POST", "api_party.create_offer", scoped("ok", "provider_x", "provider_y"),
        body=lambda w: {**OFFER, "title": ""}),  # refused, nothing written
    Row("PUT", "api_party.replace_offer", scoped("write", "provider_x"), ref("offer_x"),
        body=lambda w: OFFER),
    Row("PATCH", "api_party.update_offer", scoped("write", "provider_x"), ref("offer_x"),
        body=lambda w: {"capacity": 5}),
    Row("PATCH", "api_party.update_offer", scoped("write", "provider_y"), ref("offer_y"),
        body=lambda w: {"capacity": 5}),
    Row("PATCH", "api_party.update_offer", scoped("404", "provider_x", "provider_y"),
        ref("missing_offer"), body=lambda w: {"capacity": 5}),
    Row("POST", "api_party.close_offer", scoped("write", "provider_x"), ref("offer_x")),
    Row("POST", "api_party.close_offer", scoped("ok", "provider_x"), ref("offer_x_closed")),
    # --- needs: write_needs, on the token's State's needs; another's hidden one is not found
    Row("POST", "api_party.create_need", scoped("write", "state_a", "state_b"),
        body=lambda w: NEED),
    Row("POST", "api_party.create_need", scoped("ok", "state_a", "state_b"),
        body=lambda w: {**NEED, "state": "JAM"}),  # another State's: refused
    Row("PUT", "api_party.replace_need", scoped("write", "state_a"), ref("need_public_a"),
        body=lambda w: NEED),
    Row("PATCH", "api_party.update_need", scoped("write", "state_a"), ref("need_public_a"),
        body=lambda w: {"priority": "high"}),
    Row("PATCH", "api_party.update_need", scoped("write", "state_a", state_b="404"),
        ref("need_conf_a"), body=lambda w: {"priority": "low"}),
    Row("PATCH", "api_party.update_need", scoped("write", "state_b", state_a="404"),
        ref("need_conf_b"), body=lambda w: {"priority": "low"}),
    Row("POST", "api_party.close_need", scoped("write", "state_a"), ref("need_public_a")),
    Row("POST", "api_party.close_need", scoped("ok", "state_a"), ref("need_closed_a")),
    Row("POST", "api_party.withdraw_need", scoped("write", "state_a"), ref("need_public_a")),
    Row("POST", "api_party.withdraw_need", scoped("ok", "state_a", state_b="404"),
        ref("need_draft_a")),  # a draft is deleted, not withdrawn: refused, named
    Row("DELETE", "api_party.delete_need", scoped("write", "state_a", state_b="404"),
        ref("need_draft_a")),
    Row("DELETE", "api_party.delete_need", scoped("ok", "state_a"), ref("need_public_a")),
    # --- answers: answer_proposals, by a side of the match
    Row("POST", "api_party.answer_proposal", scoped("write", "state_a", "provider_x",
        state_b="404", provider_y="404"), match("match_proposed"),
        body=lambda w: {"decision": "accept"}),
    Row("POST", "api_party.answer_proposal", scoped("write", "state_a", state_b="404",
        provider_x="404", provider_y="404"), match("match_conf"),
        body=lambda w: {"decision": "accept"}),
    Row("POST", "api_party.answer_proposal", scoped("ok", "state_a", "provider_x",
        state_b="404", provider_y="404"), match("match_proposed"),
        body=lambda w: {"decision": "decline"}),  # no note: refused
    Row("POST", "api_party.answer_proposal", scoped("404", "state_a", "state_b", "provider_x",
        "provider_y"), match("match_suggested"), body=lambda w: {"decision": "accept"}),
    # --- proposals: the focal point's scope propose (the administrator's tokens read only)
    Row("POST", "api_party.propose_pair", scoped("write", "focal"), body=lambda w: {
        "need": w.refs["need_public2_a"], "offer": w.refs["offer_x"], "message": "A fit."}),
    Row("POST", "api_party.propose_pair", scoped("write", "focal"), body=lambda w: {
        "need": w.refs["need_conf_b"], "offer": w.refs["offer_x"], "message": "A fit."}),
    Row("POST", "api_party.propose_pair", scoped("404", "focal"), body=lambda w: {
        "need": w.refs["missing_need"], "offer": w.refs["offer_x"], "message": "A fit."}),
    # --- the IATI file is public: a token changes nothing, a forged one is not even read
    Row("GET", "api_iati.activities", tokens("ok", anonymous="ok", forged="ok")),
]
# fmt: on


def _headers(world: World, who: str) -> dict[str, str]:
    if who == "anonymous":
        return {}
    secret = FORGED if who == "forged" else world.bearer[who]
    return {"Authorization": f"Bearer {secret}"}


def test_every_token_route_has_a_row(app):
    routes = {
        (m, r.endpoint)
        for r in app.url_map.iter_rules()
        if r.endpoint.split(".")[0] in ("api_party", "api_iati")
        for m in (r.methods or set()) - {"HEAD", "OPTIONS"}
    }
    covered = {(r.method, r.endpoint) for r in ROWS}
    assert routes - covered == set(), f"add rows for {sorted(routes - covered)}"
    assert covered - routes == set(), f"rows name unknown routes {sorted(covered - routes)}"


def test_every_token_gets_exactly_what_the_matrix_says(app, world, sandbox, summary):
    client = app.test_client()
    problems: list[str] = []
    tally = {"unexpected grant": 0, "unexpected denial": 0, "wrong outcome": 0}
    checks = 0
    for row in ROWS:
        assert set(row.expect) == set(TOKENS), f"{row.label}: give every token"
        with app.test_request_context():
            url = url_for(row.endpoint, **row.args(world))
        for who in TOKENS:
            with WriteWatch(db.engine) as watch:
                response = client.open(
                    url, method=row.method, headers=_headers(world, who),
                    json=row.body(world) if row.body else None,
                )  # fmt: skip
                # noting a token's last use is not the request's write
                wrote = any(not s.startswith("UPDATE api_token") for s in watch.take())
            sandbox.rollback()
            checks += 1
            assert response.status_code < 500, f"{row.label} with {who}: a server error"
            actual = classify(response, wrote)
            if row.method == "GET" and wrote:
                problems.append(f"{row.label} with {who}: a GET changed the database")
            wrong = verdict(row.expect[who], actual)
            if wrong:
                tally[wrong] += 1
                problems.append(
                    f"{wrong}: {row.label} {url} with {who}'s token: expected "
                    f"{row.expect[who]}, got {actual} ({response.status_code}) "
                    f"{response.get_data(as_text=True)[:200]}"
                )
    endpoints = len({(r.method, r.endpoint) for r in ROWS})
    summary(
        "authorization matrix (API tokens)",
        f"{endpoints} routes in {len(ROWS)} cases x {len(TOKENS)} tokens = {checks} checks; "
        f"unexpected grants {tally['unexpected grant']}, unexpected denials "
        f"{tally['unexpected denial']}, wrong outcomes {tally['wrong outcome']}",
    )
    assert not problems, "\n".join(problems)

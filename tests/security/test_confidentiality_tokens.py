"""A party's API reads never give away a hidden record, whatever the token's owner.

As ``test_confidentiality.py`` does for the pages: every party read (``/api/v1/me/...``, every
match of the world, every need by ref) is requested with each identity's token twice, once with
the records hidden from that identity in the database and once after deleting them (rolled back
afterwards). The answers must be identical. So provider X's token, whose offer is proposed with
State A's confidential need before A consented, neither reads the need nor learns the match
exists; State B's token never sees A's; and the IATI file, public, is the same for everyone.
The insiders' answers do change (checked too, so that the comparison is not vacuous).
"""

from __future__ import annotations

import re

from tests.security.support import SECRET_B_WORD, SECRET_WORD, World
from tests.security.test_confidentiality import SECRETS, Secret

#: Every identity with a token (its role's every scope), as in test_authz_tokens.py.
HOLDERS = ("state_a", "state_b", "provider_x", "provider_y", "focal", "admin")
NEED_SECRETS = [s for s in SECRETS if s.name.endswith("need")]
VOLATILE = [re.compile(r'(generated-datetime=")[^"]*"')]


def _paths(world: World) -> list[str]:
    needs = ("need_public_a", "need_conf_a", "need_draft_a", "need_public_b", "need_conf_b")
    matches = ("match_proposed", "match_conf", "match_suggested", "match_accepted",
               "match_in_progress", "match_completed")  # fmt: skip
    return [
        "/api/v1/me/needs?limit=100",
        "/api/v1/me/needs?limit=2",
        "/api/v1/me/offers?limit=100",
        "/api/v1/me/matches?limit=100",
        "/api/v1/me/matches?limit=1",
        "/api/v1/me/matches?status=proposed",
        "/api/v1/iati/activities.xml",
        *(f"/api/v1/me/needs/{world.refs[k]}" for k in needs),
        *(f"/api/v1/matches/{world.ids[k]}" for k in matches),
    ]


def _answers(app, world: World, who: str, paths: list[str]) -> dict[str, str]:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world.bearer[who]}"}
    out = {}
    for path in paths:
        response = client.get(path, headers=headers)
        assert response.status_code < 500, (path, who)
        body = response.get_data(as_text=True)
        for pattern in VOLATILE:
            body = pattern.sub(r"\1…", body)
        out[path] = f"{response.status_code}\n{body}"
    return out


def _hidden_from(who: str) -> list[Secret]:
    return [s for s in NEED_SECRETS if who in s.outsiders]


def test_a_token_reads_no_hidden_need_nor_learns_of_it(app, world, sandbox, summary):
    paths = _paths(world)
    compared = differ = 0
    problems: list[str] = []
    for who in HOLDERS:
        hidden = _hidden_from(who)
        with_secret = _answers(app, world, who, paths)
        for path, body in with_secret.items():
            for word in (w for s in hidden for w in s.words):
                if word not in path and word in body:
                    problems.append(f"{word!r} shows on {path} with {who}'s token")
        for secret in hidden:
            secret.remove(sandbox, world)
        without = _answers(app, world, who, paths)
        sandbox.rollback()
        for path in paths:
            compared += 1
            if with_secret[path] != without[path]:
                differ += 1
                problems.append(f"{path} with {who}'s token changes when hidden needs go")
    summary(
        "confidentiality (API tokens)",
        f"{compared} (token, party read) pairs compared with and without the hidden needs "
        f"({len(NEED_SECRETS)}), {differ} differ",
    )
    assert not problems, "\n".join(problems)


def test_insiders_tokens_do_read_them_so_the_comparison_is_not_vacuous(app, world):
    a = _answers(app, world, "state_a", ["/api/v1/me/needs?limit=100"])
    assert SECRET_WORD in a["/api/v1/me/needs?limit=100"]
    b = _answers(app, world, "state_b", ["/api/v1/me/needs?limit=100"])
    assert SECRET_B_WORD in b["/api/v1/me/needs?limit=100"]
    focal = _answers(app, world, "focal", [f"/api/v1/matches/{world.ids['match_conf']}"])
    assert '"need":"N-A-SECRET"' in focal[f"/api/v1/matches/{world.ids['match_conf']}"]

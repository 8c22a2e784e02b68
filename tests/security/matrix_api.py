"""The authorization matrix's rows for the JSON API (see test_authz_matrix.py for how rows read).

With a session cookie, never a token: the public reads answer everyone alike (a confidential or
draft need is 404 even to its own State and to the focal point), and a party's routes answer 401
to every identity, since the API never reads the cookie. tests/security/test_authz_tokens.py
tries the party's routes with each identity's tokens.
"""

from __future__ import annotations

from tests.security.matrix import Case, everyone

# fmt: off
API_CASES: list[Case] = [
    # --- the JSON API's public reads: the same for everyone, whatever session cookie comes
    #     with the request (it never signs anyone in): a confidential or draft need is 404
    #     even to its own State and to the focal point
    *(Case("GET", f"api_public.{e}", everyone())
      for e in ("list_needs", "list_offers", "list_activities", "list_states", "list_centres")),
    Case("GET", "api_public.get_need", everyone(), obj="need_public_a"),
    Case("GET", "api_public.get_need", everyone(), obj="need_closed_a"),
    *(Case("GET", "api_public.get_need", everyone("404"), obj=key)
      for key in ("need_conf_a", "need_draft_a", "need_conf_b", "missing_need")),
    Case("GET", "api_public.get_offer", everyone(), obj="offer_x"),
    Case("GET", "api_public.get_offer", everyone(), obj="offer_x_closed"),
    Case("GET", "api_public.get_offer", everyone("404"), obj="missing_offer"),
    *(Case("GET", f"api_reference.{e}", everyone()) for e in (
        "topics", "dimensions", "support_types", "regions", "languages", "currencies")),
    Case("GET", "api_docs.openapi", everyone()), Case("GET", "api_docs.reference", everyone()),
    # A party's API routes take a bearer token, never the session cookie: 401 to every identity
    # here (tests/security/test_authz_tokens.py tries them with each identity's tokens).
    *(Case(m, f"api_party.{e}", everyone("401")) for m, e in (
        ("GET", "my_needs"), ("GET", "my_offers"), ("GET", "my_matches"),
        ("POST", "create_offer"), ("POST", "create_need"), ("POST", "propose_pair"))),
    *(Case(m, f"api_party.{e}", everyone("401"), obj="need_conf_a") for m, e in (
        ("GET", "get_my_need"), ("PUT", "replace_need"), ("PATCH", "update_need"),
        ("POST", "close_need"), ("POST", "withdraw_need"), ("DELETE", "delete_need"))),
    *(Case(m, f"api_party.{e}", everyone("401"), obj="offer_x") for m, e in (
        ("PUT", "replace_offer"), ("PATCH", "update_offer"), ("POST", "close_offer"))),
    Case("GET", "api_party.get_match", everyone("401"), obj="match_conf"),
    Case("POST", "api_party.answer_proposal", everyone("401"), obj="match_conf"),
    Case("GET", "api_iati.activities", everyone()),
]
# fmt: on

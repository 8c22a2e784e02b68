"""The authorization matrix: every route, tried by every identity, on every kind of record.

How it works: the test walks ``app.url_map``; every (method, endpoint) must have at least one row
in CASES below, or the test fails and names the rows to add. Each row is requested once per
identity (anonymous, a pending account, a representative of State A and of State B, a provider
of organisation X and of Y, the focal point, the admin) and the outcome is compared with the row.
The counts (checks made, unexpected grants, unexpected denials) are printed in the run summary.

Adding a route: add one line per kind of record it takes, e.g.::

    Case("GET", "calendar.feed", only("ok", "state_a", "state_b", *FOCAL)),
    Case("GET", "directory.contact", visible_to("state_a", *FOCAL), obj="need_conf_a"),
    Case("POST", "audit.purge", only("write", "admin"), data=lambda w: {"days": "30"}),

A row is ``Case(method, endpoint, expect, obj="", data=None)``:

- ``obj`` names the record the URL points at: a key of ``World.refs`` or ``World.ids`` (see
  tests/security/support.py), used for the rule's one argument; or ``{argument: key, ...}``.
- ``data`` builds the POST body from the world (``lambda w: {...}``); give the *valid* input a
  permitted user would send, so that a grant shows up as a write.
- ``expect`` maps every identity to one outcome, built with the helpers of ``matrix.py``:
  ``everyone(o)``, ``signed_in(o)``, ``only(o, *who, other="403")``, ``visible_to(*who)``;
  each takes ``**overrides`` per identity.

Outcomes: ``"login"`` (302 to the sign-in page), ``"403"``, ``"404"``, ``"405"`` are denials;
``"ok"`` means the view ran and wrote nothing (a page, a re-rendered form with errors, a redirect
with a flash message saying no), and ``"write"`` means the request sent an INSERT, UPDATE or
DELETE to the database. A GET must never write. Each request runs in a transaction that is
rolled back afterwards, so rows are independent of one another.

An unexpected grant is "ok"/"write" where a denial was expected, or "write" where "ok" was; an
unexpected denial is the reverse. Both fail the test, as does a denial of the wrong kind (a 403
that tells an outsider a hidden record exists, where 404 was expected).
"""

from __future__ import annotations

from models import db
from tests.security.matrix import (
    FOCAL,
    PROVIDERS,
    STATES,
    Case,
    classify,
    everyone,
    only,
    signed_in,
    url_of,
    verdict,
    visible_to,
)
from tests.security.matrix_api import API_CASES
from tests.security.matrix_forms import (
    NEW_PASSWORD,
    approve,
    asking_suggestions,
    maturity_form,
    need_form,
    nsi_confirm,
    nsi_form,
    nsi_preview,
    offer_form,
    password_form,
    preferences_form,
    refuse,
    register_form,
    role_form,
    suggest_form,
)
from tests.security.matrix_matches import MATCH_CASES
from tests.security.support import IDENTITIES, WriteWatch

EDITORS_X = ("provider_x", *FOCAL)  # may change organisation X's offers

# fmt: off
CASES: list[Case] = [
    # --- front page and accounts
    Case("GET", "pages.home", everyone()),
    Case("GET", "pages.personal", signed_in()),
    Case("POST", "pages.language", everyone("write", anonymous="ok", pending="ok"),
         data=lambda w: {"language": "en", "next": "/"}),
    Case("POST", "pages.suggest_tags", only("ok", *STATES, *PROVIDERS, *FOCAL), data=suggest_form),
    Case("GET", "auth.login", everyone()),
    Case("POST", "auth.login", everyone()),
    Case("POST", "auth.logout", everyone("write", anonymous="ok", pending="ok")),  # sessions end
    Case("GET", "auth.register", everyone()),
    Case("POST", "auth.register", everyone("write"), data=register_form),
    Case("GET", "auth.registered", everyone()),
    Case("GET", "auth.forgot_password", everyone()),
    Case("POST", "auth.forgot_password", everyone("write"),  # a mail in the outbox
         data=lambda w: {"email": w.users["state_a"]}),
    Case("POST", "auth.forgot_password", everyone(),  # no account: nothing written
         data=lambda w: {"email": "nobody.at.all@example.org"}),
    Case("GET", "auth.reset_sent", everyone()),
    Case("GET", "auth.reset_done", everyone()),
    Case("GET", "auth.reset_password", everyone(), obj="reset_token_a"),
    Case("GET", "auth.reset_password", everyone(), obj="reset_token_forged"),  # 410
    Case("POST", "auth.reset_password", everyone("write"), obj="reset_token_a",
         data=lambda w: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    Case("POST", "auth.reset_password", everyone(), obj="reset_token_forged",
         data=lambda w: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    # The signed token is the authority: anyone holding the link (a mail client) may use it.
    Case("GET", "notices.unsubscribe", everyone(), obj="unsubscribe_a"),
    Case("POST", "notices.unsubscribe", everyone("write"), obj="unsubscribe_a"),
    Case("GET", "notices.unsubscribe", everyone("404"), obj="unsubscribe_forged"),
    Case("POST", "notices.unsubscribe", everyone("404"), obj="unsubscribe_forged"),
    Case("GET", "notices.preferences", signed_in()),
    Case("POST", "notices.preferences", signed_in("write"), data=preferences_form),
    Case("POST", "notices.preferences", signed_in(),  # not a choice: refused, nothing written
         data=lambda w: {"match_note": "hourly"}),
    # Access tokens: each account's own; State A's token is nobody else's to see or revoke.
    Case("GET", "tokens.index", signed_in()),
    Case("GET", "tokens.create", signed_in()),
    Case("POST", "tokens.create", signed_in("write"),
         data=lambda w: {"name": "Nightly sync", "scopes": "read", "expires_on": ""}),
    Case("POST", "tokens.create", signed_in(),  # no name: refused, nothing written
         data=lambda w: {"name": "", "scopes": "read"}),
    Case("GET", "tokens.revoke", only("ok", "state_a", other="404"), obj="token_a"),
    Case("POST", "tokens.revoke", only("write", "state_a", other="404"), obj="token_a"),
    Case("POST", "tokens.revoke", signed_in("404"), obj="missing_token"),
    Case("GET", "auth.password", signed_in()),
    Case("POST", "auth.password", signed_in("write"), data=password_form),
    Case("GET", "auth.accounts_queue", only("ok", *FOCAL)),
    Case("POST", "auth.decide", only("write", *FOCAL), obj="pending_user", data=approve),
    Case("POST", "auth.decide", only("404", *FOCAL), obj="missing_user", data=approve),
    Case("POST", "auth.decide", only("write", *FOCAL), obj="pending_user", data=refuse),
    Case("POST", "auth.decide", only("ok", *FOCAL), obj="pending_user",  # no reason: refused
         data=lambda w: {"decision": "refuse", "reason": ""}),
    # --- the administrator's accounts
    Case("GET", "admin.accounts", only("ok", "admin")),
    Case("GET", "admin.account", only("ok", "admin"), obj="user_state_a"),
    Case("GET", "admin.account", only("ok", "admin"), obj="pending_user"),
    Case("GET", "admin.account", only("404", "admin"), obj="missing_user"),
    Case("POST", "admin.role", only("write", "admin"), obj="user_state_a", data=role_form),
    Case("POST", "admin.role", only("ok", "admin"), obj="user_admin",  # demoting oneself
         data=lambda w: {"role": "focal_point"}),
    Case("POST", "admin.role", only("404", "admin"), obj="missing_user", data=role_form),
    Case("GET", "admin.deactivate", only("ok", "admin"), obj="user_provider_x"),
    Case("POST", "admin.deactivate", only("write", "admin"), obj="user_provider_x",
         data=lambda w: {"reason": "Left the company."}),
    Case("POST", "admin.deactivate", only("ok", "admin"), obj="user_admin"),  # oneself
    Case("POST", "admin.deactivate", only("404", "admin"), obj="missing_user"),
    Case("POST", "admin.reactivate", only("ok", "admin"), obj="user_state_b"),  # still active
    Case("POST", "admin.reactivate", only("404", "admin"), obj="missing_user"),
    Case("POST", "admin.send_reset", only("write", "admin"), obj="user_state_a"),
    Case("POST", "admin.send_reset", only("ok", "admin"), obj="pending_user"),  # not active
    Case("POST", "admin.send_reset", only("404", "admin"), obj="missing_user"),
    # --- needs: public list and detail pages
    Case("GET", "needs.index", everyone()),
    Case("GET", "needs.detail", everyone(), obj="need_public_a"),
    Case("GET", "needs.detail", everyone(), obj="need_closed_a"),
    Case("GET", "needs.detail", visible_to("state_a", *FOCAL), obj="need_conf_a"),
    Case("GET", "needs.detail", visible_to("state_a", *FOCAL), obj="need_draft_a"),
    Case("GET", "needs.detail", visible_to("state_b", *FOCAL), obj="need_conf_b"),
    Case("GET", "needs.detail", everyone("404"), obj="missing_need"),
    # --- States
    Case("GET", "states.profile", everyone(), obj="state_a_code"),
    Case("GET", "states.profile", everyone(), obj="state_b_code"),
    Case("GET", "states.profile", everyone("404"), obj="missing_state"),
    Case("GET", "states.index", everyone()),
    Case("POST", "states.sharing_choice", only("write", "state_a"), obj="state_a_code",
         data=lambda w: {"audience": "providers"}),
    Case("POST", "states.sharing_choice", only("write", "state_b"), obj="state_b_code",
         data=lambda w: {"audience": "public"}),
    Case("POST", "states.sharing_choice", only("ok", "state_a"), obj="state_a_code",
         data=lambda w: {"audience": "everyone"}),  # refused and named: nothing written
    Case("POST", "states.sharing_choice", only("404", *STATES), obj="missing_state",
         data=lambda w: {"audience": "public"}),
    Case("GET", "states.profile_pdf", everyone(), obj="state_a_code"),
    Case("GET", "states.profile_pdf", everyone(), obj="state_b_code"),
    Case("GET", "states.profile_pdf", everyone("404"), obj="missing_state"),
    # Compare: public; each column shows what its State lets the reader see (test_confidentiality).
    Case("GET", "states.compare", everyone()),
    Case("GET", "states.compare", everyone(), obj={"state": "state_a_code"}),
    Case("GET", "states.compare", everyone(), obj={"state": "missing_state"}),  # 400, named
    # --- offers
    Case("GET", "offers.index", everyone()),
    Case("GET", "offers.detail", everyone(), obj="offer_x"),
    Case("GET", "offers.detail", everyone(), obj="offer_x_closed"),
    Case("GET", "offers.detail", everyone("404"), obj="missing_offer"),
    Case("GET", "offers.mine", only("ok", *PROVIDERS)),
    Case("GET", "offers.create", only("ok", *PROVIDERS)),
    Case("POST", "offers.create", only("write", *PROVIDERS), data=offer_form),
    Case("POST", "offers.create", only("ok", *PROVIDERS), data=asking_suggestions(offer_form)),
    Case("GET", "offers.edit", only("ok", *EDITORS_X), obj="offer_x"),
    Case("GET", "offers.edit", only("ok", *EDITORS_X), obj="offer_x_closed"),
    Case("GET", "offers.edit", only("404", *PROVIDERS, *FOCAL), obj="missing_offer"),
    Case("POST", "offers.edit", only("write", *EDITORS_X), obj="offer_x", data=offer_form),
    Case("POST", "offers.edit", only("ok", *EDITORS_X), obj="offer_x",
         data=asking_suggestions(offer_form)),
    Case("POST", "offers.edit", only("ok", *EDITORS_X), obj="offer_x_closed", data=offer_form),
    Case("GET", "offers.close", only("ok", *EDITORS_X), obj="offer_x"),
    Case("POST", "offers.close", only("write", *EDITORS_X), obj="offer_x"),
    Case("POST", "offers.close", only("ok", *EDITORS_X), obj="offer_x_closed"),
    Case("POST", "offers.close", only("404", *PROVIDERS, *FOCAL), obj="missing_offer"),
    # --- the State's survey
    Case("GET", "survey.index", only("ok", *STATES)),
    Case("GET", "survey.maturity", only("ok", *STATES)),
    Case("POST", "survey.maturity", only("write", *STATES), data=maturity_form),
    Case("GET", "survey.needs", only("ok", *STATES)),
    Case("GET", "survey.need_new", only("ok", *STATES)),
    Case("POST", "survey.need_new", only("write", *STATES), data=need_form),
    Case("POST", "survey.need_new", only("ok", *STATES), data=asking_suggestions(need_form)),
    Case("GET", "survey.review", only("ok", *STATES)),
    # State A's D1.1 (start-up) suggests a need; State B rated no factor, so it has nothing to
    # answer (a flash, nothing written).
    *(Case("POST", "survey.suggestion_answer", only("write", "state_a", state_b="ok"),
           obj={"code": "factor_a", "answer": answer}) for answer in ("accept", "ignore")),
    Case("POST", "survey.suggestion_answer", only("404", *STATES),
         obj={"code": "factor_a", "answer": "bad_answer"}),
    # A submits (its drafts open); B's version 1 was kept today with the same maturity: an
    # update now adds nothing (a new day or a changed maturity would make version 2).
    Case("POST", "survey.review", only("ok", *STATES, state_a="write")),
    # The NSI step (optional): State A answered N4.3 "yes", which suggests a need; State B
    # answered nothing. The preview of a file writes nothing; confirming it writes.
    Case("GET", "survey.nsi_answers", only("ok", *STATES)),
    Case("POST", "survey.nsi_answers", only("write", *STATES), data=nsi_form),
    Case("POST", "survey.nsi_import", only("ok", *STATES), data=nsi_preview),
    Case("POST", "survey.nsi_import", only("write", *STATES), data=nsi_confirm),
    *(Case("POST", "survey.suggestion_answer", only("write", "state_a", state_b="ok"),
           obj={"code": "nsi_a", "answer": answer}) for answer in ("accept", "ignore")),
    *(
        Case(method, f"survey.{action}", only(outcome, "state_a", state_b=other), obj=need,
             data=need_form if action == "need_edit" else None)
        for action in ("need_edit", "need_close", "need_withdraw", "need_delete")
        for method, outcome in (("GET", "ok"), ("POST", "write"))
        for need, other in (("need_public_a", "403"), ("need_conf_a", "404"),
                            ("need_draft_a", "404"))
        # a draft is deleted, not closed or withdrawn; a submitted need is not deleted
        if not (action in ("need_close", "need_withdraw") and need == "need_draft_a"
                and method == "POST")
        and not (action == "need_delete" and need != "need_draft_a" and method == "POST")
    ),
    *(Case("POST", f"survey.{action}", only("ok", "state_a", state_b="404"), obj="need_draft_a")
      for action in ("need_close", "need_withdraw")),
    Case("POST", "survey.need_delete", only("ok", "state_a", state_b="403"), obj="need_public_a"),
    Case("POST", "survey.need_delete", only("ok", "state_a", state_b="404"), obj="need_conf_a"),
    Case("POST", "survey.need_delete", only("404", *STATES), obj="missing_need"),
    Case("GET", "survey.need_edit", only("ok", "state_b", state_a="403"), obj="need_public_b"),
    Case("GET", "survey.need_edit", only("ok", "state_b", state_a="404"), obj="need_conf_b"),
    Case("POST", "survey.need_withdraw", only("404", *STATES), obj="missing_need"),
    # Survey versions: seen by whom the State shows its maturity (A: a draft; B: submitted, never
    # chose, so the focal point only); a hidden history is a 404, like none.
    Case("GET", "survey.history", visible_to("state_a", *FOCAL), obj="state_a_code"),
    Case("GET", "survey.history", visible_to("state_b", *FOCAL), obj="state_b_code"),
    Case("GET", "survey.history", everyone("404"), obj="missing_state"),
    Case("GET", "survey.outdated", only("ok", *FOCAL)),
    *MATCH_CASES,  # matches, the console, the pipeline, lessons: matrix_matches.py
    # --- the dashboard
    Case("GET", "dashboard.index", only("ok", *FOCAL)),
    Case("GET", "dashboard.unmet", only("ok", *FOCAL)),
    Case("GET", "dashboard.gaps_report", only("ok", *FOCAL), obj={"fmt": "csv"}),
    Case("GET", "dashboard.outcomes_report", only("ok", *FOCAL), obj={"fmt": "csv"}),
    Case("GET", "dashboard.funding_report", only("ok", *FOCAL), obj={"fmt": "csv"}),
    Case("GET", "dashboard.summary", only("ok", *FOCAL)),
    Case("GET", "dashboard.summary_pdf", only("ok", *FOCAL)),
    Case("GET", "dashboard.rates", only("ok", *FOCAL)),
    Case("POST", "dashboard.rates", only("write", *FOCAL),
         data=lambda w: {"currency": "EUR", "rate": "1.0843", "valid_from": "2026-12-01"}),
    # --- the calendar: public pages and feed, events changed by their organisation
    Case("GET", "calendar.month", everyone()),
    Case("GET", "calendar.upcoming", everyone()),
    Case("GET", "calendar.feed", everyone()),
    Case("GET", "calendar.event", everyone(), obj="event_x"),
    Case("GET", "calendar.create", only("ok", *PROVIDERS, *FOCAL)),
    Case("POST", "calendar.create", only("ok", *PROVIDERS, *FOCAL)),
    Case("GET", "calendar.edit", only("ok", "provider_x", *FOCAL), obj="event_x"),
    Case("POST", "calendar.edit", only("ok", "provider_x", *FOCAL), obj="event_x"),
    Case("GET", "calendar.delete", only("ok", "provider_x", *FOCAL), obj="event_x"),
    Case("POST", "calendar.delete",
         only("write", "provider_x", *FOCAL), obj="event_x", data=lambda w: {"confirm": "y"}),
    # --- directories: public centres; points of contact for States' representatives
    Case("GET", "directory.index", everyone()),
    Case("GET", "directory.centres", everyone()),
    Case("GET", "contacts.index", only("ok", *STATES, *FOCAL)),
    Case("GET", "contacts.create", only("ok", *STATES)),
    Case("POST", "contacts.create", only("ok", *STATES)),
    Case("GET", "contacts.edit", only("ok", "state_a"), obj="contact_a"),
    Case("POST", "contacts.edit", only("ok", "state_a"), obj="contact_a"),
    Case("GET", "contacts.remove", only("ok", "state_a"), obj="contact_a"),
    Case("POST", "contacts.remove", only("write", "state_a"), obj="contact_a",
         data=lambda w: {"confirm": "y"}),
    # --- the audit log
    Case("GET", "audit.index", only("ok", *FOCAL)),
    # --- help and contact: public (the focal points' addresses only to signed-in users)
    Case("GET", "help.index", everyone()), Case("GET", "help.contact", everyone()),
    Case("GET", "help.accessibility", everyone()),
    *(Case("GET", "help.role", everyone(), obj=f"help_{r}") for r in ("state", "focal-point")),
    Case("GET", "help.role", everyone("404"), obj="help_unknown"),
    *API_CASES,  # the JSON API: tests/security/matrix_api.py
]
# fmt: on

IGNORED_ENDPOINTS = {"static"}


def routes(app) -> dict[tuple[str, str], str]:
    """Every (method, endpoint) the app answers, with its rule, HEAD and OPTIONS aside."""
    out = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out[(method, rule.endpoint)] = rule.rule
    return out


def test_every_route_has_a_row_in_the_matrix(app):
    covered = {(c.method, c.endpoint) for c in CASES}
    missing = [f"{m} {e} ({rule})" for (m, e), rule in routes(app).items() if (m, e) not in covered]
    assert not missing, (
        "These routes have no row in tests/security/test_authz_matrix.py CASES; add one "
        "Case(method, endpoint, expect, obj=..., data=...) per kind of record they take:\n  "
        + "\n  ".join(missing)
    )
    known = {f"{m} {e}" for m, e in routes(app)}
    stale = sorted({f"{c.method} {c.endpoint}" for c in CASES} - known)
    assert not stale, f"CASES names routes the app does not have: {stale}"


def test_every_identity_gets_exactly_what_the_matrix_says(app, world, identities, sandbox, summary):
    rules = {r.endpoint: r for r in app.url_map.iter_rules()}
    problems: list[str] = []
    tally = {"unexpected grant": 0, "unexpected denial": 0, "wrong outcome": 0}
    checks = 0
    for case in CASES:
        assert set(case.expect) == set(IDENTITIES), f"{case.label}: give every identity"
        with app.test_request_context():
            url = url_of(world, set(rules[case.endpoint].arguments), case)
        for identity in IDENTITIES:
            client = identities.as_(identity)
            with WriteWatch(db.engine) as watch:
                response = client.open(
                    url, method=case.method, data=case.data(world) if case.data else {}
                )
                wrote = bool(watch.take())
            sandbox.rollback()
            actual = classify(response, wrote)
            checks += 1
            body = response.get_data().decode("utf-8", "replace")  # a PDF is bytes
            assert "Traceback" not in body, f"{case.label} as {identity}: a traceback"
            if case.method == "GET" and wrote:
                problems.append(f"{case.label} as {identity}: a GET changed the database")
            wrong = verdict(case.expect[identity], actual)
            if wrong:
                tally[wrong] += 1
                problems.append(
                    f"{wrong}: {case.label} {url} as {identity}: expected "
                    f"{case.expect[identity]}, got {actual} ({response.status_code})"
                )
    endpoints = len({(c.method, c.endpoint) for c in CASES})
    summary(
        "authorization matrix",
        f"{endpoints} routes in {len(CASES)} cases x {len(IDENTITIES)} identities = "
        f"{checks} checks; unexpected grants {tally['unexpected grant']}, unexpected denials "
        f"{tally['unexpected denial']}, wrong outcomes {tally['wrong outcome']}",
    )
    assert not problems, "\n".join(problems)

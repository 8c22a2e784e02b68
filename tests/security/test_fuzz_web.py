"""Fuzzing the site: every form, the list pages' query parameters, and the URLs' parameters.

Whatever is sent: no server error, no traceback, a refused form writes nothing and a GET never
writes. The forms' bodies: tests/security/form_bodies.py; strategies and counts:
tests/security/strategies.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import Match, MatchStatus, Response, db
from tests.security.form_bodies import (
    EVERY_AREA,
    confirm_outcome_form,
    contact_form,
    event_form,
    maturity_form,
    move_form,
    need_form,
    nsi_form,
    nsi_import_form,
    offer_form,
    outcome_form,
    password_form,
    preferences_form,
    register_form,
    reset_password_form,
    suggest_tags_form,
)
from tests.security.strategies import count, every_area, form, form_value, fuzz
from tests.security.support import PW, Identities, World, fingerprint

# --- forms ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    """A form, the identity that may send it, and what its fields may hold."""

    name: str
    identity: str
    url: Callable[[World], str]
    body: Callable[[World], st.SearchStrategy[dict[str, Any]]]
    #: A match put back in this status after each accepted move, so the next examples move it too.
    reset: tuple[str, MatchStatus] | None = None
    share: int = 1  # runs EXAMPLES["form"] // share examples
    #: State A has consented to share its confidential need with X (``match_conf``) first.
    consent: bool = False


#: Forms that are only a confirmation (a button and the CSRF token): a few examples each.
CONFIRM = 5
FORMS = [
    FormCase("login", "anonymous", lambda w: "/auth/login?next=/needs/",
             lambda w: form({"email": "a@example.org", "password": PW},
                            email=form_value("nobody@example.org"), password=form_value(PW))),
    FormCase("register", "anonymous", lambda w: "/auth/register", register_form),
    FormCase("password", "state_a", lambda w: "/auth/password", password_form),
    FormCase("forgot password", "anonymous", lambda w: "/auth/reset-password",
             lambda w: form({"email": w.users["state_a"]},
                            email=form_value("nobody@example.org", w.users["pending"], ""))),
    FormCase("reset password", "anonymous", lambda w: f"/auth/reset-password/{w.reset_token_a}",
             reset_password_form),
    FormCase("decide", "focal", lambda w: f"/auth/accounts/{w.pending_user}",
             lambda w: form({"decision": "approve"}, decision=form_value("refuse", "maybe"))),
    FormCase("refuse", "focal", lambda w: f"/auth/accounts/{w.pending_user}",
             lambda w: form({"decision": "refuse", "reason": "Not a government address."},
                            reason=form_value("", "  ", "x" * 1001))),
    FormCase("account role", "admin", lambda w: f"/admin/accounts/{w.user_state_b}/role",
             lambda w: form({"role": "provider", "organisation": str(w.org_y_id)},
                            role=form_value("state", "focal_point", "admin", "king"),
                            state=form_value("SEN", "fji", "XYZ", ""),
                            organisation=form_value(str(w.org_x_id), "0", "-1", "999999999999"),
                            version=form_value("1", "2", "0", "-1", "99999999999999999999"))),
    FormCase("deactivate", "admin", lambda w: f"/admin/accounts/{w.user_state_b}/deactivate",
             lambda w: form({"reason": "Left."},
                            reason=form_value("", "x" * 1001), version=form_value("1", "9"))),
    FormCase("deactivate self", "admin", lambda w: f"/admin/accounts/{w.user_admin}/deactivate",
             lambda w: form({"reason": "Me."}), share=CONFIRM),
    FormCase("reactivate", "admin", lambda w: f"/admin/accounts/{w.user_pending}/reactivate",
             lambda w: form({}, version=form_value("1", "2", "x")), share=CONFIRM),
    FormCase("send reset link", "admin", lambda w: f"/admin/accounts/{w.user_state_b}/send-reset",
             lambda w: form({}), share=CONFIRM),
    FormCase("send reset link, pending", "admin",
             lambda w: f"/admin/accounts/{w.user_pending}/send-reset", lambda w: form(),
             share=CONFIRM),
    FormCase("notification settings", "state_a", lambda w: "/notifications/",
             preferences_form("state")),
    FormCase("notification settings, focal point", "focal", lambda w: "/notifications/",
             preferences_form("focal_point")),
    FormCase("access token", "state_a", lambda w: "/account/tokens/new",
             lambda w: form({"name": "Sync", "scopes": "read"},
                            name=form_value("Sync", "CI", "", " ", "x" * 101),
                            scopes=form_value("read", "write_needs", "write_offers", "propose"),
                            expires_on=form_value("2027-06-01", "2026-02-30", "", "2099-01-01"))),
    FormCase("access token, provider", "provider_x", lambda w: "/account/tokens/new",
             lambda w: form({"name": "Feed", "scopes": "write_offers"},
                            scopes=form_value("write_offers", "write_needs", "answer_proposals"))),
    FormCase("maturity", "state_a", lambda w: "/survey/maturity", maturity_form),
    FormCase("need new", "state_a", lambda w: "/survey/needs/new", need_form),
    FormCase("need edit", "state_a", lambda w: f"/survey/needs/{w.need_public_a}/edit", need_form),
    FormCase("review", "state_a", lambda w: "/survey/review", lambda w: form()),
    FormCase("accept a suggestion", "state_a", lambda w: "/survey/suggestions/D1.1/accept",
             lambda w: form()),
    FormCase("ignore a suggestion", "state_a", lambda w: "/survey/suggestions/D1.1/ignore",
             lambda w: form()),
    FormCase("need from a suggestion", "state_a", lambda w: "/survey/needs/new?factor=D1.1",
             need_form),
    FormCase("NSI answers", "state_a", lambda w: "/survey/nsi", nsi_form),
    FormCase("NSI import", "state_a", lambda w: "/survey/nsi/import", nsi_import_form),
    FormCase("accept an NSI suggestion", "state_a", lambda w: "/survey/suggestions/N4.3/accept",
             lambda w: form(), share=CONFIRM),
    FormCase("need from an NSI suggestion", "state_a", lambda w: "/survey/needs/new?factor=N4.3",
             need_form),
    FormCase("maturity sharing", "state_a", lambda w: "/states/SEN/sharing",
             lambda w: form({"audience": "providers"},
                            audience=form_value("public", "providers", "focal_point", "all"))),
    FormCase("offer new", "provider_x", lambda w: "/offers/new", offer_form),
    FormCase("offer edit", "provider_x", lambda w: f"/offers/{w.offer_x}/edit", offer_form),
    FormCase("suggest tags", "state_a", lambda w: "/suggest-tags", suggest_tags_form),
    FormCase("exchange rate", "focal", lambda w: "/dashboard/rates",
             lambda w: form({"currency": "EUR", "rate": "1.0843", "valid_from": "2026-12-01"},
                            currency=form_value("USD", "XOF", "eur", "ZZZ", ""),
                            rate=form_value("0", "-1", "1,5", "1.2.3", "1e5", "0.00000000001",
                                            "9" * 13, "١٫٥", "1 000"),
                            valid_from=form_value("1999-12-31", "2101-01-01", "2026-02-30", ""))),
    FormCase("suggest tags, provider", "provider_x", lambda w: "/suggest-tags", suggest_tags_form,
             share=CONFIRM),
    FormCase("respond", "provider_x", lambda w: f"/matches/{w.match_proposed}",
             lambda w: form({"decision": "accept"}, decision=form_value("decline", "both"),
                            note=form_value("Because."))),
    FormCase("request", "state_a", lambda w: "/matches/request",
             lambda w: form({"offer": w.offer_y, "need": w.need_public2_a},
                            offer=form_value(w.offer_x, "O-NO-SUCH"),
                            need=form_value(w.need_public_a, w.need_conf_b),
                            message=form_value("Hello"), back=form_value("/needs/", "//evil"))),
    FormCase("offer for need", "provider_x", lambda w: "/matches/offer",
             lambda w: form({"need": w.need_public_b, "offer": w.offer_x},
                            need=form_value(w.need_conf_a, "N-NO-SUCH"),
                            offer=form_value(w.offer_y), message=form_value("Hi"),
                            back=form_value("/offers/", "https://evil.example"))),
    FormCase("propose", "focal", lambda w: f"/console/matches/{w.match_suggested}/propose",
             lambda w: form({}, **{f"p{w.match_suggested}-message": form_value("Talk"),
                                   "back": form_value("/console/queue?page=2", "//evil")})),
    FormCase("dismiss", "focal", lambda w: f"/console/matches/{w.match_suggested}/dismiss",
             lambda w: form({f"d{w.match_suggested}-reason": "No fit"},
                            **{f"d{w.match_suggested}-reason": form_value("No fit")})),
    FormCase("refresh", "focal", lambda w: "/console/queue/refresh",
             lambda w: form(back=form_value("/console/queue", "/console/queue?region=\x00"))),
    FormCase("close offer", "provider_y", lambda w: f"/offers/{w.offer_y}/close", lambda w: form()),
    FormCase("event new", "focal", lambda w: "/calendar/events/new", event_form),
    FormCase("event edit", "provider_x", lambda w: f"/calendar/events/{w.event_x}/edit",
             event_form),
    FormCase("contact new", "state_a", lambda w: "/directory/contacts/new", contact_form),
    FormCase("contact edit", "state_a", lambda w: f"/directory/contacts/{w.contact_a}/edit",
             contact_form),
    FormCase("start", "state_a", lambda w: f"/matches/{w.match_accepted}/start",
             move_form("start", "note"), reset=("match_accepted", MatchStatus.ACCEPTED)),
    FormCase("complete", "focal", lambda w: f"/matches/{w.match_in_progress}/complete",
             outcome_form("complete"), reset=("match_in_progress", MatchStatus.IN_PROGRESS)),
    FormCase("outcome", "provider_y", lambda w: f"/matches/{w.match_in_progress}/outcome",
             outcome_form("outcome")),
    FormCase("confirm outcome", "state_a",
             lambda w: f"/matches/{w.match_completed}/outcome/confirm", confirm_outcome_form),
    # Lessons learnt: X proposed match_completed's lesson and changes it; A may not (refused,
    # named); the focal point publishes or refuses it (once reviewed, every later try is refused).
    FormCase("lesson", "provider_x", lambda w: f"/matches/{w.match_completed}/lesson",
             lambda w: form({"lesson-text": "Labs beat slides."},
                            **{"lesson-text": form_value("Labs.", "", "  ", "x" * 2001),
                               "lesson-title": form_value("Labs", "t" * 201)})),
    FormCase("lesson, other side", "state_a", lambda w: f"/matches/{w.match_completed}/lesson",
             lambda w: form({"lesson-text": "Ours."}), share=CONFIRM),
    FormCase("review lesson", "focal", lambda w: f"/lessons/{w.lesson_x}/review",
             lambda w: form({"decision": "refuse", "reason": "Too vague."},
                            decision=form_value("publish", "refuse", "maybe", ""),
                            reason=form_value("", "  ", "Vague.", "x" * 2001))),
    FormCase("take lesson down", "focal",
             lambda w: f"/lessons/{w.lesson_x}/unpublish?topic=incident-response",
             lambda w: form({"reason": "Names a trainee."},
                            reason=form_value("", "  ", "Names.", "x" * 2001))),
    FormCase("withdraw", "provider_y", lambda w: f"/matches/{w.match_accepted}/withdraw",
             move_form("withdraw", "reason"), reset=("match_accepted", MatchStatus.ACCEPTED)),
    FormCase("note", "state_b", lambda w: f"/matches/{w.match_in_progress}/note",
             lambda w: form({"note-text": "We spoke on Monday."},
                            **{"note-text": form_value("We spoke.", "x" * 2001)})),
    # The consent: State A answers the focal point's proposal of its confidential need; then X,
    # once A consented, answers it and writes on it.
    FormCase("consent", "state_a", lambda w: f"/matches/{w.match_conf}", lambda w: form(
        {"decision": "accept"}, decision=form_value("decline", "both"),
        note=form_value("Not with them.", "x" * 2001)), reset=("match_conf", MatchStatus.PROPOSED)),
    FormCase("respond after consent", "provider_x", lambda w: f"/matches/{w.match_conf}",
             lambda w: form({"decision": "accept"}, decision=form_value("decline"),
                            note=form_value("Because.")),
             reset=("match_conf", MatchStatus.PROPOSED), consent=True),
    FormCase("note after consent", "provider_x", lambda w: f"/matches/{w.match_conf}/note",
             lambda w: form({"note-text": "We read it."},
                            **{"note-text": form_value("Thanks.", "x" * 2001)}), consent=True),
    # Confirmations: whatever else is sent, the button alone decides.
    FormCase("event delete", "provider_x", lambda w: f"/calendar/events/{w.event_x}/delete",
             lambda w: form(), share=CONFIRM),
    FormCase("contact remove", "state_a", lambda w: f"/directory/contacts/{w.contact_a}/remove",
             lambda w: form(), share=CONFIRM),
    FormCase("close need", "state_a", lambda w: f"/survey/needs/{w.need_public2_a}/close",
             lambda w: form(), share=CONFIRM),
    FormCase("withdraw need", "state_a", lambda w: f"/survey/needs/{w.need_public_a}/withdraw",
             lambda w: form(), share=CONFIRM),
    FormCase("revoke token", "state_a", lambda w: f"/account/tokens/{w.token_a}/revoke",
             lambda w: form(), share=CONFIRM),
    FormCase("delete draft need", "state_a", lambda w: f"/survey/needs/{w.need_draft_a}/delete",
             lambda w: form(), share=CONFIRM),
    FormCase("sign out", "provider_x", lambda w: "/auth/logout", lambda w: form(), share=CONFIRM),
]  # fmt: skip

REFUSED = {400, 403, 404, 405, 409, 413, 422, 429}


def _flashes(client: Any) -> list[tuple[str, str]]:
    with client.session_transaction() as s:
        return list(s.get("_flashes", []))


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.name)
def test_forms_never_fail_and_refusals_write_nothing(app, site: Identities, summary, case):
    EVERY_AREA.update(every_area(site))
    seen = {"n": 0, "refused": 0, "warned": 0}

    def snapshot() -> dict[str, str]:
        with app.app_context():
            try:
                return fingerprint(db.session)
            finally:
                db.session.remove()

    def reset(key: str, status: MatchStatus) -> None:
        with app.app_context():
            match = db.session.get(Match, site.world.ids[key])
            assert match is not None
            match.status = status
            if status is MatchStatus.PROPOSED:  # to be answered again (by X: after consent)
                match.state_response = Response.ACCEPTED if case.consent else Response.PENDING
                match.provider_response = Response.PENDING
            db.session.commit()
            db.session.remove()

    if case.consent:
        reset("match_conf", MatchStatus.PROPOSED)

    @fuzz("form", case.share)
    @given(body=case.body(site.world))
    def check(body):
        seen["n"] += 1
        client = site.as_(case.identity)
        before = snapshot()
        response = client.post(case.url(site.world), data=body)
        page = response.get_data(as_text=True)
        assert response.status_code < 500, (case.name, body, response.status_code)
        assert "Traceback" not in page
        seen["warned"] += 'class="dup-warning"' in page
        errors = [m for c, m in _flashes(client) if c == "error"]
        refused = response.status_code in REFUSED or response.status_code == 200 or bool(errors)
        if refused:
            seen["refused"] += 1
            assert snapshot() == before, f"{case.name}: a refused form wrote: {body!r}"
        elif case.name in ("password", "sign out"):
            site.refresh(case.identity)  # the change signed every other session out
        elif case.name == "reset password":
            site.new_reset_token()  # the link was used: the next example gets a fresh one
        elif case.reset:
            reset(*case.reset)

    check()
    warned = f", {seen['warned']} warned of duplicates" if seen["warned"] else ""
    count(summary, f"form {case.name} ({seen['refused']} refused{warned})", seen["n"])

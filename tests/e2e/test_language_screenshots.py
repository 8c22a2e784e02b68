"""Screenshots of six pages in Arabic, French and Chinese at 1280 and 390 px, to look at by eye.

Home, the list of needs, the need form, the survey, a match (proposed, with the State's answer
form) and the dashboard: 36 images in tests/e2e/screenshots (kept out of git), named
``lang-<language>-<page>-<desktop|phone>.png``. Each page is also checked for what a machine can
see: it is marked with the language and its direction, and it does not scroll sideways on a phone.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Need, Offer, User, db
from tests.e2e.languages import html_language, sign_in_any_language, speaking
from tests.e2e.support import fits_phone
from webapp.services.matching.operations import rank, save_suggestions
from webapp.services.proposals.operations import propose

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"
STATE_REP = "aissatou.ndiaye@cbmatch.example"  # Senegal
SENEGAL_NEED = "N-2026-001"


def proposed_match(app) -> int:
    """The focal point proposes the matcher's best offer for a need of Senegal; the match's id."""
    with app.app_context():
        session = db.session
        best = rank(session, top=3, need_ref=SENEGAL_NEED)
        save_suggestions(session, best)
        need = session.scalars(select(Need).where(Need.ref == SENEGAL_NEED)).one()
        offer = session.scalars(select(Offer).where(Offer.ref == best[0].offer)).one()
        focal = session.scalars(select(User).where(User.email == FOCAL)).one()
        match = propose(session, need, offer, actor=focal, message="")
        session.commit()
        match_id = match.id
        session.remove()
    return match_id


@pytest.mark.parametrize("language", ["ar", "fr", "zh"])
def test_six_pages_in_three_languages(browser, live_app, live_server, screenshot, language):
    base = live_server
    match_id = proposed_match(live_app)
    direction = "rtl" if language == "ar" else "ltr"

    rep = speaking(browser, language)
    sign_in_any_language(rep, base, STATE_REP)
    focal = speaking(browser, language)
    sign_in_any_language(focal, base, FOCAL)
    shots = (
        (rep, "home", "/"),
        (rep, "needs", "/needs/"),
        (rep, "need-form", "/survey/needs/new"),
        (rep, "survey", "/survey/"),
        (rep, "match", f"/matches/{match_id}"),
        (focal, "dashboard", "/dashboard/"),
    )
    for page, name, path in shots:
        response = page.goto(base + path)
        assert response is not None
        assert response.status == 200, path
        assert html_language(page) == (language, direction), path
        screenshot(page, f"lang-{language}-{name}")
        assert fits_phone(page), f"{path} scrolls sideways at 390 px in {language}"
    assert rep.locator("#answer-title").count() == 1  # the match waits for the State's answer
    rep.context.close()
    focal.context.close()

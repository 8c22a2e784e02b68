"""Screenshots of each role's personal home ("What needs you") in English and French, to look at.

A State representative (Senegal), the provider of the offer proposed to it, the focal point and
the administrator sign in and land on their home; one proposal waits for both sides and another
(for Côte d'Ivoire) has been silent for a month, so that every section has rows. Saved in
tests/e2e/screenshots (kept out of git) as ``home-<role>-<language>-<desktop|phone>.png``. Each
home is also checked for what a machine can see: its language, the header's count with its words,
no sideways scroll on a phone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from models import MatchEvent, Need, Offer, User, db
from tests.e2e.languages import html_language, sign_in_any_language, speaking
from tests.e2e.support import fits_phone
from webapp.services.errors import ValidationFailed
from webapp.services.matching.operations import rank, save_suggestions
from webapp.services.proposals.operations import propose

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"
ADMIN = "admin@cbmatch.example"
STATE_REP = "aissatou.ndiaye@cbmatch.example"  # Senegal
NEEDS = ("N-2026-001", "N-2026-002")  # of Senegal and of Côte d'Ivoire


def prepare(app) -> str:
    """A proposal for each need of NEEDS, the second silent for 30 days; the provider's e-mail.

    Each need gets the first open offer, by ref, that may be proposed for it and whose
    organisation has an account on the platform.
    """
    with app.app_context():
        session = db.session
        focal = session.scalars(select(User).where(User.email == FOCAL)).one()
        with_account = set(session.scalars(select(User.organisation_id)))
        provider = ""
        for i, ref in enumerate(NEEDS):
            save_suggestions(session, rank(session, top=3, need_ref=ref))
            need = session.scalars(select(Need).where(Need.ref == ref)).one()
            match = None
            for offer in session.scalars(
                select(Offer)
                .where(Offer.organisation_id.in_(with_account), Offer.status == "open")
                .order_by(Offer.ref)
            ):
                try:
                    with session.begin_nested():
                        match = propose(session, need, offer, actor=focal, message="")
                    break
                except ValidationFailed:
                    continue
            assert match is not None, f"no offer with an account can be proposed for {ref}"
            session.flush()
            if i == 0:
                provider = (
                    session.scalars(
                        select(User.email).where(User.organisation_id == offer.organisation_id)
                    ).first()
                    or ""
                )
            else:
                old = datetime.now(UTC) - timedelta(days=30)
                session.execute(
                    update(MatchEvent).where(MatchEvent.match_id == match.id).values(at=old)
                )
        session.commit()
        session.remove()
    assert provider, "no provider account acts for the proposed offer"
    return provider


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_roles_home_in_two_languages(browser, live_app, live_server, screenshot, language):
    base = live_server
    provider = prepare(live_app)
    people = {"state": STATE_REP, "provider": provider, "focal": FOCAL, "admin": ADMIN}
    for role, email in people.items():
        page = speaking(browser, language)
        sign_in_any_language(page, base, email)
        assert page.url == base + "/home"
        assert html_language(page) == (language, "ltr")
        sections = page.locator("main section h2").count()
        assert sections == {"state": 3, "provider": 2, "focal": 3, "admin": 1}[role], role
        if role in ("state", "provider"):  # the proposal waits for both sides: counted in words
            words = page.locator(".main-nav a[href='/matches/'] .visually-hidden").inner_text()
            assert any(c.isdigit() for c in words), words
        if role == "focal":
            assert page.locator("#stalled-title + p + ul li").count() >= 1
        screenshot(page, f"home-{role}-{language}")
        assert fits_phone(page), f"the {role}'s home scrolls sideways at 390 px in {language}"
        page.context.close()

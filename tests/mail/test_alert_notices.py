"""Alerts through a real SMTP server: a new offer that fits an open need tells that State's
representatives (and nobody else, in their language); a new need tells the providers whose
open offers it fits, never when it is confidential; each new record is told of once.
Time is passed to the job (``now``), never waited for."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from models import Delivery, Role, User, db
from tests.factories import make_need, make_offer, make_user
from tests.mail.conftest import html_of, text_of, to
from tests.web.test_auth import login
from webapp.notices.kinds_alerts import run_alerts
from webapp.services.notices.preferences import choose

T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
IMMEDIATE = {"new_offers": Delivery.IMMEDIATE}

#: A need of Senegal and an offer open to every State, on the same subject: a strong fit.
CSIRT = {"i": 0, "state": "SEN", "confidential": False, "languages": ["en"]}
FOR_ALL = {"i": 0, "eligible": [], "provider": "Open Cyber Academy", "provider_type": "academia"}


def _people(app):
    """Two representatives of Senegal (one reads French), one of Jamaica, two providers."""
    with app.app_context():
        s = db.session()
        awa = make_user(s, email="awa@sen.test", name="Awa")
        awa.locale = "fr"
        make_user(s, email="ibou@sen.test", name="Ibou")
        make_user(s, email="kim@jam.test", name="Kim", state_code="JAM")
        make_offer(s, i=1, provider="Open Cyber Academy", provider_type="academia")
        make_offer(s, i=2, provider="Harbourline Security Ltd", provider_type="business")
        for email, org in (("pat@oca.test", "Open Cyber Academy"),
                           ("lee@hsl.test", "Harbourline Security Ltd")):  # fmt: skip
            make_user(s, role=Role.PROVIDER, email=email, name=email[:3], organisation=org)
        for user in s.query(User).filter(User.role.in_((Role.STATE, Role.PROVIDER))):
            choose(s, user, {"new_offers": Delivery.IMMEDIATE} if user.role is Role.STATE
                   else {"new_needs": Delivery.IMMEDIATE})  # fmt: skip
        s.commit()


def _run(app, now, **settings):
    with app.app_context():
        app.config.update(settings)
        outcome = run_alerts(db.session(), now)
        db.session.remove()
        return outcome


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _add(app, make, **fields):
    with app.app_context():
        record = make(db.session(), **fields)
        ref = record.ref
        db.session.commit()
        db.session.remove()
        return ref


def test_a_new_offer_that_fits_an_open_need_tells_that_states_representatives_only(
    mail_app, deliver
):
    _people(mail_app)
    need = _add(mail_app, make_need, **CSIRT)
    assert _run(mail_app, T0).notices == 0, "the first look only notes where things stand"
    deliver()
    offer = _add(mail_app, make_offer, **{**FOR_ALL, "i": 5, "ref": "O-NEW-1",
                                          "title": "Malware analysis lab for a national CSIRT",
                                          "description": "Our national CSIRT has four analysts "
                                          "and no malware lab."})  # fmt: skip
    assert _run(mail_app, T0 + 2 * HOUR).notices == 2
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["awa@sen.test", "ibou@sen.test"]
    by = {to(m): m for m in mails}
    english, french = by["ibou@sen.test"], by["awa@sen.test"]
    assert english["Subject"] == "A new offer fits your need “National CSIRT malware analysis (0)”"
    assert french["Subject"].startswith("Une nouvelle offre")
    for mail in mails:
        assert "Malware analysis lab for a national CSIRT" in text_of(mail)
        assert "Open Cyber Academy" in html_of(mail)
        assert f"/offers/{offer}" in html_of(mail)
    assert "Strong fit" in text_of(english) or "Good fit" in text_of(english)
    assert "Strong fit" not in text_of(french)
    assert "Good fit" not in text_of(french)
    link = re.search(rf"http://\S+/needs/{need}\b", text_of(english))
    assert link, text_of(english)
    client = mail_app.test_client()
    assert login(client, "ibou@sen.test").status_code == 302
    assert client.get(_path(link.group(0))).status_code == 200


def test_an_offer_below_the_threshold_or_not_open_to_the_state_tells_nobody(mail_app, deliver):
    _people(mail_app)
    _add(mail_app, make_need, **CSIRT)
    _run(mail_app, T0)
    _add(mail_app, make_offer, **{**FOR_ALL, "i": 5, "ref": "O-JAM", "eligible": ["JAM"]})
    assert _run(mail_app, T0 + 2 * HOUR).notices == 0, "Senegal may not use it: no alert"
    _add(mail_app, make_offer, **{**FOR_ALL, "i": 6, "ref": "O-ALL"})
    assert _run(mail_app, T0 + 4 * HOUR, ALERT_MIN_SCORE=0.99).notices == 0
    assert deliver() == []


def test_a_confidential_need_never_alerts_a_provider(mail_app, deliver):
    _people(mail_app)
    _add(mail_app, make_offer, **{**FOR_ALL, "ref": "O-CSIRT"})  # Open Cyber Academy's
    _run(mail_app, T0)
    secret = _add(mail_app, make_need, **{**CSIRT, "ref": "N-SECRET", "confidential": True})
    assert _run(mail_app, T0 + 2 * HOUR).notices == 0
    assert deliver() == []
    public = _add(mail_app, make_need, **{**CSIRT, "ref": "N-PUBLIC"})
    assert _run(mail_app, T0 + 4 * HOUR).notices >= 1, "the same need, public, is told"
    mails = deliver()
    assert mails
    assert [to(m) for m in mails] == ["pat@oca.test"], "the provider whose offer fits"
    for mail in mails:
        assert secret not in text_of(mail) + html_of(mail)
        assert f"/needs/{public}" in text_of(mail)


def test_running_the_job_again_tells_nothing_twice(mail_app, deliver):
    _people(mail_app)
    _add(mail_app, make_need, **CSIRT)
    _run(mail_app, T0)
    _add(mail_app, make_offer, **{**FOR_ALL, "i": 5, "ref": "O-NEW-1"})
    assert _run(mail_app, T0 + 2 * HOUR).notices == 2
    assert len(deliver()) == 2
    assert not _run(mail_app, T0 + 2 * HOUR + timedelta(minutes=5)).ran, "not due yet"
    assert _run(mail_app, T0 + 4 * HOUR).notices == 0
    assert deliver() == []


# --- the weekly digest ----------------------------------------------------------------------


def _digest_world(app, now):
    """Two focal points (one reads Spanish), an administrator who keeps the digest and one
    who turned it off, a State representative; this week two needs (one confidential) and an offer;
    an older need with a proposal waiting 20 days and one waiting 3 days."""
    from models import Match, MatchEvent, MatchStatus

    with app.app_context():
        s = db.session()
        lucia = make_user(s, role=Role.FOCAL_POINT, email="fp.es@un.test", name="Lucía")
        lucia.locale = "es"
        make_user(s, role=Role.FOCAL_POINT, email="fp.en@un.test", name="Sam")
        make_user(s, role=Role.ADMIN, email="admin.yes@un.test", name="Ada")
        declined = make_user(s, role=Role.ADMIN, email="admin.no@un.test", name="Bo")
        choose(s, declined, {"weekly_digest": Delivery.OFF})
        make_user(s, email="awa@sen.test", name="Awa")
        old = make_need(s, **{**CSIRT, "ref": "N-OLD", "title": "Old strategy need"})
        old.created_at = now - timedelta(days=30)
        offer = make_offer(s, **{**FOR_ALL, "ref": "O-OLD", "title": "Old offer"})
        offer.created_at = now - timedelta(days=30)
        other = make_offer(s, i=1, ref="O-OLD-2", title="Older offer")
        other.created_at = now - timedelta(days=30)
        make_need(s, i=1, ref="N-WEEK", state="SEN", title="This week's law review need",
                  confidential=False)  # fmt: skip
        make_need(s, i=7, ref="N-HUSH", state="TON", title="Hushed need", confidential=True)
        make_offer(s, i=2, ref="O-WEEK", title="This week's awareness offer")
        for made, days, mine in ((offer, 20, "long"), (other, 3, "short")):
            at = now - timedelta(days=days)
            match = Match(need=old, offer=made, status=MatchStatus.PROPOSED, created_at=at,
                          outcome=mine)  # fmt: skip
            match.events.append(MatchEvent(from_status=MatchStatus.SUGGESTED,
                                           to_status=MatchStatus.PROPOSED, at=at))  # fmt: skip
            s.add(match)
        s.commit()
        long_id = s.query(Match).filter_by(outcome="long").one().id
        db.session.remove()
        return long_id


def _digest_settings(app, now):
    app.config.update(WEEKLY_DIGEST_WEEKDAY=now.weekday(), WEEKLY_DIGEST_HOUR=now.hour)


def test_the_weekly_digest_reaches_each_focal_point_once_with_the_weeks_figures(mail_app, deliver):
    from webapp.notices.kinds_digest import run_digest

    now = datetime.now(UTC)
    waiting = _digest_world(mail_app, now)
    _digest_settings(mail_app, now)
    with mail_app.app_context():
        first = run_digest(db.session(), now - timedelta(days=7))
        assert (first.ran, first.notices) == (True, 0), "the first run only notes the time"
        assert run_digest(db.session(), now + timedelta(minutes=1)).notices == 3
    mails = deliver()
    assert sorted(to(m) for m in mails) == ["admin.yes@un.test", "fp.en@un.test", "fp.es@un.test"]
    by = {to(m): m for m in mails}
    english, spanish = (
        text_of(by[a]).replace("\r\n", "\n") for a in ("fp.en@un.test", "fp.es@un.test")
    )
    assert "== 2 new needs" in english, english
    assert "1 of them is confidential." in english
    assert "This week's law review need" in english
    assert "Hushed need" in english, "the focal point may see a confidential need"
    assert "- Old strategy need\n  Senegal · Old offer" in english, "the proposal waiting"
    assert "== 1 new offer\n" in english
    assert "This week's awareness offer" in english
    assert "Senegal · Old offer (Open Cyber Academy), proposed 20 days ago" in english
    assert f"/matches/{waiting}" in english
    assert "Older offer" not in english, "a proposal of 3 days is not waiting too long"
    assert "== 1 proposal waiting longer than 14 days" in english
    assert "- Africa: 2" in english
    assert "- Oceania: 1" in english
    assert "/dashboard/" in english
    assert "2 nuevas necesidades" in spanish
    assert "1 nueva oferta" in spanish
    assert "África: 2" in spanish
    assert "/matches/" in html_of(by["fp.es@un.test"])
    client = mail_app.test_client()
    assert login(client, "fp.en@un.test").status_code == 302
    assert client.get(f"/matches/{waiting}").status_code == 200
    assert client.get("/dashboard/").status_code == 200
    with mail_app.app_context():
        assert not run_digest(db.session(), now + timedelta(hours=2)).ran, "once a week"
        assert not run_digest(db.session(), now + timedelta(days=6)).ran
        assert run_digest(db.session(), now + timedelta(days=7, minutes=1)).notices == 3
        db.session.remove()


def test_two_passes_at_once_write_the_weekly_digest_once(mail_app, deliver):
    import threading

    from webapp.notices.kinds_digest import run_digest

    now = datetime.now(UTC)
    _digest_world(mail_app, now)
    _digest_settings(mail_app, now)
    with mail_app.app_context():
        run_digest(db.session(), now - timedelta(days=7))
        db.session.remove()
    start, outcomes = threading.Barrier(2), []

    def one_pass() -> None:
        with mail_app.app_context():
            start.wait()
            outcomes.append(run_digest(db.session(), now))
            db.session.remove()

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.ran for o in outcomes) == [False, True]
    assert sum(o.notices for o in outcomes) == 3
    assert len(deliver()) == 3


def test_the_cli_looks_for_alerts_and_writes_the_digest_now(cbmatch, mail_app, smtp, monkeypatch):
    from tests.mail.conftest import FAST

    _people(mail_app)
    _add(mail_app, make_need, **CSIRT)
    with mail_app.app_context():
        make_user(db.session(), role=Role.FOCAL_POINT, email="fp@un.test", name="Sam")
        db.session.commit()
    for name, value in {**FAST, "MAIL_URL": smtp.url}.items():
        monkeypatch.setenv(f"CBMATCH_{name}", str(value))
    first = cbmatch("mail", "alerts")
    assert first.code == 0, first.stderr
    assert first.stdout.startswith("First look: noted the offers and needs there are now")
    assert cbmatch("mail", "alerts").stdout.strip() == (
        "No new fitting offer or need since the last look."
    )
    _add(mail_app, make_offer, **{**FOR_ALL, "i": 5, "ref": "O-NEW-1"})
    found = cbmatch("mail", "alerts")
    assert found.stdout.strip() == (
        "Needs with new fitting offers: 1; offers with new fitting needs: 0; alerts: 2; "
        "e-mails written: 2 (sent by `cbmatch mail send`)."
    )
    digest = cbmatch("mail", "digest", "--weekly")
    assert digest.stdout.strip() == (
        "Weekly digest: recipients: 1; e-mails written: 1 (sent by `cbmatch mail send`)."
    )
    assert cbmatch("mail", "digest").code == 2, "which digest must be said"
    assert cbmatch("mail", "send").stdout.strip() == "Sent 3, failed 0, left 0."
    assert sorted(to(m) for m in smtp.inbox.received) == [
        "awa@sen.test", "fp@un.test", "ibou@sen.test",
    ]  # fmt: skip


def test_a_draft_need_is_told_of_when_it_opens_not_before(mail_app, deliver):
    from models import Need, NeedStatus

    _people(mail_app)
    _add(mail_app, make_offer, **{**FOR_ALL, "ref": "O-CSIRT"})
    with mail_app.app_context():
        draft = make_need(db.session(), **{**CSIRT, "ref": "N-DRAFT"})
        draft.status = NeedStatus.DRAFT
        db.session.commit()
        db.session.remove()
    _run(mail_app, T0)
    assert _run(mail_app, T0 + 2 * HOUR).notices == 0, "a draft is named to no provider"
    with mail_app.app_context():
        db.session.query(Need).filter_by(ref="N-DRAFT").one().status = NeedStatus.OPEN
        db.session.commit()
        db.session.remove()
    assert _run(mail_app, T0 + 4 * HOUR).notices == 1
    assert [to(m) for m in deliver()] == ["pat@oca.test"]

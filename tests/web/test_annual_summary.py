"""The annual summary, counted by hand on a small dated world, on its page and in its PDF.

Today is 30 June 2026 (the clock is moved). Six needs:

| need | State (region)     | topics                     | submitted  | match                     |
|------|--------------------|----------------------------|------------|---------------------------|
| N1 * | Senegal (Africa)   | incident-response          | 2025-03-01 | agreed 2025-04-10, done   |
|      |                    |                            |            | 2026-02-01                |
| N2   | Kenya (Africa)     | awareness                  | 2025-11-01 | none: unmet               |
| N3   | Jamaica (Americas) | incident-response,         | 2026-01-15 | agreed 2026-02-10         |
|      |                    | awareness                  |            |                           |
| N4   | Fiji (Oceania)     | national-strategy          | 2026-03-01 | none: unmet; 10,000 USD   |
| N5   | Kenya (Africa)     | education                  | 2026-04-01 | a draft: never received   |
| N6   | Jamaica (Americas) | education                  | 2026-05-01 | withdrawn since           |

(* confidential; its outcome: 5 women, 3 men, 1 not recorded, gender marker 2).

2025: received 2 (Africa 2; incident-response 1, awareness 1), matched 1 (N1), completed 0,
still unmet 1 (N2). 2026: received 3 (Americas 2, Oceania 1), matched 1 (N3), completed 1 (N1,
Africa), still unmet 2 (N2, N4): Africa 0/0/1/1, Americas 2/1/0/0, Oceania 1/0/0/1; topics
incident-response 1/1/1/0, awareness 1/1/0/1, national-strategy 1/0/0/1, education 1/0/0/0.
Participants 2026: Africa 5, 3, 1 (9). Funding 2026: 10,000 USD requested, none offered.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from flask_babel import refresh
from pypdf import PdfReader

from models import MatchStatus, NeedStatus, Role
from models.base import clock_at
from tests.factories import make_need, make_offer, make_user
from tests.web.test_dashboard import login
from webapp.services.proposals import operations as proposals
from webapp.services.proposals import outcomes
from webapp.services.proposals.outcomes import OutcomeInput
from webapp.services.reports.summary import annual_summary

SECRET = "Confidential review of the Dakar exchange"
TODAY = date(2026, 6, 30)


def at(day: str):
    return clock_at(datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC))


def _need(session, i, ref, iso3, day, topics, **extra):
    with at(day):
        return make_need(session, i=i, ref=ref, state=iso3, topics=topics, start=None, end=None,
                         languages=["en"], modality="any", confidential=False, **extra)  # fmt: skip


def _accept(session, need, offer, users, state_user, day):
    with at(day):
        match = proposals.propose(session, need, offer, actor=users["focal"], message="")
        proposals.respond(session, match, actor=users[state_user], accept=True, note="")
        proposals.respond(session, match, actor=users["academy"], accept=True, note="")
    assert match.status is MatchStatus.ACCEPTED
    return match


@pytest.fixture
def world(session):
    users = {
        "focal": make_user(session, role=Role.FOCAL_POINT, state_code=None,
                           email="focal@example.org"),
        "sen": make_user(session, role=Role.STATE, state_code="SEN", email="sen@example.org"),
        "jam": make_user(session, role=Role.STATE, state_code="JAM", email="jam@example.org"),
    }  # fmt: skip
    with at("2025-01-10"):
        offer = make_offer(session, i=1, ref="O-ALL", eligible=[], capacity=9,
                           topics=["incident-response", "awareness"])  # fmt: skip
        users["academy"] = make_user(session, role=Role.PROVIDER, state_code=None,
                                     organisation="Open Cyber Academy",
                                     email="academy@example.org")  # fmt: skip
    n1 = _need(session, 1, "N1", "SEN", "2025-03-01", ["incident-response"], title=SECRET)
    n1.confidential = True
    _need(session, 2, "N2", "KEN", "2025-11-01", ["awareness"])
    n3 = _need(session, 3, "N3", "JAM", "2026-01-15", ["incident-response", "awareness"])
    n4 = _need(session, 4, "N4", "FJI", "2026-03-01", ["national-strategy"])
    n4.funding_required, n4.funding_amount, n4.funding_currency = True, 10_000, "USD"
    n5 = _need(session, 5, "N5", "KEN", "2026-04-01", ["education"])
    n5.status = NeedStatus.DRAFT
    n6 = _need(session, 6, "N6", "JAM", "2026-05-01", ["education"])
    with at("2026-05-20"):
        n6.status = NeedStatus.WITHDRAWN
    session.flush()
    m1 = _accept(session, n1, offer, users, "sen", "2025-04-10")
    with at("2026-02-01"):
        values = OutcomeInput(result="Analysts trained.", women=5, men=3, not_recorded=1,
                              institutions=2, delivered_from=date(2026, 1, 20),
                              delivered_to=date(2026, 1, 24), gender_marker=2)  # fmt: skip
        outcomes.complete(session, m1, values, actor=users["focal"])
    _accept(session, n3, offer, users, "jam", "2026-02-10")
    session.commit()
    return users


def flows(rows):
    return {f.key: (f.received, f.matched, f.completed, f.unmet) for f in rows if not f.empty}


def test_2025_counts_what_was_received_and_agreed_that_year(session, world):
    s = annual_summary(session, 2025, TODAY)

    assert (s.since, s.until) == (date(2025, 1, 1), date(2025, 12, 31))
    t = s.total
    assert (t.received, t.matched, t.completed, t.unmet) == (2, 1, 0, 1)
    assert flows(s.regions) == {"Africa": (2, 1, 0, 1)}
    assert flows(s.topics) == {"incident-response": (1, 1, 0, 0), "awareness": (1, 0, 0, 1)}
    assert s.outcomes.total.participants == 0
    assert s.funding.total.requested == 0


def test_2026_runs_to_today_and_counts_the_completion_and_the_funding(session, world):
    s = annual_summary(session, 2026, TODAY)

    assert s.until == TODAY
    t = s.total
    assert (t.received, t.matched, t.completed, t.unmet) == (3, 1, 1, 2)
    assert flows(s.regions) == {
        "Africa": (0, 0, 1, 1),
        "Americas": (2, 1, 0, 0),
        "Oceania": (1, 0, 0, 1),
    }
    assert flows(s.topics) == {
        "incident-response": (1, 1, 1, 0),
        "awareness": (1, 1, 0, 1),
        "national-strategy": (1, 0, 0, 1),
        "education": (1, 0, 0, 0),
    }
    africa = next(r for r in s.outcomes.by_region if r.region == "Africa")
    assert (africa.women, africa.men, africa.not_recorded, africa.participants) == (5, 3, 1, 9)
    assert (s.outcomes.gender_targeted, s.outcomes.completed) == (1, 1)
    assert (s.funding.total.requested, s.funding.total.offered, s.funding.total.gap) == (
        10_000, 0, 10_000)  # fmt: skip
    assert s.years == (2026, 2025)


def _focal(app):
    client = app.test_client()
    login(client, "focal@example.org")
    return client


def figures(html: str) -> dict[str, str]:
    html = html.replace("\xa0", " ")  # money keeps its number and its code together
    return dict(re.findall(r'data-figure="(\w+)"><dt>[^<]*</dt><dd>(?:<bdi>)?([^<]+)<', html))


def row(html: str, table: str, key: str) -> dict[str, str]:
    part = html[html.index(f'data-summary-table="{table}"') :]
    part = part[: part.index("</table>")]
    body = re.search(rf'<tr data-row="{re.escape(key)}">(.*?)</tr>', part, re.S)
    assert body, f"no row {key} in {table}"
    cells = re.findall(r'data-column="(\w+)"(?: class="nil")?>(?:<bdi>)?([^<]+)<', body.group(1))
    return {k: v.replace("\xa0", " ") for k, v in cells}


def test_the_page_shows_the_year_the_focal_point_chose(app, world):
    client = _focal(app)
    with at("2026-06-30"):
        html = client.get("/dashboard/summary?year=2025").get_data(as_text=True)

    assert "Annual summary 2025" in html
    assert "from 1 January 2025 to 31 December 2025" in html
    assert figures(html) == {"received": "2", "matched": "1", "completed": "0", "unmet": "1",
                             "participants": "0", "gap": "0 USD"}  # fmt: skip
    assert row(html, "by-region", "Africa") == {
        "received": "2", "matched": "1", "completed": "0", "unmet": "1"}  # fmt: skip
    assert row(html, "by-region", "all")["received"] == "2"
    assert '<option value="2025" selected>' in html
    assert SECRET not in html
    assert "N1" not in html


def test_this_year_by_default_with_participants_and_the_funding_gap(app, world):
    client = _focal(app)
    with at("2026-06-30"):
        html = client.get("/dashboard/summary").get_data(as_text=True)

    assert "from 1 January 2026 to 30 June 2026" in html
    assert figures(html)["completed"] == "1"
    assert figures(html)["gap"] == "10,000 USD"
    assert row(html, "by-topic", "awareness") == {
        "received": "1", "matched": "1", "completed": "0", "unmet": "1"}  # fmt: skip
    assert row(html, "participants", "Africa") == {
        "women": "5",
        "men": "3",
        "not_recorded": "1",
        "participants": "9",
        "completed": "1",
    }
    assert row(html, "funding", "Oceania")["requested"] == "10,000 USD"
    assert SECRET not in html


def test_an_unknown_year_says_so_and_shows_this_year(app, world):
    client = _focal(app)
    with at("2026-06-30"):
        response = client.get("/dashboard/summary?year=1999")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "year: 1999 is not a year cbmatch can summarise (from 2025 to 2026)." in html
    assert "Annual summary 2026" in html


def test_the_pdf_holds_the_same_figures_in_the_readers_language(app, world):
    client = _focal(app)
    with at("2026-06-30"):
        english = client.get("/dashboard/summary.pdf?year=2026")
        assert client.post("/language", data={"language": "fr"}).status_code == 302
        refresh()  # the tests keep one app context for every request: forget its reader's language
        french = client.get("/dashboard/summary.pdf?year=2026")
        bad = client.get("/dashboard/summary.pdf?year=2031")

    assert english.mimetype == "application/pdf"
    assert 'filename="cbmatch-summary-2026.pdf"' in english.headers["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(english.data)).pages)
    assert "Annual summary 2026" in text
    assert "10,000\xa0USD" in text.replace(" USD", "\xa0USD")
    assert "Oceania" in text
    assert SECRET not in text
    assert "Download as PDF" not in text
    text_fr = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(french.data)).pages)
    assert "Océanie" in text_fr
    assert bad.status_code == 400


@pytest.mark.parametrize("email", ["sen@example.org", "academy@example.org"])
def test_states_and_providers_are_refused(app, world, email):
    client = app.test_client()
    login(client, email)

    assert client.get("/dashboard/summary").status_code == 403
    assert client.get("/dashboard/summary.pdf").status_code == 403

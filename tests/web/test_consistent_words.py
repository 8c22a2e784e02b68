"""Issue 21: one word, one label and one badge for one thing; stale and odd text fixed; unknown
filter values answered (a message on pages, 400 on files); calendar events in the audit log.

One pipeline world (tests/pipeline_world.py) copied per test; each test asserts what a reader
sees on a page or in a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models import MatchStatus
from tests.factories import make_need
from tests.web.test_pipeline_board import csv_rows, login

P = MatchStatus
CSS = Path(__file__).parents[2] / "webapp" / "static" / "css" / "cbmatch.css"


@pytest.fixture
def focal(app, world):
    client = app.test_client()
    login(client, world.focal.email)
    return client


def as_(app, user):
    client = app.test_client()
    login(client, user.email)
    return client


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_badge_reads_like_its_label_not_title_case():
    """ "Low priority" was shown "Low Priority" and "in progress" "In Progress": every word
    capitalised by the badge's style. Only the first letter is now."""
    rule = re.search(r"\.badge \{[^}]*\}", CSS.read_text()).group(0)
    assert "capitalize" not in rule
    assert re.search(r"\.badge::first-letter \{ text-transform: uppercase; \}", CSS.read_text())


def test_the_audit_log_says_statuses_in_words(focal, world):
    """The audit log showed the raw code in_progress where every page says "in progress"."""
    page = text(focal.get("/audit/?entity=match").get_data(as_text=True))
    assert "in progress" in page
    assert "in_progress" not in page


def test_languages_are_named_one_way_on_every_page(app, session, world):
    """A State's need cards said "French (fr)" where every other page says "French"."""
    rep = world.reps["SEN"]
    page = text(as_(app, rep).get("/survey/needs").get_data(as_text=True))
    assert "English" in page
    assert not re.search(r"\w+ \([a-z]{2}\)", page)


def test_delivery_is_called_delivery_on_lists_and_records(focal, world):
    """Need and offer pages said "Modality", survey cards and the calendar "Delivery"."""
    for url in (
        f"/needs/{world.matches[P.PROPOSED].need.ref}",
        f"/offers/{world.offers[0].ref}",
        "/needs/",
        "/offers/",
    ):
        page = text(focal.get(url).get_data(as_text=True))
        assert "Delivery" in page, url
        assert "Modality" not in page, url
        assert "modality" not in page, url


def test_a_saved_capacity_reason_says_when_it_was_counted(app, session, world):
    """A completed match said "Capacity left: 3 of 3" while its offer showed 2 of 3."""
    match = world.matches[P.COMPLETED]
    match.reasons = [["capacity", [3, 3]]]
    session.commit()
    page = text(as_(app, world.focal).get(f"/matches/{match.id}").get_data(as_text=True))
    assert "Capacity left when suggested: 3 of 3" in page
    assert "Capacity left: 3 of 3" not in page
    # and the offer's capacity now, as its own page says it (the world's offers take 5)
    assert "Capacity: 5 needs" in page
    assert re.search(r"\((\d) places? left\)", page)


def test_your_answer_is_said_once_on_the_match_page(app, world):
    match = world.matches[P.PROPOSED]
    page = as_(app, world.reps["FJI"]).get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Send my answer" in page
    assert page.count("Your answer") == 1
    assert "Do you accept this match?" in page


def test_the_403_page_speaks_plainly(app, session, world):
    page = as_(app, world.reps["SEN"]).get("/pipeline/")
    assert page.status_code == 403
    body = text(page.get_data(as_text=True))
    assert "read-protected" not in body
    assert "Your account may not open this page." in body


def test_the_pipeline_export_carries_region_groups_topics_provider_type_and_stage_dates(
    focal, world
):
    header, *rows = csv_rows(focal, "sort=proposed&order=asc")
    for column in ("Region", "Groups", "Topics", "Provider type", "Proposed at (UTC)",
                   "Accepted at (UTC)", "In progress at (UTC)", "Completed at (UTC)",
                   "Declined at (UTC)", "Withdrawn at (UTC)"):  # fmt: skip
        assert column in header
    row = {r[header.index("Status")]: dict(zip(header, r, strict=True)) for r in rows}
    tonga = row["declined"]
    assert tonga["Region"] == "Oceania, Polynesia"
    assert tonga["Groups"] == "SIDS"
    assert tonga["Topics"] == "Awareness raising"
    assert tonga["Provider type"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", tonga["Declined at (UTC)"])
    assert not tonga["Completed at (UTC)"]
    started = row["in progress"]["In progress at (UTC)"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", started)
    assert row["withdrawn"]["Withdrawn at (UTC)"]


@pytest.mark.parametrize(
    "url",
    [
        "/pipeline/export.csv?region=TUV",
        "/pipeline/export.xlsx?status=nope",
        "/dashboard/reports/gaps.csv?region=TUV",
        "/dashboard/reports/outcomes.xlsx?topic=nope",
        "/dashboard/reports/funding.csv?region=TUV",
        "/calendar.ics?region=TUV",
    ],
)
def test_an_unknown_filter_on_a_file_is_a_400_naming_it(focal, url):
    """A file silently holding everything for ?region=TUV looks like the region's data."""
    resp = focal.get(url)
    assert resp.status_code == 400
    name = re.search(r"\?(\w+)=", url).group(1)
    assert name in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/needs/?region=TUV", "/offers/?region=TUV", "/console/queue?region=TUV",
            "/pipeline/?region=TUV", "/calendar/list?region=TUV", "/matches/?status=nope"],
)  # fmt: skip
def test_an_unknown_filter_on_a_page_is_said_and_the_valid_ones_kept(focal, url):
    resp = focal.get(url)
    assert resp.status_code == 200
    page = text(resp.get_data(as_text=True))
    assert "not understood" in page or "not known to cbmatch" in page, url


def test_the_valid_filters_stay_when_one_is_unknown(focal, world):
    page = focal.get("/pipeline/?view=table&region=TUV&status=declined").get_data(as_text=True)
    assert "Some filters were not understood" in page
    shown = {int(i) for i in re.findall(r'<tr data-match="(\d+)"', page)}
    assert shown == {world.matches[P.DECLINED].id}


def test_calendar_events_are_in_the_audit_log(app, session, world):
    client = as_(app, world.focal)
    form = {"title": "CSIRT bootcamp", "description": "Five days of drills.",
            "starts_on": "2027-03-01", "ends_on": "2027-03-05", "online": "y"}  # fmt: skip
    made = client.post("/calendar/events/new", data=form)
    assert made.status_code == 302, text(made.get_data(as_text=True))[:400]
    ref = made.headers["Location"].rsplit("/", 1)[1]
    client.post(f"/calendar/events/{ref}/edit", data={**form, "title": "CSIRT bootcamp II"})
    client.post(f"/calendar/events/{ref}/delete")
    log = text(client.get(f"/audit/?entity=event&record={ref}").get_data(as_text=True))
    for words in ("created calendar event", "changed calendar event", "deleted calendar event"):
        assert words in log
    assert "CSIRT bootcamp II" in log


def test_a_provider_is_not_shown_pairs_below_the_listing_floor(app, session, world):
    """Providers saw their offers "fit" a need at a score of 0.03."""
    from matcher.thresholds import MIN_SCORE
    from webapp.services.matching.fit import own_offers_for_need

    need = make_need(
        session, i=40, ref="N-2026-900", state="SEN", topics=["awareness"],
        title="Street theatre", description="Puppets and songs at the market.",
    )  # fmt: skip
    session.commit()
    provider = next(iter(world.providers.values()))
    fits = own_offers_for_need(session, need, provider.organisation_id)
    assert all(f.score >= MIN_SCORE for f in fits)
    page = as_(app, provider).get(f"/needs/{need.ref}").get_data(as_text=True)
    for score in re.findall(r'<meter[^>]*value="([0-9.]+)"', page):
        assert float(score) >= MIN_SCORE


def test_a_possible_fit_is_not_drawn_as_bad(app, world):
    """The fit meter's "low" mark (0.35) made every possible fit a red bar."""
    from flask import render_template_string

    from webapp.services.matching.fit import Fit

    match = world.matches[P.PROPOSED]
    fits = [Fit(match.need, match.offer, score, ()) for score in (0.1, 0.5)]
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "needs/_fits.html" import fit_list %}{{ fit_list(fits, "offer") }}', fits=fits
        )
    meters = re.findall(r"<meter[^>]*>", html)
    assert len(meters) == 2
    for meter in meters:
        low = float(re.search(r'low="([0-9.]+)"', meter).group(1))
        value = float(re.search(r'value="([0-9.]+)"', meter).group(1))
        assert value >= low
    assert "Possible fit" in html
    assert "Strong fit" in html


def badge(html: str, words: str) -> str:
    """The class of the badge that says ``words``."""
    found = re.search(rf'<span class="(badge[^"]*)"[^>]*>{words}</span>', html)
    assert found, words
    return found.group(1)


def test_one_badge_for_a_need_status_and_confidential_on_every_page(app, session, world):
    """A closed need was a red "closed" on its page and a grey "Closed" in its State's list;
    "Confidential" was red in one class on lists and another in the survey."""
    rep = world.reps["KEN"]
    need = world.matches[P.COMPLETED].need
    need.status = "closed"
    need.confidential = True
    session.commit()
    client = as_(app, rep)
    record = client.get(f"/needs/{need.ref}").get_data(as_text=True)
    own = client.get("/survey/needs").get_data(as_text=True)
    assert badge(record, "Closed") == badge(own, "Closed") == "badge badge-closed"
    assert badge(record, "Confidential") == badge(own, "Confidential") == "badge badge-confidential"
    listed = as_(app, world.focal).get("/needs/?status=closed").get_data(as_text=True)
    if need.ref in listed:
        assert badge(listed, "Confidential") == "badge badge-confidential"


def test_one_badge_for_an_offer_status(app, session, world):
    offer = world.offers[0]
    owner = next(u for u in world.providers.values() if u.organisation_id == offer.organisation_id)
    client = as_(app, owner)
    record = client.get(f"/offers/{offer.ref}").get_data(as_text=True)
    mine = client.get("/offers/mine").get_data(as_text=True)
    assert badge(record, "Open") == badge(mine, "Open") == "badge badge-open"


def test_the_hybrid_reason_reads_as_english(app):
    """ "Format: hybrid, fits a in person need" (issue 21); now said with the one word Delivery."""
    from webapp.reasons import reason_text

    with app.test_request_context("/"):
        assert reason_text(["format_hybrid", ["in_person"]]) == (
            "Delivery: hybrid, fits an in-person need"
        )
        assert reason_text(["format", ["remote"]]) == "Delivery: remote"


def test_an_offer_open_to_one_state_names_it_on_every_list(app, session, world):
    """ "Open to: MDA" on the provider's list, "Open to Republic of Moldova" on the calendar."""
    offer = world.offers[0]
    offer.eligible = ["MDA", "LDC"]
    session.commit()
    owner = next(u for u in world.providers.values() if u.organisation_id == offer.organisation_id)
    for url in ("/offers/mine", "/offers/"):
        page = text(as_(app, owner).get(url).get_data(as_text=True))
        assert "Republic of Moldova, LDC" in page, url
        assert "MDA" not in page, url


def test_the_queue_says_which_filter_it_did_not_know_in_the_lists_words(focal):
    page = text(focal.get("/console/queue?region=TUV&priority=urgent").get_data(as_text=True))
    assert "This region is not known to cbmatch, so it was ignored." in page
    assert "This priority is not known to cbmatch, so it was ignored." in page
    assert "Not a valid choice" not in page

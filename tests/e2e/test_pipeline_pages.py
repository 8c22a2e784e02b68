"""The pipeline in Chromium: the focal point opens the board and the table, filters, and completes
a match with its outcome from the match's page.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models import Match, db
from tests.e2e.support import click, fits_phone, follow, sign_in

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"
COLUMNS = ["proposed", "accepted", "in_progress", "completed", "declined", "withdrawn"]


@pytest.fixture
def pipeline(live_app):
    """The demo data's own matches, spread over the pipeline: how many in each status."""
    with live_app.app_context():
        rows = db.session.execute(
            select(Match.status, func.count(Match.id)).group_by(Match.status)
        ).all()
        return {status.value: int(n) for status, n in rows}


def counts(page) -> dict[str, int]:
    return {
        col.get_attribute("data-status"): int(col.locator("[data-count]").inner_text())
        for col in page.locator(".board-col").all()
    }


def test_focal_point_follows_the_pipeline_and_completes_a_match(
    page, live_app, live_server, pipeline, screenshot
):
    sign_in(page, live_server, FOCAL)

    follow(page, "Pipeline")
    assert page.title() == "Pipeline · cbmatch"
    # the demo's accepted and in-progress matches quiet for weeks are counted as stalled
    assert (page.locator("a[aria-current=page]").first.text_content() or "").startswith("Pipeline")
    assert [c.get_attribute("data-status") for c in page.locator(".board-col").all()] == COLUMNS
    before = counts(page)
    assert before == {s: pipeline.get(s, 0) for s in COLUMNS}
    total = sum(before.values())
    assert page.locator("[data-result-count]").inner_text().startswith(f"{total} matches")
    screenshot(page, "pipeline-board")
    assert fits_phone(page)

    # The table: every match, sorted by the date proposed, oldest first from the header link.
    click(page, ".view-switch a:text-is('Table')")
    shown = min(total, live_app.config["PIPELINE_PAGE_SIZE"])  # the demo's 29: two pages
    assert page.locator("table.pipeline-table tbody tr").count() == shown
    click(page, "th a:has-text('Proposed')")  # newest first
    click(page, "th a:has-text('Proposed')")  # then oldest first
    assert "order=asc" in page.url
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Proposed")
    screenshot(page, "pipeline-table")
    assert fits_phone(page)

    # Filter to the matches in progress and open the first one.
    page.select_option("#status", "in_progress")
    click(page, "button:text-is('Show')")
    assert "view=table" in page.url
    assert "status=in_progress" in page.url
    rows = page.locator("table.pipeline-table tbody tr")
    assert rows.count() == before["in_progress"]
    need_title = rows.first.locator("td[data-label=Need] a").inner_text()
    click(page, f"table.pipeline-table tbody tr >> nth=0 >> a:text-is('{need_title}')")
    assert re.search(r"/matches/\d+$", page.url)
    assert page.locator(".badge").first.inner_text().lower() == "in progress"

    # Completing without an outcome is refused beside the field; with one, it is done.
    click(page, "button:text-is('Mark completed')")
    assert "Describe the outcome" in page.locator("#complete-outcome-error").inner_text()
    screenshot(page, "match-complete-error")
    assert fits_phone(page)
    page.fill("#complete-outcome", "Fifteen prosecutors trained; two cases now use e-evidence.")
    click(page, "button:text-is('Mark completed')")
    assert "outcome is recorded" in page.locator(".flash-success").inner_text()
    assert "Fifteen prosecutors trained" in page.locator("#outcome-title + p").inner_text()
    assert "Completed" in page.locator(".milestones").inner_text()
    history = page.locator("ol.history").inner_text()
    assert "Fifteen prosecutors trained" in history
    screenshot(page, "match-completed")
    assert fits_phone(page)

    click(page, "p.back a:has-text('Pipeline')")
    after = counts(page)
    assert after["completed"] == before["completed"] + 1
    assert after["in_progress"] == before["in_progress"] - 1

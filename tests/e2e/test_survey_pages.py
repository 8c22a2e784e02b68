"""A State representative walks the needs survey in Chromium; every page is screenshotted."""

from __future__ import annotations

import re

import pytest

from tests.e2e.support import click, fits_phone, follow, new_page, sign_in

pytestmark = pytest.mark.e2e

REP = "aissatou.ndiaye@cbmatch.example"  # demo representative of Senegal
LONG_WORD = "https://cert.example.sn/" + "tres-long-chemin-" * 12
LONG_TEXT = ("Notre CERT national compte six analystes. " * 40) + LONG_WORD


def shoot(page, screenshot, name: str) -> None:
    assert fits_phone(page), f"{name} is wider than 390px"
    assert all(p.stat().st_size > 5000 for p in screenshot(page, name))


def fill_need(page, title: str, description: str, *, confidential: bool = False) -> None:
    page.fill("#title", title)
    page.fill("#description", description)
    page.check("input[name=topics][value=incident-response]")
    page.check("input[name=support_types][value=training]")
    page.check("input[name=languages][value=fr]")
    page.fill("#other_languages", "wo")
    page.check("input[name=modality][value=hybrid]")
    page.fill("#start", "2027-02-01")
    page.fill("#end", "2027-07-31")
    page.check("input[name=priority][value=high]")
    if confidential:
        page.check("#confidential")


def test_a_state_representative_walks_the_survey(page, live_server, screenshot, browser):
    base = live_server
    sign_in(page, base, REP)
    follow(page, "Survey")  # in the menu "My survey"
    assert page.locator("h1").inner_text() == "Needs survey of Senegal"
    shoot(page, screenshot, "survey-index")

    # Step 1: the maturity by factor (one per dimension), first with a comment too long.
    page.goto(base + "/survey/maturity")
    for factor, stage in {"d1_1": 3, "d2_2": 2, "d3_1": 1, "d4_1": 2}.items():
        page.check(f"input[name=factor_{factor}][value='{stage}']")
    page.fill("#comment_knowledge_capabilities", "Very few trained people outside Dakar.")
    page.fill("#comment_standards_technologies", "z" * 2001)
    click(page, "text=Save and continue to needs")
    assert page.locator("#comment_standards_technologies-error").is_visible()
    assert page.locator(".error-summary").is_visible()
    assert page.is_checked("input[name=factor_d3_1][value='1']")  # the answers are kept
    shoot(page, screenshot, "survey-maturity-errors")
    page.fill("#comment_standards_technologies", "")
    page.check("input[name=factor_d5_1][value='4']")
    click(page, "text=Save and continue to needs")
    assert "saved as a draft" in page.locator(".flash").inner_text()
    shoot(page, screenshot, "survey-needs")

    # Step 2: a need with a bad date, then a preview, then saved.
    click(page, "main >> text=Add a need")
    shoot(page, screenshot, "survey-need-new")
    fill_need(page, "Laboratoire d'analyse de logiciels malveillants " * 3, LONG_TEXT)
    page.fill("#end", "2027-01-01")
    click(page, "button[value=save]")
    assert "is before start" in page.locator("#end-error").inner_text()
    assert page.input_value("#title").startswith("Laboratoire")
    shoot(page, screenshot, "survey-need-errors")
    page.fill("#end", "2027-07-31")
    click(page, "p.actions button[value=preview]")
    assert page.locator("#preview-title").is_visible()
    shoot(page, screenshot, "survey-need-preview")
    click(page, ".preview >> text=Save this need")
    flash = page.locator(".flash").inner_text()
    ref = re.search(r"N-\d{4}-\d{3}", flash).group(0)
    assert "saved as a draft" in flash

    click(page, "main >> text=Add a need")
    fill_need(page, "Revue confidentielle du projet de loi", "Texte en cours.", confidential=True)
    click(page, "button[value=save]")
    assert page.locator(f"#{ref}").is_visible()
    assert page.locator(".badge-confidential").count() == 1

    # Edit, and the confirmation before deleting a draft (never submitted: not withdrawn).
    page.goto(f"{base}/survey/needs/{ref}/edit")
    assert page.input_value("#other_languages") == "wo"
    shoot(page, screenshot, "survey-need-edit")
    page.goto(f"{base}/survey/needs")
    click(page, f"#{ref} >> text=Delete")
    assert page.locator("h1").inner_text() == "Delete this draft?"
    shoot(page, screenshot, "survey-need-delete")
    click(page, "text=Keep it")

    # Step 3: review and submit.
    click(page, "text=Continue to review and submit")
    assert page.locator("text=2 draft needs will open.").is_visible()
    shoot(page, screenshot, "survey-review")
    click(page, "text=Submit the survey")
    assert "2 needs are now open" in page.locator(".flash").inner_text()

    # The profile: the chart and suggestions for the weakest dimension.
    page.goto(base + "/states/SEN")
    bar = page.locator(".chart-row[data-dimension=knowledge-capabilities] .chart-bar")
    assert bar.get_attribute("data-stage") == "1"
    assert page.locator(".suggestion[data-dimension=knowledge-capabilities]").is_visible()
    shoot(page, screenshot, "state-profile-own")
    click(page, ".suggestion[data-dimension=knowledge-capabilities] li a >> nth=0")
    assert page.locator("input[name=topics]:checked").count() == 1

    visitor = new_page(browser)
    visitor.goto(base + "/states/SEN")
    assert "to the focal point only" in visitor.locator("main").inner_text()  # never chose
    assert "Revue confidentielle" not in visitor.content()
    shoot(visitor, screenshot, "state-profile-public")
    visitor.context.close()


def test_a_state_without_assessment_shows_the_empty_state(page, live_server, screenshot):
    sign_in(page, live_server, "koffi.brou@cbmatch.example")  # Côte d'Ivoire, nothing assessed
    page.goto(live_server + "/states/CIV")
    assert "has not assessed its maturity yet" in page.locator("main").inner_text()
    assert page.locator("main a[href='/survey/maturity']").is_visible()
    shoot(page, screenshot, "state-profile-empty")
    page.goto(live_server + "/survey/review")
    shoot(page, screenshot, "survey-review-empty")

"""The whole first journey in Chromium, across four people and browsers:

a State representative registers and is approved by the focal point, fills the survey with two
needs (one confidential) and sees its maturity chart; a provider posts an offer restricted to
SIDS and sees how many States that covers; the State requests that offer for its need; the
provider accepts; both see the match accepted with its history.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.support import click, follow, new_page, person

# CI runs it on PostgreSQL (see browser_on_postgresql in pyproject.toml)
pytestmark = [pytest.mark.e2e, pytest.mark.browser_on_postgresql]

FOCAL = "focal.point@cbmatch.example"
PROVIDER = "mere.ratuvou@cbmatch.example"  # Pacific Digital Safety Collective
NEW_REP = "tala.tauia@gov.example.tv"
NEW_PASSWORD = "Funafuti lagoon 2027"


def test_register_approve_survey_offer_request_accept(browser, live_server, screenshot):
    base = live_server

    # 1. A representative of Tuvalu registers; the account waits for approval.
    rep = new_page(browser)
    rep.goto(base + "/auth/register")
    rep.fill("#name", "Tala Tauia")
    rep.fill("#email", NEW_REP)
    rep.fill("#password", NEW_PASSWORD)
    rep.fill("#confirm", NEW_PASSWORD)
    rep.check("input[name=role][value=state]")
    rep.select_option("#state", "TUV")
    screenshot(rep, "register")
    click(rep, "button:text-is('Ask for an account')")
    assert rep.locator("h1").inner_text() == "Thank you"

    # 2. The focal point approves it.
    focal = person(browser, base, FOCAL)
    follow(focal, "Accounts to approve")
    row = focal.locator("tbody tr", has_text=NEW_REP)
    screenshot(focal, "accounts-to-approve")
    with focal.expect_navigation():
        row.locator("button:text-is('Approve')").click()
    assert "is approved" in focal.locator(".flash").inner_text()

    # 3. The representative signs in and fills the survey: maturity, two needs, submit.
    rep = person(browser, base, NEW_REP, NEW_PASSWORD)
    follow(rep, "Survey")  # in the menu "My survey"
    rep.goto(base + "/survey/maturity")
    stages = {"d1_1": 2, "d2_1": 2, "d3_2": 1, "d4_1": 3, "d5_2": 2}  # one factor a dimension
    for factor, stage in stages.items():
        rep.check(f"input[name=factor_{factor}][value='{stage}']")
    click(rep, "text=Save and continue to needs")

    refs = []
    for title, description, confidential in (
        ("Incident handling for our new national CSIRT", "Our CSIRT has two analysts and needs "
         "hands-on incident handling and malware triage training, delivered partly remotely.",
         False),
        ("Review of the ransomware response at the telecom regulator", "An outside review of "
         "how the telecom regulator handled last year's ransomware attack, with lessons.",
         True),
    ):  # fmt: skip
        click(rep, "main >> text=Add a need")
        rep.fill("#title", title)
        rep.fill("#description", description)
        rep.check("input[name=topics][value=incident-response]")
        rep.check("input[name=support_types][value=training]")
        rep.check("input[name=languages][value=en]")
        rep.check("input[name=modality][value=hybrid]")
        rep.fill("#start", "2027-03-01")
        rep.fill("#end", "2027-09-30")
        if confidential:
            rep.check("#confidential")
        click(rep, "button[value=save]")
        refs.append(re.search(r"N-\d{4}-\d{3,}", rep.locator(".flash").inner_text()).group(0))
    public_ref, secret_ref = refs
    click(rep, "text=Continue to review and submit")
    click(rep, "text=Submit the survey")
    assert "2 needs are now open" in rep.locator(".flash").inner_text()

    rep.goto(base + "/states/TUV")
    chart = rep.locator(".chart-row[data-dimension=knowledge-capabilities] .chart-bar")
    assert chart.get_attribute("data-stage") == "1"
    assert rep.locator(".chart-row").count() == 5
    screenshot(rep, "journey-state-profile")

    # 4. A provider posts an offer open to SIDS and sees it covers 38 States.
    provider = person(browser, base, PROVIDER)
    provider.goto(base + "/offers/new")
    provider.check("input[name=eligible_groups][value=SIDS]")
    assert provider.locator("[data-eligibility-count]").first.inner_text() == (
        "Open to SIDS: 38 States"
    )
    provider.fill("#title", "Incident-handling course for island CSIRTs")
    provider.fill("#description", "Two weeks of hands-on incident handling and malware triage "
                  "for national CSIRT staff, with a remote follow-up.")  # fmt: skip
    provider.check("input[name=topics][value=incident-response]")
    provider.check("input[name=support_types][value=training]")
    provider.fill("#start", "2027-06-01")
    provider.fill("#end", "2027-12-15")
    provider.fill("#capacity", "3")
    click(provider, "button:text-is('Publish the offer')")
    assert "Open to SIDS: 38 States." in provider.locator(".flash").inner_text()
    offer_url = provider.url
    # The provider cannot see the State's confidential need.
    assert provider.goto(f"{base}/needs/{secret_ref}").status == 404

    # 5. The State requests the offer for its public need.
    rep.goto(offer_url)
    rep.select_option("#need", public_ref)
    rep.fill("#message", "Two of our analysts could start in June.")
    screenshot(rep, "journey-offer-request")
    click(rep, "button:text-is('Send the request')")
    assert "sent to the provider" in rep.locator(".flash").inner_text()
    match_url = rep.url

    # 6. The provider finds it waiting in its inbox and accepts.
    provider.goto(base + "/matches/")
    waiting = provider.locator("section[aria-labelledby=waiting-title]")
    assert "Incident handling for our new national CSIRT" in waiting.inner_text()
    screenshot(provider, "matches-inbox")
    click(provider, "section[aria-labelledby=waiting-title] >> h3 a")
    provider.check("input[name=decision][value=accept]")
    provider.fill("#note", "Welcome aboard: we will send the joining instructions.")
    click(provider, "button:text-is('Send my answer')")
    assert "now accepted" in provider.locator(".flash").inner_text()

    # 7. Both see the match accepted, with its history.
    for viewer in (provider, rep):
        viewer.goto(match_url)
        assert viewer.locator("h1 + p .badge").inner_text().lower() == "accepted"
        history = viewer.locator("ol.history li").all_inner_texts()
        assert len(history) == 2
        assert "Tala Tauia" in history[0]
        assert "Two of our analysts could start in June." in history[0]
        assert "Welcome aboard" in history[1]
    screenshot(rep, "match-detail")
    for p in (rep, provider, focal):
        p.context.close()

"""The main journeys with the keyboard alone: Tab, Shift+Tab, Enter, Space, arrows and typing.

Each journey starts from its first page's address (as a link in an e-mail would open it); from
there on no click and no ``fill``: the tests press keys. At every key press that moves the focus,
the element in focus must show it: an outline of at least 2 px whose colour has 3:1 contrast
against what surrounds it (WCAG 2.4.7 and 1.4.11), or a box shadow. After a failed submit the
focus is on the error summary (static/js/errors.js), and the summary's link takes it to the field.

One server for the module (the ``site`` fixture), one browser context per person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.support import sign_in

pytestmark = pytest.mark.e2e

STATE = "aissatou.ndiaye@cbmatch.example"  # Senegal, which has an offer to answer
PROVIDER = "moussa.traore@cbmatch.example"
FOCAL = "focal.point@cbmatch.example"

#: What the focused element shows, and the colour behind its ring.
FOCUS = """selector => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const offset = parseFloat(s.outlineOffset) || 0;
  let p = offset < 0 ? el : el.parentElement, behind = "rgb(255, 255, 255)";
  for (; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { behind = c; break; }
  }
  return {
    matches: selector ? el.matches(selector) : false,
    what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "[" + el.type + "] "
      + (el.innerText || el.value || el.name || "").trim().slice(0, 40),
    outline: s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth),
    colour: s.outlineColor, behind: behind, shadow: s.boxShadow,
  };
}"""


def luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def focused(page, selector: str | None = None) -> dict[str, object]:
    """The element in focus, which must show a visible focus indicator."""
    state = page.evaluate(FOCUS, selector)
    assert state is not None, "the focus is lost (on the page's body)"
    ring = state["outline"] >= 2 and contrast(state["colour"], state["behind"]) >= 3
    assert ring or state["shadow"] != "none", f"no visible focus on {state}"
    return state


def tab_to(page, selector: str, *, back: bool = False, limit: int = 150) -> None:
    """Press Tab (Shift+Tab) until the element matching ``selector`` has the focus; every element
    passed on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if focused(page, selector)["matches"]:
            return
    raise AssertionError(f"{selector} never took the focus in {limit} presses")


def press_and_load(page, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


@pytest.fixture
def person(site, browser) -> Iterator[object]:
    """Sign a person in, in a context of their own: ``person(email)`` gives their page."""
    contexts = []

    def open_as(email: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        sign_in(page, site[1], email)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_provider_publishes_an_offer_with_the_keyboard(site, person):
    page = person(PROVIDER)
    page.goto(site[1] + "/offers/new")

    # Sent empty: the focus lands on the error summary, whose first link leads to the title.
    tab_to(page, "button.button[value=save]")
    press_and_load(page)
    assert focused(page, ".error-summary")["matches"]
    page.keyboard.press("Tab")
    assert focused(page, ".error-summary a")["matches"]
    page.keyboard.press("Enter")
    assert focused(page, "#title")["matches"]

    page.keyboard.type("Incident response coaching for national CSIRTs (keyboard)")
    type_into(page, "#description", "Six weeks of remote coaching for a national CSIRT's analysts.")
    tab_to(page, "input[name=topics]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=modality]")
    page.keyboard.press("ArrowDown")  # the second modality: the group's arrows choose
    tab_to(page, "button.button[value=save]")  # past the eligibility, dates and capacity
    press_and_load(page)

    assert re.search(r"/offers/O-", page.url), page.url
    assert "Incident response coaching" in page.locator("h1").inner_text()


def test_the_focal_point_proposes_a_pair_with_the_keyboard(site, person):
    page = person(FOCAL)
    page.goto(site[1] + "/console/queue")
    tab_to(page, "form.filters button[type=submit]")  # Refresh suggestions
    press_and_load(page)
    first = ".cards > .card:first-child"
    need = page.locator(f"{first} h2").inner_text()

    tab_to(page, f"{first} details:has(form[action*=propose]) > summary")
    page.keyboard.press("Enter")  # opens the proposal's form
    type_into(page, f"{first} textarea", "Both of you asked for this; please talk.")
    tab_to(page, f"{first} details[open] button[type=submit]")
    press_and_load(page)

    assert "now see it in their matches" in page.locator(".flash-success").inner_text()
    assert page.locator(f".cards h2:text-is('{need}')").count() == 0


def test_a_state_answers_a_proposal_with_the_keyboard(site, person):
    page = person(STATE)
    page.goto(site[1] + "/matches/")
    tab_to(page, "section[aria-labelledby=waiting-title] h3 a")
    press_and_load(page)
    assert page.locator("#answer-title").is_visible()

    # Sent without an answer: the summary has the focus, its link takes it to the first choice.
    tab_to(page, "section[aria-labelledby=answer-title] button[type=submit]")
    press_and_load(page)
    assert focused(page, ".error-summary")["matches"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page, "input[name=decision][value=accept]")["matches"]
    page.keyboard.press("Space")
    type_into(page, "#note", "Yes: our CERT can start in February.")
    tab_to(page, "input[name=decision]:checked", back=True)  # back to the choice: still Accept
    assert page.evaluate("document.activeElement.value") == "accept"
    tab_to(page, "section[aria-labelledby=answer-title] button[type=submit]")
    press_and_load(page)

    assert page.locator(".flash-success").count() == 1
    assert page.locator("#answer-title").count() == 0  # answered: no form any more


def test_a_state_updates_its_survey_with_the_keyboard(site, person):
    page = person(STATE)
    page.goto(site[1] + "/survey/maturity")

    # Step 1: a stage for a factor of each dimension, chosen with the arrows; a comment; saved.
    chosen = {}
    for dimension in range(1, 6):
        tab_to(page, f"input[name=factor_d{dimension}_1]")
        page.keyboard.press("ArrowDown")  # the radio group's next stage
        chosen[dimension] = page.evaluate("document.activeElement.value")
    type_into(page, "textarea[name^=comment_]", "Few trained people outside the capital.")
    tab_to(page, "p.actions button[type=submit]")
    press_and_load(page)
    assert "saved as a draft" in page.locator(".flash").inner_text()

    # Step 2: a need, first sent without its title and description.
    tab_to(page, "main a.button[href$='/survey/needs/new']")
    press_and_load(page)
    tab_to(page, "button.button[value=save]")
    press_and_load(page)
    assert focused(page, ".error-summary")["matches"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page, "#title")["matches"]
    page.keyboard.type("Malware analysis laboratory (keyboard)")
    type_into(page, "#description", "Our CERT needs a laboratory and two trained analysts.")
    tab_to(page, "input[name=topics]")
    page.keyboard.press("Space")
    tab_to(page, "button.button[value=save]")
    press_and_load(page)
    assert "saved as a draft" in page.locator(".flash").inner_text()

    # Step 3: review and submit.
    tab_to(page, "main a[href$='/survey/review']")
    press_and_load(page)
    tab_to(page, "main form button[type=submit]")
    press_and_load(page)
    assert "now open to providers" in page.locator(".flash-success").inner_text()
    page.goto(site[1] + "/survey/maturity")  # the stages chosen with the arrows were saved
    for dimension, stage in chosen.items():
        assert page.is_checked(f"input[name=factor_d{dimension}_1][value='{stage}']")

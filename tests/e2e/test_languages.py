"""People who do not read English use cbmatch in their own language, in Chromium.

A French-speaking representative of Benin registers, is approved, fills the survey (maturity and
one need), and accepts the proposal a French-speaking provider sends it, every page in French; the
focal point works its queue of suggestions in Spanish. The language comes from each browser's
Accept-Language, as it would for a first visit.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.languages import html_language, sign_in_any_language, speaking
from tests.e2e.support import click, follow

pytestmark = pytest.mark.e2e

FOCAL = "focal.point@cbmatch.example"
SAHEL = "moussa.traore@cbmatch.example"  # Sahel Digital Shield SARL, offers in French
SAHEL_OFFER = "O-2026-023"  # post-incident support, open to Western and Middle Africa
NEW_REP = "awa.dossou@gouv.example.bj"
NEW_PASSWORD = "Porto-Novo lagune 2027"
ENGLISH_STATUS = re.compile(r"\b(accepted|declined|proposed|suggested|open|draft)\b")


@pytest.fixture
def speak(browser):
    """Open a page in a browser speaking a language; every one is closed after the test."""
    pages = []

    def open_page(language: str):
        pages.append(speaking(browser, language))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()


def flash(page) -> str:
    return page.locator(".flash").first.inner_text()


def in_french(page, heading: str) -> None:
    """The page is marked French, left to right, and its first heading reads ``heading``."""
    assert html_language(page) == ("fr", "ltr")
    assert page.locator("h1").first.inner_text().strip() == heading


def test_a_french_representative_registers_fills_the_survey_and_answers_in_french(
    speak, live_server
):
    base = live_server

    # 1. Registration, from a French browser: the form and its thanks are in French.
    rep = speak("fr")
    rep.goto(base + "/auth/register")
    in_french(rep, "S'inscrire")
    assert rep.locator("main button[type=submit]").inner_text() == "Demander un compte"
    rep.fill("#name", "Awa Dossou")
    rep.fill("#email", NEW_REP)
    rep.fill("#password", NEW_PASSWORD)
    rep.fill("#confirm", NEW_PASSWORD)
    rep.check("input[name=role][value=state]")
    rep.select_option("#state", "BEN")
    click(rep, "button:text-is('Demander un compte')")
    in_french(rep, "Merci")

    # 2. The focal point (reading French too) approves the account.
    focal = speak("fr")
    sign_in_any_language(focal, base, FOCAL)
    assert flash(focal).startswith("Connecté en tant que ")
    follow(focal, "Comptes à approuver")
    in_french(focal, "Comptes à approuver")
    row = focal.locator("tbody tr", has_text=NEW_REP)
    with focal.expect_navigation():
        row.locator("button:text-is('Approuver')").click()
    assert flash(focal) == f"Le compte de Awa Dossou ({NEW_REP}) est approuvé."

    # 3. The representative signs in and assesses the maturity of Benin.
    sign_in_any_language(rep, base, NEW_REP, NEW_PASSWORD)
    assert flash(rep) == "Connecté en tant que Awa Dossou."
    follow(rep, "Questionnaire")  # in the menu « Mon questionnaire »
    assert html_language(rep) == ("fr", "ltr")
    click(rep, "main a[href$='/survey/maturity']")
    in_french(rep, "Autoévaluation de la maturité")
    stages = {"d1_1": 2, "d2_1": 1, "d3_1": 1, "d4_1": 2, "d5_1": 1}  # one factor a dimension
    for factor, stage in stages.items():
        rep.check(f"input[name=factor_{factor}][value='{stage}']")
    click(rep, "button:text-is('Enregistrer et passer aux besoins')")
    assert flash(rep) == (
        "Votre autoévaluation de la maturité est enregistrée à l'état de brouillon."
    )

    # 4. One need, saved as a draft, then the survey submitted.
    click(rep, "main >> text=Ajouter un besoin")
    assert html_language(rep) == ("fr", "ltr")
    rep.fill("#title", "Appui après l'incident du réseau de l'opérateur électrique")
    rep.fill("#description", "Notre opérateur électrique a subi une intrusion : nous cherchons "
             "une équipe pour rechercher la compromission et former nos ingénieurs.")  # fmt: skip
    rep.check("input[name=topics][value=incident-response]")
    rep.check("input[name=support_types][value=technical-assistance]")
    rep.check("input[name=languages][value=fr]")
    rep.check("input[name=modality][value=in_person]")
    rep.fill("#start", "2027-02-01")
    rep.fill("#end", "2027-07-31")
    assert rep.locator("button[name=action][value=save]").inner_text() == "Enregistrer le besoin"
    click(rep, "button[name=action][value=save]")
    saved = flash(rep)
    assert re.fullmatch(
        r"Le besoin (N-\d{4}-\d{3,}) est enregistré à l'état de brouillon\. Il sera ouvert aux "
        r"prestataires lorsque vous soumettrez le questionnaire\.",
        saved,
    ), saved
    ref = re.search(r"N-\d{4}-\d{3,}", saved).group(0)
    click(rep, "text=Passer à la vérification et à la soumission")
    in_french(rep, "Vérification et soumission")
    click(rep, "button:text-is('Soumettre le questionnaire')")
    assert flash(rep) == (
        "Votre questionnaire est soumis\xa0: 1 besoin est désormais ouvert aux prestataires."
    )

    # 5. A French-speaking provider offers its support for the need, from the need's page.
    provider = speak("fr")
    sign_in_any_language(provider, base, SAHEL)
    provider.goto(f"{base}/needs/{ref}")
    assert html_language(provider) == ("fr", "ltr")
    assert provider.locator("#propose-title").inner_text() == "Offrir votre appui pour ce besoin"
    provider.select_option("#offer", SAHEL_OFFER)
    provider.fill("#message", "Nous pouvons intervenir à Cotonou dès février.")
    click(provider, 'button:text-is("Envoyer à l\'État")')
    match_url = provider.url
    assert re.search(r"/matches/\d+$", match_url), match_url

    # 6. The representative finds the proposal and accepts it, in French.
    rep.goto(base + "/matches/")
    assert html_language(rep) == ("fr", "ltr")
    click(rep, f"main a[href='{match_url.removeprefix(base)}']")
    assert rep.locator("#answer-title").inner_text() == "Votre réponse"
    rep.check("input[name=decision][value=accept]")
    rep.fill("#note", "Merci, nous préparons l'accueil de l'équipe.")
    click(rep, "button:text-is('Envoyer ma réponse')")
    answered = flash(rep)
    assert answered.startswith("Votre réponse est enregistrée."), answered
    assert not ENGLISH_STATUS.search(answered), f"an English status in {answered!r}"
    badge = rep.locator("h1 + p .badge").inner_text().strip()
    assert badge.lower() != "accepted", badge
    assert badge.lower().startswith("accept"), badge


def test_the_focal_point_works_the_queue_in_spanish(speak, live_server):
    base = live_server
    focal = speak("es")
    sign_in_any_language(focal, base, FOCAL)
    assert flash(focal) == "Sesión iniciada como Ingrid Halvorsen-Mbeki."

    follow(focal, "Sugerencias")
    assert html_language(focal) == ("es", "ltr")
    assert focal.title() == "Sugerencias · cbmatch"
    click(focal, "button:text-is('Actualizar las sugerencias')")
    refreshed = flash(focal)
    assert re.fullmatch(r"Sugerencias actualizadas\. Nuevas: [1-9]\d*; .+", refreshed), refreshed
    total = int(focal.locator("[data-result-count]").inner_text().split()[0])
    assert total > 2

    # Propose the first suggestion to both sides.
    top = focal.locator(".cards > .card").first
    need_title = top.locator("h2").inner_text()
    top.locator("summary:text-is('Proponer a ambas partes')").click()
    top.locator("textarea[name$='-message']").fill("Ambos trabajan en respuesta a incidentes.")
    with focal.expect_navigation():
        top.locator("button:text-is('Proponer')").click()
    proposed = focal.locator(".flash-success").inner_text()
    assert proposed.startswith("Se ha propuesto el par «"), proposed
    assert proposed.endswith("el Estado y el proveedor lo ven ahora en sus emparejamientos.")
    assert int(focal.locator("[data-result-count]").inner_text().split()[0]) == total - 1

    # Dismiss the next one, with a reason.
    top = focal.locator(".cards > .card").first
    top.locator("summary:text-is('Descartar')").click()
    top.locator("textarea[name$='-reason'], input[name$='-reason']").first.fill(
        "El proveedor ya trabaja con este Estado."
    )
    with focal.expect_navigation():
        top.locator("button:text-is('Descartar')").click()
    dismissed = focal.locator(".flash-success").inner_text()
    assert dismissed.startswith("Se ha descartado el par «"), dismissed
    assert int(focal.locator("[data-result-count]").inner_text().split()[0]) == total - 2

    # The proposed pair is among the matches, with its status in Spanish.
    follow(focal, "Emparejamientos")
    row = focal.locator("table tr", has_text=need_title).first
    labels = [c.get_attribute("data-label") for c in row.locator("td").all()]
    assert labels == ["Necesidad", "Oferta", "Situación", "Actualizado"], labels  # on a phone
    status = row.locator(".badge").inner_text().strip().lower()
    assert status.startswith("propuest"), status

"""The needs and offers lists search like the matcher: concepts across languages, plurals and
accents folded, best match first, matched words marked; and "offers my State can receive"."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from models import Match, MatchStatus, Need
from tests.factories import make_need, make_offer, make_user
from tests.survey_support import login

LONG = (
    "Our ministry coordinates a broad programme on governance, legislation, awareness for "
    "schools, procurement rules, data protection, cloud adoption and risk management for the "
    "public sector; among many other things it would also like advice on a CERT one day."
)


def titles_and_refs(response, kind="needs"):
    assert response.status_code == 200
    return re.findall(rf'<h2[^>]*><a href="/{kind}/([^"]+)">', response.get_data(as_text=True))


def refs(response, kind="needs"):
    return set(titles_and_refs(response, kind))


def count_line(response):
    html = response.get_data(as_text=True)
    return " ".join(re.search(r"data-result-count>(.*?)</p>", html, re.S).group(1).split())


@pytest.fixture
def needs(session):
    """Needs written with CERT, in French, in Spanish, about security, and one confidential."""
    rows = {
        "cert": make_need(session, i=1, ref="N-CERT", state="FJI", confidential=False,
                          title="Mentoring for our national CERT",
                          description="Staff exchanges with an experienced team."),
        "fr": make_need(session, i=2, ref="N-FR", state="SEN", confidential=False,
                        languages=["fr"], title="Renforcement des capacités",
                        description="Mise en place d'une équipe de réponse aux incidents "
                                    "informatiques pour le gouvernement."),
        "es": make_need(session, i=3, ref="N-ES", state="PER", confidential=False,
                        languages=["es"], title="Fortalecimiento institucional",
                        description="Creación de un equipo de respuesta a incidentes."),
        "sec": make_need(session, i=4, ref="N-SEC", state="JAM", confidential=False,
                         title="Sécurité des réseaux de l'État",
                         description="Audit des pare-feu et de la sécurité des accès."),
        "long": make_need(session, i=5, ref="N-LONG", state="GHA", confidential=False,
                          title="A broad programme of reforms", description=LONG),
        "other": make_need(session, i=6, ref="N-OTHER", state="VNM", confidential=False,
                           title="Awareness week", description="Posters and school visits."),
        "secret": make_need(session, i=7, ref="N-KEN-SECRET", state="KEN", confidential=True,
                            title="Compromise of the national CSIRT mail server",
                            description="Zebrafinch actors read the CSIRT's mail."),
    }  # fmt: skip
    session.commit()
    return rows


def test_csirt_finds_needs_written_with_cert_and_in_french_and_spanish(client, needs):
    found = refs(client.get("/needs/?q=CSIRT"))
    assert found == {"N-CERT", "N-FR", "N-ES", "N-LONG"}


def test_plural_and_synonym_find_the_same_as_the_singular(client, needs):
    singular = refs(client.get("/needs/?q=CSIRT"))
    assert refs(client.get("/needs/?q=CSIRTs")) == singular
    assert refs(client.get("/needs/?q=CERT")) == singular
    assert refs(client.get("/needs/?q=computer+emergency+response+teams")) == singular
    # "équipe d'intervention", the French short form
    assert refs(client.get("/needs/?q=%C3%A9quipe+d%27intervention")) == singular


@pytest.mark.parametrize("query", ["securite", "s%C3%A9curit%C3%A9", "SECURITE", "security"])
def test_accents_and_languages_fold(client, needs, query):
    assert "N-SEC" in refs(client.get(f"/needs/?q={query}"))


def test_a_spanish_query_finds_the_english_and_french_needs(client, needs):
    found = refs(client.get("/needs/?q=equipo+de+respuesta+a+incidentes"))
    assert {"N-CERT", "N-FR", "N-ES"} <= found
    assert "N-OTHER" not in found


def test_results_come_best_first_title_before_a_passing_mention(client, needs):
    order = titles_and_refs(client.get("/needs/?q=CERT"))
    assert order.index("N-CERT") < order.index("N-LONG")
    response = client.get("/needs/?q=CERT")
    assert count_line(response) == "4 results for “CERT”, best match first."


def test_another_order_still_applies_when_chosen(client, needs):
    by_title = titles_and_refs(client.get("/needs/?q=CSIRT&sort=title"))
    assert by_title == ["N-LONG", "N-ES", "N-CERT", "N-FR"]  # A broad, Fortalecimiento, ...


def test_the_matched_original_words_are_marked(client, needs):
    html = client.get("/needs/?q=CSIRT").get_data(as_text=True)
    assert "Mentoring for our <mark>national CERT</mark>" in html
    assert "<mark>équipe de réponse aux incidents</mark>" in html
    assert "<mark>equipo de respuesta a incidentes</mark>" in html
    # the mention deep in a long description is shown, not cut away
    assert "<mark>CERT</mark> one day" in html


def test_marking_escapes_the_record_text(client, session):
    make_need(session, i=8, ref="N-HTML", state="FJI", confidential=False,
              title="<script>alert(1)</script> CERT & <b>SOC</b>",
              description="A <img src=x onerror=alert(2)> CSIRT.")  # fmt: skip
    session.commit()
    html = client.get("/needs/?q=CSIRT").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>CERT</mark> &amp; &lt;b&gt;SOC" in html
    assert "&lt;img src=x onerror=alert(2)&gt; <mark>CSIRT</mark>." in html


def test_the_query_is_escaped_in_the_count_line(client, needs):
    html = client.get("/needs/?q=%3Ci%3ECERT%3C/i%3E").get_data(as_text=True)
    assert "<i>CERT</i>" not in html
    assert "&lt;i&gt;CERT&lt;/i&gt;" in html


def test_another_states_confidential_need_never_shows_nor_leaks(app, client, session, needs):
    response = client.get("/needs/?q=CSIRT")
    assert "N-KEN-SECRET" not in refs(response)
    assert "Zebrafinch" not in response.get_data(as_text=True)
    assert refs(client.get("/needs/?q=zebrafinch")) == set()
    senegal = make_user(session, email="rep@senegal.example")
    session.commit()
    login(client, senegal)
    seen = client.get("/needs/?q=zebrafinch+CSIRT")
    assert refs(seen) == set()
    assert "Zebrafinch" not in seen.get_data(as_text=True)
    kenya = make_user(session, email="rep@kenya.example", state_code="KEN")
    session.commit()
    own = app.test_client()
    login(own, kenya)
    assert refs(own.get("/needs/?q=zebrafinch")) == {"N-KEN-SECRET"}


def test_an_edit_is_found_at_the_next_search(client, session, needs):
    assert "N-OTHER" not in refs(client.get("/needs/?q=CSIRT"))
    session.execute(
        update(Need).where(Need.ref == "N-OTHER").values(title="A CSIRT awareness week")
    )
    session.commit()
    assert "N-OTHER" in refs(client.get("/needs/?q=CSIRT"))


def test_an_empty_search_says_so_and_how_to_get_back(client, needs):
    response = client.get("/needs/?q=quantum+teleportation")
    html = response.get_data(as_text=True)
    assert count_line(response) == "0 results for “quantum teleportation”."
    assert "No need matches these filters." in html
    assert "Nothing was found for “quantum teleportation”: try other words" in html
    assert '<a href="/needs/">Clear the filters</a>' in html


def test_a_query_of_no_searchable_word_falls_back_to_the_plain_search(client, needs):
    assert refs(client.get("/needs/?q=the")) == {"N-LONG"}  # a stop word: LIKE '%the%'
    assert refs(client.get("/needs/?q=%25")) == set()
    assert count_line(client.get("/needs/?q=the")) == "1 open need matches these filters."


def test_offers_search_like_needs(client, session):
    make_offer(session, i=0, ref="O-CERT", title="Exchanges between CERTs",
               description="Placements in a national team.")  # fmt: skip
    make_offer(session, i=1, ref="O-FR", title="Formation",
               description="Formation des équipes de réponse aux incidents.")  # fmt: skip
    make_offer(session, i=2, ref="O-LAW", title="Cybercrime law drafting",
               description="Help with the Budapest Convention.")  # fmt: skip
    session.commit()
    response = client.get("/offers/?q=csirts")
    assert refs(response, "offers") == {"O-CERT", "O-FR"}
    assert "Exchanges between <mark>CERTs</mark>" in response.get_data(as_text=True)
    assert refs(client.get("/offers/?q=convenio+de+budapest"), "offers") == {"O-LAW"}


@pytest.fixture
def receivable(session):
    """Offers open to all, to SIDS, to Western Africa, a full one, and a closed one."""
    make_offer(session, i=0, ref="O-ALL", eligible=[], capacity=1)
    make_offer(session, i=1, ref="O-SIDS", eligible=["SIDS"])
    make_offer(session, i=2, ref="O-WAF", eligible=["Western Africa"])
    make_offer(session, i=3, ref="O-SEN", eligible=["SEN"])
    full = make_offer(session, i=4, ref="O-FULL", eligible=[], capacity=1)
    need = make_need(session, i=9, ref="N-TAKER", state="FJI")
    session.add(Match(need=need, offer=full, status=MatchStatus.ACCEPTED, score=0.5))
    session.commit()


def test_my_state_can_receive_keeps_eligible_offers_with_capacity(app, session, receivable):
    fiji = make_user(session, email="rep@fiji.example", state_code="FJI")
    senegal = make_user(session, email="rep@senegal.example")
    session.commit()
    everything = {"O-ALL", "O-SIDS", "O-WAF", "O-SEN", "O-FULL"}
    for user, expected in ((fiji, {"O-ALL", "O-SIDS"}), (senegal, {"O-ALL", "O-WAF", "O-SEN"})):
        client = app.test_client()
        login(client, user)
        page = client.get("/offers/")
        assert "Only offers my State can receive" in page.get_data(as_text=True)
        assert refs(page, "offers") == everything
        assert refs(client.get("/offers/?receivable=y"), "offers") == expected
        assert refs(client.get("/offers/?receivable=y&q=CSIRT"), "offers") <= expected


def test_my_state_can_receive_is_not_offered_to_others(client, receivable):
    page = client.get("/offers/?receivable=y")
    assert "Only offers my State can receive" not in page.get_data(as_text=True)
    assert len(refs(page, "offers")) == 5  # ignored for a visitor


def test_my_state_can_receive_agrees_with_the_matchers_rule(app, session, receivable):
    from matcher.eligibility import is_eligible, offer_available
    from models import Offer, State
    from webapp.services.matching.docs import need_doc, offer_docs, used_capacity

    fiji = make_user(session, email="rep@fiji.example", state_code="FJI")
    session.commit()
    client = app.test_client()
    login(client, fiji)
    shown = refs(client.get("/offers/?receivable=y"), "offers")
    taker = session.query(Need).filter_by(ref="N-TAKER").one()
    assert session.get(State, taker.state_id).iso3 == "FJI"
    doc = need_doc(taker)
    used = used_capacity(session)
    expected = {
        d.ref for d in offer_docs(session, [o.id for o in session.query(Offer)]).values()
        if offer_available(d) and is_eligible(doc, d)
    }  # fmt: skip
    assert used  # the full offer's place is taken
    assert shown == expected

"""Why a need gets no suggestion: on its page for its State and the focal point, and on the
focal point's unmet-needs page with what new offers would unlock most needs."""

from __future__ import annotations

import html as markup
import re

import pytest
from flask_babel import refresh

from models import Role
from seed_data.reference import taxonomy
from tests.factories import make_need, make_offer, make_user

PW = "correct horse battery"
TOPIC = {t["slug"]: t["label"]["en"] for t in taxonomy()["topics"]}
IR, CI = TOPIC["incident-response"], TOPIC["critical-infrastructure"]
BOX = "Why no offer is suggested"
CSIRT = "National CSIRT malware analysis"  # the factories' subject 0
CSIRT_TEXT = "Our national CSIRT has four analysts and no malware lab."


def signed_in(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PW}).status_code == 302
    return client


@pytest.fixture
def people(app, session):
    """Needs of Senegal and Fiji that no offer can serve, for different reasons, and who reads."""
    csirt = {"title": CSIRT, "description": CSIRT_TEXT, "topics": ["incident-response"]}
    # Senegal works in French; the two CSIRT offers are in Spanish only
    make_need(session, i=1, ref="N-SEN-1", state="SEN", languages=["fr"], confidential=False,
              **csirt)  # fmt: skip
    make_need(session, i=2, ref="N-SEN-2", state="SEN", languages=["fr"], confidential=True,
              **csirt)  # fmt: skip
    for i in (1, 2):
        make_offer(session, i=i, ref=f"O-ES-{i}", languages=["es"], eligible=[], **csirt)
    # Fiji works in English; an English CSIRT offer is open to the Caribbean only
    make_need(session, i=3, ref="N-FJI-1", state="FJI", languages=["en"], confidential=False,
              **csirt)  # fmt: skip
    make_offer(session, i=3, ref="O-CAR-1", languages=["en"], eligible=["Caribbean"], **csirt)
    # nobody offers anything about submarine cables
    make_need(session, i=4, ref="N-SEN-3", state="SEN", languages=["en"], confidential=False,
              title="Submarine cable landing station resilience",
              description="Protecting submarine cable landing stations against sabotage.",
              topics=["critical-infrastructure"])  # fmt: skip
    users = {
        "owner": make_user(session, email="rep@senegal.example"),
        "other": make_user(session, email="rep@ghana.example", state_code="GHA"),
        "focal": make_user(session, role=Role.FOCAL_POINT, state_code=None,
                           email="focal@example.org"),
        "provider": make_user(session, role=Role.PROVIDER, email="p@academy.example",
                              organisation="Open Cyber Academy"),
    }  # fmt: skip
    session.commit()
    return {name: signed_in(app, user) for name, user in users.items()}


def page(client, path: str) -> str:
    resp = client.get(path)
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def box(html: str) -> list[str]:
    """The lines of the "why" box, or [] when the page has none."""
    found = re.search(r"<section[^>]*data-shortfall>(.*?)</section>", html, re.S)
    lines = re.findall(r"<li>([^<]*)</li>", found.group(1)) if found else []
    return [markup.unescape(line) for line in lines]


def test_shortfall_the_owner_state_reads_why(people):
    html = page(people["owner"], "/needs/N-SEN-1")
    assert BOX in html
    assert box(html) == [
        "3 offers cover this topic but are delivered in Spanish or English only.",
        "1 offer covers this topic but is not open to Senegal.",
    ]


def test_shortfall_names_the_state_an_offer_is_not_open_to(app, session, people):
    fiji = make_user(session, email="rep@fiji.example", state_code="FJI")
    session.commit()
    html = page(signed_in(app, fiji), "/needs/N-FJI-1")
    assert box(html) == [
        "2 offers cover this topic but are delivered in Spanish only.",
        "1 offer covers this topic but is not open to Fiji.",
    ]


def test_shortfall_nobody_offers_the_topic(people):
    assert box(page(people["owner"], "/needs/N-SEN-3")) == ["Nobody offers this topic yet."]


def test_shortfall_the_focal_point_reads_why_even_on_a_confidential_need(people):
    html = page(people["focal"], "/needs/N-SEN-2")
    assert box(html) == [
        "3 offers cover this topic but are delivered in Spanish or English only.",
        "1 offer covers this topic but is not open to Senegal.",
    ]


@pytest.mark.parametrize("reader", ["other", "provider"])
def test_shortfall_another_state_or_a_provider_never_reads_why(people, reader):
    html = page(people[reader], "/needs/N-SEN-1")
    assert BOX not in html
    assert "delivered in Spanish only" not in html


def test_shortfall_a_need_with_a_suggestion_has_no_box(app, session, people):
    make_offer(session, i=5, ref="O-FR-1", languages=["fr"], eligible=[], title=CSIRT,
               description=CSIRT_TEXT, topics=["incident-response"])  # fmt: skip
    session.commit()
    html = page(people["owner"], "/needs/N-SEN-1")
    assert "O-FR-1" in html
    assert BOX not in html


def test_shortfall_is_worded_in_french(people):
    owner = people["owner"]
    assert owner.post("/language", data={"language": "fr", "next": "/"}).status_code == 302
    refresh()  # the tests keep one app context: forget the reader's language
    html = page(owner, "/needs/N-SEN-1")
    assert "Pourquoi aucune offre n'est suggérée" in markup.unescape(html)
    assert box(html) == [
        "3 offres couvrent ce thème mais sont dispensées uniquement en espagnol ou anglais.",
        "1 offre couvre ce thème mais n'est pas ouverte à cet État : Sénégal.",
    ]
    assert box(page(owner, "/needs/N-SEN-3")) == ["Personne ne propose encore ce thème."]


def test_shortfall_unmet_page_says_why_and_what_would_unlock(people):
    html = page(people["focal"], "/dashboard/unmet")
    section = re.search(r"<section[^>]*data-unlocks>(.*?)</section>", html, re.S)
    assert section is not None
    unlocks = re.findall(
        r'<li data-unlock="(\w+)"><strong>([^<]*)</strong>: would unlock (\d+) needs?', section[1]
    )
    assert unlocks == [
        ("language", f"An offer of {IR} in French, open to States of Western Africa", "2"),
        ("language", f"An offer of {IR} in English, open to States of Melanesia", "1"),
        ("topic", f"Any offer of {CI} open to States of Western Africa", "1"),
    ]
    # the needs each unlock would serve are linked, confidential ones included for the focal point
    items = re.findall(r'<li data-unlock="\w+">(.*?)</li>', section[1], re.S)
    links = [re.findall(r'href="/needs/([^"]+)"', item) for item in items]
    assert links == [["N-SEN-1", "N-SEN-2"], ["N-FJI-1"], ["N-SEN-3"]]
    assert "4 open needs get no suggestion" in section[1]
    # each unmet need without a suggestion says why, in short
    card = r'href="/needs/([\w-]+)">[^<]*</a></h2>.*?data-why-none><strong>No suggestion:</strong> '
    reasons = dict(re.findall(card + r"([^<]*)</p>", html, re.S))
    assert reasons == {
        "N-SEN-1": "3 offers cover this topic but are delivered in Spanish or English only.",
        "N-SEN-2": "3 offers cover this topic but are delivered in Spanish or English only.",
        "N-FJI-1": "2 offers cover this topic but are delivered in Spanish only.",
        "N-SEN-3": "Nobody offers this topic yet.",
    }

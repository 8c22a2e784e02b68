"""Public lists of needs and offers: filters, search, sorting, pages, and who sees which need."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Need, NeedStatus, Organisation, Role
from models.organisation import ProviderType
from tests.factories import make_need, make_offer, make_user, state
from webapp.services.needs import queries as browse

PASSWORD = "correct horse battery"


def sign_in(app, user):
    client = app.test_client()
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    return client


def refs(response, kind="needs"):
    assert response.status_code == 200
    return set(re.findall(rf'<h2[^>]*><a href="/{kind}/([^"]+)">', response.get_data(as_text=True)))


def count_line(response):
    html = response.get_data(as_text=True)
    return " ".join(re.search(r"data-result-count>(.*?)</p>", html, re.S).group(1).split())


@pytest.fixture
def needs(session):
    """Four open needs with distinct traits, and Kenya's confidential one."""
    rows = [
        make_need(session, i=1, ref="N-SEN", state="SEN", topics=["incident-response"],
                  support_types=["training"], languages=["fr"], modality="remote",
                  priority="high", title="Malware lab for the CERT",
                  description="Our analysts need a sandbox for ransomware samples."),
        make_need(session, i=2, ref="N-FJI", state="FJI", topics=["awareness"],
                  support_types=["advisory"], languages=["en"], modality="in_person",
                  priority="low", title="Awareness week",
                  description="Posters and school visits about phishing."),
        make_need(session, i=3, ref="N-JAM", state="JAM", topics=["cybercrime-legislation"],
                  support_types=["funding"], languages=["en", "es"], modality="hybrid",
                  priority="medium", title="Cybercrime bill review",
                  description="Align the draft bill with the Budapest Convention."),
        make_need(session, i=4, ref="N-VNM", state="VNM", topics=["standards"],
                  support_types=["equipment"], languages=["vi", "en"], modality="any",
                  priority="medium", title="Standards adoption",
                  description="Adopt ISO 27001 in ministries (100% of them by 2028)."),
        make_need(session, i=5, ref="N-KEN-SECRET", state="KEN", confidential=True,
                  topics=["incident-response"], title="Intrusion in the payments platform",
                  description="Forensic review of a zebrafinch intrusion."),
    ]  # fmt: skip
    session.commit()
    return rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"N-SEN", "N-FJI", "N-JAM", "N-VNM"}),
        ("topic=incident-response", {"N-SEN"}),
        ("dimension=legal-regulatory", {"N-JAM"}),
        ("dimension=standards-technologies", {"N-VNM"}),
        ("region=Africa", {"N-SEN"}),
        ("region=Western+Africa", {"N-SEN"}),
        ("region=Caribbean", {"N-JAM"}),
        ("region=Oceania", {"N-FJI"}),
        ("region=SIDS", {"N-FJI", "N-JAM"}),
        ("region=LDC", {"N-SEN"}),
        ("language=fr", {"N-SEN"}),
        ("language=es", {"N-JAM"}),
        ("modality=in_person", {"N-FJI"}),
        ("modality=any", {"N-VNM"}),
        ("support_type=funding", {"N-JAM"}),
        ("q=budapest", {"N-JAM"}),  # a word of the concept "Budapest Convention"
        ("q=RANSOMWARE+sandbox", {"N-SEN"}),
        ("q=100%25", {"N-VNM"}),
        ("q=%25", {"N-VNM"}),
        ("q=_", set()),
        ("region=SIDS&language=es", {"N-JAM"}),
        ("q=zebrafinch", set()),
    ],
)
def test_each_need_filter_narrows_the_list(client, needs, query, expected):
    assert refs(client.get(f"/needs/?{query}")) == expected


def test_a_filter_with_no_result_says_so_with_a_way_back(client, needs):
    response = client.get("/needs/?q=nothing-like-this&region=Oceania")
    html = response.get_data(as_text=True)
    assert "No need matches these filters." in html
    assert '<a href="/needs/">Clear the filters</a>' in html
    assert count_line(response) == "0 results for “nothing-like-this”."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("topic=no-such-topic", "This topic is not known to cbmatch, so it was ignored."),
        ("region=Atlantis", "This region is not known to cbmatch, so it was ignored."),
        ("sort=random", "This order is not known to cbmatch, so it was ignored."),
        ("language=xx", "This language is not known to cbmatch, so it was ignored."),
        ("page=abc", None),
        ("page=-3", None),
        ("page=99999999999999999999", None),
        ("page=%C2%B2", None),  # "²": a digit to str.isdigit, not to int()
        ("page=%D9%A2", None),  # "٢": an Arabic-Indic 2
        ("page=" + "7" * 5000, None),  # over int()'s 4,300 digits: it gave a 500
        ("page=" + "0" * 5000, None),
    ],
)
def test_bad_query_parameters_are_ignored_with_a_clear_message(client, needs, query, message):
    response = client.get(f"/needs/?{query}")
    assert response.status_code == 200
    assert len(refs(response)) == 4
    if message:
        assert message in response.get_data(as_text=True)


def test_sorting_by_title_and_by_priority(client, needs):
    by_title = re.findall(
        r'<h2[^>]*><a href="/needs/([^"]+)">', client.get("/needs/?sort=title").text
    )
    assert by_title == ["N-FJI", "N-JAM", "N-SEN", "N-VNM"]
    by_priority = re.findall(
        r'<h2[^>]*><a href="/needs/([^"]+)">', client.get("/needs/?sort=priority").text
    )
    assert by_priority[0] == "N-SEN"
    assert by_priority[-1] == "N-FJI"


def test_pagination_keeps_the_filters_and_survives_bad_pages(client, session):
    for i in range(45):
        make_need(session, i=i + 10, ref=f"N-P-{i:02d}", state="SEN", confidential=False,
                  languages=["fr"] if i % 3 else ["en"])  # fmt: skip
    make_need(session, i=99, ref="N-OTHER", state="FJI", confidential=False, languages=["en"])
    session.commit()

    first = client.get("/needs/?language=fr&sort=title")
    assert len(refs(first)) == 20
    assert count_line(first) == "30 open needs match these filters · page 1 of 2."
    html = first.get_data(as_text=True)
    assert 'href="/needs/?page=2&amp;language=fr&amp;sort=title"' in html
    second = client.get("/needs/?language=fr&sort=title&page=2")
    assert len(refs(second)) == 10
    assert not refs(first) & refs(second)
    assert refs(client.get("/needs/?language=fr&sort=title&page=7")) == refs(second)
    assert len(refs(client.get("/needs/?page=abc"))) == 20


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"O-ALL", "O-SIDS", "O-WAF", "O-FJI"}),
        ("provider_type=academia", {"O-SIDS"}),
        ("region=Oceania", {"O-ALL", "O-SIDS", "O-FJI"}),
        ("region=Western+Africa", {"O-ALL", "O-WAF", "O-SIDS"}),  # Cabo Verde is a SIDS
        ("region=Northern+Africa", {"O-ALL"}),
        ("region=Caribbean", {"O-ALL", "O-SIDS"}),
        ("topic=awareness", {"O-SIDS"}),
        ("dimension=policy-strategy", {"O-ALL", "O-WAF"}),
        ("language=fr", {"O-WAF"}),
        ("modality=remote", {"O-FJI"}),
        ("support_type=funding", {"O-FJI"}),
        ("q=TABLETOP", {"O-WAF"}),
    ],
)
def test_each_offer_filter_narrows_the_list(client, session, query, expected):
    make_offer(session, i=0, ref="O-ALL", eligible=[], topics=["incident-response"],
               provider="Harbourline Security Ltd", provider_type="business")  # fmt: skip
    make_offer(session, i=1, ref="O-SIDS", eligible=["SIDS"], topics=["awareness"],
               provider="Open Cyber Academy", provider_type="academia",
               provider_country=None)  # fmt: skip
    make_offer(session, i=2, ref="O-WAF", eligible=["Western Africa"], languages=["fr", "en"],
               topics=["national-strategy"], provider="Government of Ghana",
               provider_type="state", provider_country="GHA",
               description="A tabletop exercise for the national CERT.")  # fmt: skip
    make_offer(session, i=3, ref="O-FJI", eligible=["FJI"], modality="remote",
               support_types=["funding"], topics=["education"],
               provider="Harbourline Security Ltd", provider_type="business",
               provider_country="GBR")  # fmt: skip
    session.commit()
    assert refs(client.get(f"/offers/?{query}"), "offers") == expected


def test_changing_an_offers_eligibility_moves_it_between_regions(client, session):
    make_offer(session, i=2, ref="O-WAF", eligible=["Western Africa"])
    session.commit()
    assert refs(client.get("/offers/?region=SEN"), "offers") == {"O-WAF"}
    make_offer(session, i=2, ref="O-WAF", eligible=["Caribbean"])  # the same ref: an update
    session.commit()
    assert refs(client.get("/offers/?region=Western+Africa"), "offers") == set()
    assert refs(client.get("/offers/?region=JAM"), "offers") == {"O-WAF"}
    assert refs(client.get("/offers/?region=Americas"), "offers") == {"O-WAF"}


def test_no_offer_matches_says_so_with_a_way_back(client, session):
    make_offer(session, i=0)
    session.commit()
    html = client.get("/offers/?provider_type=ngo").get_data(as_text=True)
    assert "No offer matches these filters." in html
    assert '<a href="/offers/">Clear the filters</a>' in html


def viewer_clients(app, session):
    """Anonymous, Senegal's representative, Kenya's, the focal point, and a provider."""
    org = Organisation(name="Helpers Ltd", type=ProviderType.BUSINESS)
    session.add(org)
    session.flush()
    users = {
        "other_state": make_user(session, state_code="SEN"),
        "own_state": make_user(session, state_code="KEN"),
        "focal_point": make_user(session, role=Role.FOCAL_POINT),
        "provider": make_user(session, role=Role.PROVIDER, organisation=org.name),
    }
    session.commit()
    clients = {name: sign_in(app, user) for name, user in users.items()}
    clients["anonymous"] = app.test_client()
    return clients, users


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("anonymous", False),
        ("other_state", False),
        ("provider", False),
        ("own_state", True),
        ("focal_point", True),
    ],
)
def test_a_confidential_need_reaches_only_its_state_and_the_focal_point(
    app, session, needs, viewer, sees
):
    clients, users = viewer_clients(app, session)
    client = clients[viewer]
    listed = client.get("/needs/")
    assert ("N-KEN-SECRET" in refs(listed)) is sees
    assert count_line(listed).startswith(f"{5 if sees else 4} open needs")
    assert ("N-KEN-SECRET" in refs(client.get("/needs/?q=zebrafinch"))) is sees
    assert ("N-KEN-SECRET" in refs(client.get("/needs/?region=Eastern+Africa"))) is sees
    assert ("N-KEN-SECRET" in refs(client.get("/needs/?topic=incident-response"))) is sees
    detail = client.get("/needs/N-KEN-SECRET")
    assert detail.status_code == (200 if sees else 404)
    assert ("zebrafinch" in detail.get_data(as_text=True)) is sees
    user = users.get(viewer)
    assert (browse.count_needs(session, user) == 5) is sees
    assert (browse.visible_need(session, user, "N-KEN-SECRET") is not None) is sees


def test_a_draft_need_is_seen_only_by_its_state_and_the_focal_point(app, session, needs):
    need = session.scalars(select(Need).where(Need.ref == "N-FJI")).one()
    need.status = NeedStatus.DRAFT
    fiji = make_user(session, state_code="FJI")
    session.commit()
    clients, _ = viewer_clients(app, session)
    assert clients["anonymous"].get("/needs/N-FJI").status_code == 404
    assert clients["other_state"].get("/needs/N-FJI").status_code == 404
    assert clients["focal_point"].get("/needs/N-FJI").status_code == 200
    assert sign_in(app, fiji).get("/needs/N-FJI").status_code == 200
    assert "N-FJI" not in refs(clients["anonymous"].get("/needs/"))


def test_fits_never_show_another_states_confidential_need(app, session, needs):
    offer = make_offer(session, i=0, ref="O-IR", eligible=[], languages=["en", "fr"],
                       topics=["incident-response"], modality="any", start=None, end=None,
                       title="Forensic review of an intrusion in a payments platform",
                       description="Incident responders review a zebrafinch intrusion and "
                                   "the ransomware samples of a CERT's malware lab.")  # fmt: skip
    owner = make_user(session, role=Role.PROVIDER, organisation=offer.organisation.name)
    clients, _ = viewer_clients(app, session)
    session.commit()

    seen_by_owner = sign_in(app, owner).get("/offers/O-IR").get_data(as_text=True)
    assert "Needs this offer fits best" in seen_by_owner
    assert "N-SEN" in seen_by_owner
    assert "N-KEN-SECRET" not in seen_by_owner
    assert "N-KEN-SECRET" in clients["focal_point"].get("/offers/O-IR").get_data(as_text=True)

    kenya = clients["own_state"].get("/needs/N-KEN-SECRET").get_data(as_text=True)
    assert "Offers that fit this need best" in kenya
    assert "O-IR" in kenya
    assert "Request this offer" not in kenya  # that box is on offer pages


def test_a_provider_sees_how_its_own_offers_fit_a_need(app, session, needs):
    offer = make_offer(session, i=0, ref="O-MAL", eligible=[], languages=["fr"],
                       topics=["incident-response"], modality="remote", start=None, end=None,
                       title="Malware analysis lab and training for a CERT",
                       description="We set up a sandbox for ransomware samples.")  # fmt: skip
    make_offer(session, i=3, ref="O-ELSE", provider="Someone Else", provider_type="ngo",
               provider_country=None, eligible=[], languages=["fr"])  # fmt: skip
    owner = make_user(session, role=Role.PROVIDER, organisation=offer.organisation.name)
    session.commit()
    html = sign_in(app, owner).get("/needs/N-SEN").get_data(as_text=True)
    assert "How well your offers fit this need" in html
    assert "O-MAL" in html
    assert "O-ELSE" not in html
    assert "Offer your support for this need" in html  # the propose box
    assert "Offers that fit this need best" not in html
    assert state(session, "SEN").name_en in html


def _fit_scores(html: str) -> dict[str, str]:
    """ref -> the score shown on each fit card of a page."""
    cards = re.findall(
        r'<p class="card-kicker">([A-Z0-9-]+) ·.*?score ([0-9.]+)</label>', html, re.S
    )
    return dict(cards)


def test_an_offer_and_a_need_page_show_the_same_score_and_new_needs_appear(app, session, needs):
    offer = make_offer(
        session, i=0, ref="O-IR", eligible=[], languages=["en", "fr"],
        topics=["incident-response"], modality="any", start=None, end=None,
        title="Malware lab and ransomware training for a CERT",
        description="A sandbox for ransomware samples, and training for analysts.",
    )  # fmt: skip
    owner = make_user(session, role=Role.PROVIDER, organisation=offer.organisation.name)
    focal = make_user(session, role=Role.FOCAL_POINT)
    session.commit()
    as_owner, as_focal = sign_in(app, owner), sign_in(app, focal)

    on_offer = _fit_scores(as_owner.get("/offers/O-IR").get_data(as_text=True))
    on_need = _fit_scores(as_focal.get("/needs/N-SEN").get_data(as_text=True))
    assert on_offer["N-SEN"] == on_need["O-IR"]

    make_need(session, i=9, ref="N-TUV", state="TUV", topics=["incident-response"],
              languages=["en"], title="Ransomware training for our CERT analysts",
              description="A malware sandbox and ransomware samples training.")  # fmt: skip
    session.commit()
    assert "N-TUV" in _fit_scores(as_owner.get("/offers/O-IR").get_data(as_text=True))


def test_the_fits_say_their_strength_in_the_pages_language(app, session, needs):
    from flask_babel import refresh

    offer = make_offer(session, i=0, ref="O-IR", eligible=[], languages=["en", "fr"],
                       topics=["incident-response"], modality="any", start=None, end=None,
                       title="Forensic review of an intrusion in a payments platform",
                       description="Incident responders review a zebrafinch intrusion and "
                                   "the ransomware samples of a CERT's malware lab.")  # fmt: skip
    owner = make_user(session, role=Role.PROVIDER, organisation=offer.organisation.name)
    session.commit()
    client = sign_in(app, owner)
    english = client.get("/offers/O-IR").get_data(as_text=True)
    assert re.search(r"<strong>(Strong|Good|Possible|Weak) fit</strong>", english)
    client.post("/language", data={"language": "fr"})
    refresh()  # the test's app context outlives requests: forget the locale it cached
    french = client.get("/offers/O-IR").get_data(as_text=True)
    assert not re.search(r"<strong>(Strong|Good|Possible|Weak) fit</strong>", french)
    assert re.search(r"<strong>(Très bonne |Bonne )?[Cc]orrespondance( possible| faible)?</strong>",
                     french)  # fmt: skip

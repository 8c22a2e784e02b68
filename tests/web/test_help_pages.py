"""The help pages (one per role, and an index that points the reader to their own) and the
contact page of the focal point's team, linked from every page's footer."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from models import Role, User, UserStatus
from tests.factories import client_for_role, make_user

ROLES = {"state": Role.STATE, "provider": Role.PROVIDER, "focal-point": Role.FOCAL_POINT,
         "admin": Role.ADMIN}  # fmt: skip
TITLES = {
    "state": "Help for State representatives",
    "provider": "Help for providers",
    "focal-point": "Help for the focal point",
    "admin": "Help for the administrator",
}


def text(page: str) -> str:
    """The page's text without tags, spaces collapsed."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def footer(page: str) -> str:
    found = re.search(r'<footer class="site-footer">(.*?)</footer>', page, re.S)
    assert found, "no footer"
    return found.group(1)


def links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page))


@pytest.mark.parametrize("who", [None, *ROLES.values()], ids=["anonymous", *ROLES])
def test_every_help_page_opens_for_everyone_and_the_index_points_to_ones_own_role(
    app, session, who
):
    client = client_for_role(app, session, who)
    index = client.get("/help/")
    assert index.status_code == 200
    own = re.findall(r'<li class="card help-own">\s*<h2><a href="/help/([a-z-]+)"', index.text)
    assert own == ([] if who is None else [next(s for s, r in ROLES.items() if r is who)])
    assert ("Your role" in index.text) is (who is not None)
    for slug, title in TITLES.items():
        assert f'href="/help/{slug}"' in index.text
        page = client.get(f"/help/{slug}")
        assert page.status_code == 200
        assert f"<h1>{title}</h1>" in page.text
        assert 'href="/contact"' in page.text  # where to ask what the page does not answer


def test_a_role_the_platform_does_not_have_has_no_help_page(client):
    assert client.get("/help/minister").status_code == 404
    assert client.get("/help/focal_point").status_code == 404


def test_the_steps_link_to_the_pages_they_name(client):
    state = client.get("/help/state").text
    assert {"/auth/register", "/survey/", "/survey/needs", "/survey/needs/new", "/offers/",
            "/matches/", "/home"} <= links(state)  # fmt: skip
    assert "A State (I represent its government)" in state  # the choice as the form words it
    provider = client.get("/help/provider").text
    assert {"/auth/register", "/offers/mine", "/needs/", "/matches/"} <= links(provider)
    assert "An organisation that offers support" in provider
    focal = client.get("/help/focal-point").text
    assert {"/auth/accounts", "/console/queue", "/pipeline/", "/dashboard/", "/dashboard/unmet",
            "/audit/"} <= links(focal)  # fmt: skip
    admin = client.get("/help/admin").text
    assert {"/admin/accounts", "/audit/", "/help/focal-point"} <= links(admin)


def test_the_focal_points_help_gives_the_configured_days_before_a_match_is_stalled(app, client):
    assert "no news for more than 14 days is stalled" in text(client.get("/help/focal-point").text)
    app.config["STALLED_AFTER_DAYS"] = 1
    assert "no news for more than 1 day is stalled" in text(client.get("/help/focal-point").text)


@pytest.fixture
def focal_points(session):
    """Two active focal points, one still pending and one deactivated, and an administrator."""
    make_user(session, role=Role.FOCAL_POINT, name="Amina Haddad", email="amina.haddad@un.example")
    make_user(session, role=Role.FOCAL_POINT, name="Bo Lindqvist", email="bo.lindqvist@un.example")
    pending = make_user(session, role=Role.FOCAL_POINT, name="Carla Pending",
                        email="carla.pending@un.example")  # fmt: skip
    gone = make_user(session, role=Role.FOCAL_POINT, name="Dan Gone", email="dan.gone@un.example")
    make_user(session, role=Role.ADMIN, name="Eve Admin", email="eve.admin@un.example")
    pending.status = UserStatus.PENDING
    gone.status = UserStatus.DISABLED
    session.commit()


def test_the_contact_page_gives_anonymous_visitors_the_teams_address_and_no_one_elses(
    app, client, focal_points
):
    app.config["CONTACT_EMAIL"] = "cb-team@un.example"
    page = client.get("/contact").text
    assert 'href="mailto:cb-team@un.example"' in page
    assert "@un.example" not in page.replace("cb-team@un.example", "")
    for name in ("Amina Haddad", "Bo Lindqvist"):
        assert name not in page
    assert 'href="/auth/login?next=/contact"' in page  # sign in to see them
    assert "usually answers within two working days" in page


@pytest.mark.parametrize("who", [Role.STATE, Role.PROVIDER, Role.FOCAL_POINT])
def test_signed_in_users_see_the_active_focal_points_and_their_addresses(
    app, session, focal_points, who
):
    page = client_for_role(app, session, who).get("/contact").text
    people = re.search(r'<ul class="help-people">(.*?)</ul>', page, re.S)
    assert people, "no list of focal points"
    listed = re.findall(r'href="mailto:([^"]+)"', people.group(1))
    expected = ["amina.haddad@un.example", "bo.lindqvist@un.example"]  # by name
    if who is Role.FOCAL_POINT:  # the reader too ("Test User 6"), an active focal point
        expected.append(
            session.scalars(select(User.email).where(User.name.like("Test User%"))).one()
        )
    assert listed == expected
    assert "Amina Haddad" in people.group(1)
    for hidden in ("carla.pending", "dan.gone", "eve.admin"):
        assert hidden not in page


def test_without_an_active_focal_point_the_page_says_so(app, session):
    page = client_for_role(app, session, Role.STATE).get("/contact").text
    assert "No focal point account is active at the moment" in page


def test_the_teams_address_defaults_to_the_domain_mail_is_sent_from(app, client):
    assert 'href="mailto:focal-point@localhost"' in client.get("/contact").text
    app.config["MAIL_FROM"] = "cbmatch <noreply@cb.un.example>"
    assert 'href="mailto:focal-point@cb.un.example"' in client.get("/contact").text


@pytest.mark.parametrize("who", [None, Role.STATE, Role.FOCAL_POINT], ids=["anonymous", "state",
                                                                          "focal"])  # fmt: skip
def test_every_page_footer_links_to_help_and_contact(app, session, who):
    client = client_for_role(app, session, who)
    for url in ("/", "/needs/", "/help/state", "/contact"):
        found = footer(client.get(url).text)
        assert '<a href="/help/">Help</a>' in found
        assert '<a href="/contact">Contact us</a>' in found
        assert '<a href="/accessibility">Accessibility</a>' in found


def test_the_pages_read_in_french_and_arabic(client):
    fr = {"Accept-Language": "fr"}
    page = client.get("/help/state", headers=fr).text
    assert "<h1>Aide pour les représentants des États</h1>" in page
    assert "Mon questionnaire" in page  # the menu item, as the French menu names it
    assert "Remplir le questionnaire" in page
    assert "Help for" not in page
    contact = client.get("/contact", headers=fr).text
    assert "Contacter l'équipe du point focal" in html.unescape(contact)
    assert '<a href="/contact">Nous contacter</a>' in footer(contact)
    ar = client.get("/help/", headers={"Accept-Language": "ar"}).text
    assert '<html lang="ar" dir="rtl">' in ar
    assert '<a href="/help/">المساعدة</a>' in footer(ar)


@pytest.mark.parametrize("role", ["state", "provider", "focal-point"])
def test_the_help_says_how_people_are_told_and_links_to_their_settings(client, role):
    page = client.get(f"/help/{role}").get_data(as_text=True)
    assert "How will I hear of what happens?" in page
    assert "/notifications/" in links(page)


def test_the_accessibility_statement_gives_its_target_its_checks_its_limits_and_whom_to_write(
    app, client
):
    app.config["CONTACT_EMAIL"] = "cb-team@un.example"
    page = text(client.get("/accessibility").text)
    assert "Accessibility statement" in page
    assert "WCAG) 2.2 at level AA" in page
    assert "checked with axe-core" in page
    assert "with the keyboard alone" in page
    assert "Known limitations" in page
    assert "write to cb-team@un.example" in page
    assert "last reviewed on 6 December 2026" in page


@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", "Déclaration d’accessibilité"), ("es", "Declaración de accesibilidad"),
     ("ru", "Заявление о доступности"), ("zh", "无障碍声明"), ("ar", "بيان إمكانية الوصول")],
)  # fmt: skip
def test_the_accessibility_statement_reads_in_the_other_five_languages(client, language, title):
    page = client.get("/accessibility", headers={"Accept-Language": language}).text
    assert f"<h1>{title}</h1>" in page
    assert "Known limitations" not in page
    assert "Report a problem" not in page
    assert "WCAG" in page  # the name of the guidelines, kept in every language

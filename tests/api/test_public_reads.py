"""The public reads of the JSON API on the demo data: records, filters, pages, ETags, CORS."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from tests.api.conftest import ApiWorld
from tests.api.support import check_against, document, walk

LISTS = [
    "/api/v1/needs",
    "/api/v1/offers",
    "/api/v1/calendar/activities",
    "/api/v1/states",
    "/api/v1/centres",
    "/api/v1/reference/topics",
    "/api/v1/reference/dimensions",
    "/api/v1/reference/support-types",
    "/api/v1/reference/regions",
    "/api/v1/reference/languages",
    "/api/v1/reference/currencies",
]


@pytest.fixture(scope="module")
def doc(api_world: ApiWorld) -> dict[str, Any]:
    return document(api_world.client)


def test_the_document_is_valid_openapi_3_1_and_lists_every_read(doc: dict[str, Any]) -> None:
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    party = {f"/api/v1/{p}" for p in (
        "me/needs", "me/needs/{ref}", "me/offers", "me/matches", "matches/{match_id}",
        "matches/{match_id}/answer", "proposals", "offers/{ref}/close", "needs/{ref}/close",
        "needs/{ref}/withdraw")}  # fmt: skip
    public = {"/api/v1/needs/{ref}", "/api/v1/offers/{ref}", "/api/v1/iati/activities.xml"}
    assert set(LISTS) | public | party == set(doc["paths"])
    # the writes share the public reads' addresses, with a token
    assert doc["paths"]["/api/v1/offers"]["post"]["security"] == [{"bearerAuth": []}]
    assert "security" not in doc["paths"]["/api/v1/offers"]["get"]
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    need = doc["components"]["schemas"]["NeedRecord"]["properties"]
    assert need["start"]["type"] == ["string", "null"]
    assert need["start"]["format"] == "date"
    assert need["modality"]["enum"] == ["in_person", "remote", "hybrid", "any"]
    modality = next(p for p in doc["paths"]["/api/v1/offers"]["get"]["parameters"]
                    if p["name"] == "modality")  # fmt: skip
    assert modality["schema"]["enum"] == ["", "in_person", "remote", "hybrid", "any"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_answers_records_its_schema_describes(
    api_world: ApiWorld, doc: dict[str, Any], path: str
) -> None:
    response = api_world.client.get(path, query_string={"limit": 100})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json()["items"]
    check_against(doc, path, response)


def test_needs_are_the_open_public_ones_with_interchange_fields(api_world: ApiWorld) -> None:
    needs = walk(api_world.client, "/api/v1/needs?limit=100")
    assert {n["ref"] for n in needs} == api_world.open_public
    first = needs[0]
    assert list(first)[1:4] == ["ref", "state", "title"]
    assert first["confidential"] is False
    assert first["status"] == "open"
    assert first["url"].endswith(f"/needs/{first['ref']}")


def test_no_confidential_or_draft_need_by_list_ref_or_count(api_world: ApiWorld) -> None:
    client = api_world.client
    assert api_world.hidden  # the demo holds confidential needs
    refs = {n["ref"] for n in walk(client, "/api/v1/needs?limit=100")}
    assert not refs & api_world.hidden
    for ref in api_world.hidden:
        response = client.get(f"/api/v1/needs/{ref}")
        assert response.status_code == 404
        assert ref not in response.get_data(as_text=True).replace(f"/needs/{ref}", "")
    states = walk(client, "/api/v1/states?limit=100")
    assert sum(s["open_needs"] for s in states) == len(api_world.open_public)


def test_a_session_cookie_never_widens_what_the_api_shows(api_world: ApiWorld) -> None:
    from models import Role, db
    from tests.factories import client_for_role

    with api_world.app.app_context():
        focal = client_for_role(api_world.app, db.session, Role.FOCAL_POINT)
        db.session.commit()
        db.session.remove()
    # the focal point sees confidential needs on the pages, never through the API
    hidden = sorted(api_world.hidden)[0]
    assert focal.get(f"/needs/{hidden}").status_code == 200
    assert focal.get(f"/api/v1/needs/{hidden}").status_code == 404
    refs = {n["ref"] for n in walk(focal, "/api/v1/needs?limit=100")}
    assert refs == api_world.open_public


def test_one_need_and_one_offer_by_ref(api_world: ApiWorld, doc: dict[str, Any]) -> None:
    ref = sorted(api_world.open_public)[0]
    response = api_world.client.get(f"/api/v1/needs/{ref}")
    assert response.get_json()["ref"] == ref
    check_against(doc, "/api/v1/needs/{ref}", response)
    offer = api_world.client.get("/api/v1/offers/O-2026-001")
    assert offer.get_json()["provider_type"] == "state"
    check_against(doc, "/api/v1/offers/{ref}", offer)
    missing = api_world.client.get("/api/v1/offers/O-NONE")
    assert missing.status_code == 404
    check_against(doc, "/api/v1/offers/{ref}", missing)


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/needs", {"topic": "incident-response"}, "topics"),
        ("/api/v1/needs", {"support_type": "training"}, "support_types"),
        ("/api/v1/offers", {"modality": "remote"}, "modality"),
        ("/api/v1/offers", {"provider_type": "ngo"}, "provider_type"),
    ],
)
def test_filters_narrow_the_lists_as_on_the_pages(
    api_world: ApiWorld, path: str, query: dict[str, str], field: str
) -> None:
    (value,) = query.values()
    everything = walk(api_world.client, f"{path}?limit=100")
    found = walk(api_world.client, f"{path}?limit=100&{next(iter(query))}={value}")
    assert 0 < len(found) < len(everything)
    for record in found:
        assert value in record[field] if isinstance(record[field], list) else record[field] == value
    expected = [
        r["ref"]
        for r in everything
        if value in (r[field] if isinstance(r[field], list) else [r[field]])
    ]
    assert [r["ref"] for r in found] == expected


def test_the_region_filter_keeps_needs_of_states_in_the_region(api_world: ApiWorld) -> None:
    africa = walk(api_world.client, "/api/v1/needs?limit=100&region=Africa")
    states = {s["iso3"] for s in walk(api_world.client, "/api/v1/states?limit=100&region=Africa")}
    assert africa
    assert {n["state"] for n in africa} <= states


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("topic=no-such-topic", "topic"),
        ("modality=teleport", "modality"),
        ("region=Atlantis", "region"),
        ("gender=3", "gender"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
    ],
)
def test_an_unknown_filter_value_is_a_400_problem_naming_it(
    api_world: ApiWorld, doc: dict[str, Any], query: str, field: str
) -> None:
    response = api_world.client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400
    assert body["type"].endswith("#problem-invalid-request")
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["reason"]
    check_against(doc, "/api/v1/offers", response)


@pytest.mark.parametrize("path", ["/api/v1/needs", "/api/v1/offers", "/api/v1/states"])
def test_pages_walk_every_row_exactly_once(api_world: ApiWorld, path: str) -> None:
    whole = api_world.client.get(f"{path}?limit=100").get_json()["items"]
    paged = walk(api_world.client, f"{path}?limit=7")
    key = "iso3" if path.endswith("states") else "ref"
    assert len(paged) == len({r[key] for r in paged})
    if path.endswith("states"):
        whole = walk(api_world.client, f"{path}?limit=100")
    assert [r[key] for r in paged] == [r[key] for r in whole]


def test_next_links_keep_the_filters_and_link_header(api_world: ApiWorld) -> None:
    response = api_world.client.get("/api/v1/offers?limit=2&modality=remote")
    body = response.get_json()
    assert "modality=remote" in body["next"]
    assert response.headers["Link"] == f'<{body["next"]}>; rel="next"'
    last = walk(api_world.client, "/api/v1/reference/topics")
    assert last


def test_etag_and_if_none_match(api_world: ApiWorld) -> None:
    client = api_world.client
    first = client.get("/api/v1/needs?limit=5")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"  # the same for anyone: revalidate
    again = client.get("/api/v1/needs?limit=5", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert not again.data
    other = client.get("/api/v1/needs?limit=6", headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["ETag"] != etag
    ref = sorted(api_world.open_public)[0]
    one = client.get(f"/api/v1/needs/{ref}")
    assert (
        client.get(
            f"/api/v1/needs/{ref}", headers={"If-None-Match": one.headers["ETag"]}
        ).status_code
        == 304
    )


def test_cors_on_public_reads_only(api_world: ApiWorld) -> None:
    client = api_world.client
    read = client.get("/api/v1/needs?limit=1", headers={"Origin": "https://example.org"})
    assert read.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read.headers["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in read.headers
    preflight = client.options(
        "/api/v1/offers",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    for page in ("/needs/", "/api/v1/docs", "/offers/"):
        response = client.get(page, headers={"Origin": "https://example.org"})
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response.headers


def test_the_api_sets_no_cookie(api_world: ApiWorld) -> None:
    response = api_world.client.get("/api/v1/offers?limit=1")
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("key", ["10000000000000000000000", "-1", "1e999", '"1"', "true", "[[]]"])
def test_a_forged_cursor_is_a_400_never_a_server_error(api_world: ApiWorld, key: str) -> None:
    import base64

    cursor = base64.urlsafe_b64encode(f'{{"k":{key}}}'.encode()).decode().rstrip("=")
    response = api_world.client.get(f"/api/v1/needs?cursor={cursor}")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "cursor"

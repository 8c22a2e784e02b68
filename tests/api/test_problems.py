"""Every error under /api/ is an RFC 9457 problem document: never HTML, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ApiWorld

PROBLEM_KEYS = {"type", "title", "status", "instance"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    text = response.get_data(as_text=True)
    assert "<html" not in text.lower()
    assert "Traceback" not in text
    body = response.get_json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["type"].startswith("/api/v1/docs#problem-")
    return dict(body)


@pytest.mark.parametrize(
    "path", ["/api/v1/nowhere", "/api/", "/api/v2/needs", "/api/v1/needs/N-NONE"]
)
def test_unknown_addresses_are_404_problems(api_world: ApiWorld, path: str) -> None:
    body = _problem(api_world.client.get(path), 404)
    assert body["instance"] == path


def test_a_method_not_allowed_is_a_405_problem_with_allow(api_world: ApiWorld) -> None:
    response = api_world.client.put("/api/v1/needs", json={"title": "x"})
    _problem(response, 405)
    assert {"GET", "POST"} <= set(response.headers["Allow"].split(", "))
    _problem(api_world.client.delete("/api/v1/offers/O-2026-001"), 405)


def test_a_client_that_accepts_no_json_gets_a_406_problem(api_world: ApiWorld) -> None:
    response = api_world.client.get("/api/v1/needs", headers={"Accept": "text/html"})
    _problem(response, 406)
    ok = api_world.client.get("/api/v1/needs?limit=1", headers={"Accept": "text/html, */*;q=0.1"})
    assert ok.status_code == 200


def test_too_many_requests_is_a_429_problem(api_world: ApiWorld) -> None:
    app = api_world.app
    kept = app.config["API_RATE_LIMIT"]
    app.config["API_RATE_LIMIT"] = "2 per minute"
    try:
        statuses = [api_world.client.get("/api/v1/reference/topics").status_code for _ in range(3)]
        assert statuses[:2] == [200, 200]
        response = api_world.client.get("/api/v1/reference/topics")
        _problem(response, 429)
        assert response.headers.get("Retry-After")
    finally:
        app.config["API_RATE_LIMIT"] = kept


def test_an_unexpected_error_is_a_500_problem_without_detail(
    api_world: ApiWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webapp.services.offers import queries

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(queries, "open_offers_after", broken)
    response = api_world.client.get("/api/v1/offers")
    body = _problem(response, 500)
    assert "detail" not in body
    assert "secret" not in response.get_data(as_text=True)


def test_pages_outside_the_api_keep_their_html_errors(api_world: ApiWorld) -> None:
    response = api_world.client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_the_write_path_turns_the_importers_errors_into_a_400_problem(
    api_world: ApiWorld,
) -> None:
    from models import db
    from webapp.api.base import invalid_record
    from webapp.problems import ApiProblem
    from webapp.services.interchange.records import Reference
    from webapp.services.interchange.validation import validate_offer

    with api_world.app.test_request_context("/api/v1/offers", method="POST"):
        reference = Reference.load(db.session())
        data, errors = validate_offer(
            {"ref": "O-1", "title": " ", "colour": "red"}, reference, "body"
        )
        assert data is None
        with pytest.raises(ApiProblem) as raised:
            invalid_record(errors)
    fields = {e["field"] for e in raised.value.errors}
    assert {"colour", "provider", "provider_type"} <= fields
    assert raised.value.code == 400

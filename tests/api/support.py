"""Checking API answers against the OpenAPI document the app serves."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from jsonschema.validators import Draft202012Validator
from werkzeug.test import TestResponse


def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return dict(response.get_json())


def _resolve(doc: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in item:
        kind, name = item["$ref"].split("/")[-2:]
        item = doc["components"][kind][name]
    return item


def check_against(doc: dict[str, Any], path: str, response: TestResponse) -> None:
    """``response`` is one the document lists for GET ``path``, and its body fits the schema."""
    operation = doc["paths"][path]["get"]
    status = str(response.status_code)
    assert status in operation["responses"], f"{path}: {status} is not documented"
    documented = _resolve(doc, operation["responses"][status])
    content = documented.get("content", {})
    if not content:
        assert not response.data
        return
    media = response.mimetype
    assert media in content, f"{path} {status}: {media} is not documented"
    schema = {**content[media]["schema"], "components": doc["components"]}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(response.get_json()), key=str)
    assert not errors, f"{path} {status}: {errors[0].message} at {list(errors[0].path)}"


def walk(client: FlaskClient, url: str, **headers: str) -> list[dict[str, Any]]:
    """Every item of a list, following ``next`` links to the end."""
    items: list[dict[str, Any]] = []
    pages = 0
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        items += body["items"]
        url = body["next"]
        pages += 1
        assert pages < 1000
    return items

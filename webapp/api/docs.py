"""The OpenAPI document and the reference page made from it (served here: no CDN, no script).

The page is rendered on the server from the same document that ``/api/v1/openapi.json`` gives,
so the two never disagree. Its headings are in the reader's language; the operations' and
fields' descriptions come from the code and stay in English, as the API's names do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, render_template

from webapp.access import public
from webapp.api.base import answer, english
from webapp.problems import KINDS

bp = Blueprint("api_docs", __name__)
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Row:
    """A parameter, a field or an answer: a name, its type in words, whether required, why."""

    name: str
    where: str
    type: str
    required: bool
    description: str
    link: str = ""  # a record's anchor on the page, when the row's type is a record
    values: str = ""  # the values it takes, when they are a closed list


@dataclass(frozen=True)
class Operation:
    """One method on one path."""

    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Row]
    answers: list[Row]
    #: The scope of the access token it needs ("" for a public operation).
    scope: str = ""
    #: The record its JSON body holds, and that record's anchor ("" without a body).
    body: str = ""
    body_link: str = ""


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API, as flask-smorest built it from the views."""
    return dict(current_app.extensions["cbmatch_api"].document().to_dict())


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_text(schema: dict[str, Any]) -> str:
    """A JSON Schema's type in a few words: ``string (date) or null``, ``array of string``."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    kinds = schema.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = []
    for kind in kinds:
        if kind == "array":
            words.append(f"array of {type_text(schema.get('items', {}))}")
        elif kind != "null" and schema.get("format"):
            words.append(f"{kind} ({schema['format']})")
        else:
            words.append(str(kind))
    return " or ".join(words)


def values_text(schema: dict[str, Any]) -> str:
    """The values of a closed list, as JSON writes them (``""`` for empty); "" for none."""
    values = schema.get("enum", schema.get("items", {}).get("enum"))
    return ", ".join(json.dumps(v) for v in values) if values else ""


def _answers(doc: dict[str, Any], responses: dict[str, Any]) -> list[Row]:
    rows = []
    for status, response in sorted(responses.items()):
        if "$ref" in response:
            response = doc["components"]["responses"][_ref_name(response["$ref"])]
        content: dict[str, Any] = response.get("content", {})
        media, body = next(iter(content.items()), ("", {}))
        schema: dict[str, Any] = dict(body).get("schema", {})
        name = type_text(schema) if schema else ""
        link = f"record-{name}" if "$ref" in schema else ""
        rows.append(Row(str(status), media, name, False, response.get("description", ""), link))
    return rows


def operations(doc: dict[str, Any]) -> list[Operation]:
    """Every operation of the document, in its order."""
    out = []
    for path, item in doc.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [
                Row(p["name"], p["in"], type_text(p.get("schema", {})), bool(p.get("required")),
                    p.get("description", ""), values=values_text(p.get("schema", {})))
                for p in op.get("parameters", []) + item.get("parameters", [])
            ]  # fmt: skip
            anchor = f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "")
            content = op.get("requestBody", {}).get("content", {})
            body = dict(next(iter(content.values()), {})).get("schema", {})
            out.append(
                Operation(anchor, method.upper(), path, op.get("summary", ""),
                          op.get("description", ""), params, _answers(doc, op["responses"]),
                          op.get("x-cbmatch-scope", ""), type_text(body) if body else "",
                          f"record-{_ref_name(body['$ref'])}" if "$ref" in body else "")
            )  # fmt: skip
    return out


def records(doc: dict[str, Any]) -> list[tuple[str, str, list[Row]]]:
    """Every schema of the document: (name, description, its fields)."""
    out = []
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        fields = []
        for field, prop in schema.get("properties", {}).items():
            link = ""
            target = prop.get("items", prop)
            if "$ref" in target:
                link = f"record-{_ref_name(target['$ref'])}"
            fields.append(
                Row(field, "", type_text(prop), field in required, prop.get("description", ""),
                    link, values_text(prop))
            )  # fmt: skip
        out.append((name, schema.get("description", ""), fields))
    return out


@bp.route("/openapi.json")
@public
@english
def openapi() -> Response:
    """The OpenAPI 3.1 document (public, with CORS, so that other tools can read it)."""
    response = answer(document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/docs")
@public
def reference() -> str:
    """The API reference: every operation, its parameters, answers and records, as a page."""
    doc = document()
    return render_template(
        "api/reference.html",
        doc=doc,
        operations=operations(doc),
        records=records(doc),
        problems=[(slug, title, status) for status, (slug, title) in sorted(KINDS.items())],
    )

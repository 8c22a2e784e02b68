"""The API reference page: made from the OpenAPI document, served here, readable without script."""

from __future__ import annotations

import re

from tests.api.conftest import ApiWorld
from tests.api.support import document


def test_the_page_lists_every_operation_record_and_problem(api_world: ApiWorld) -> None:
    doc = document(api_world.client)
    response = api_world.client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for path, item in doc["paths"].items():
        for method in set(item) - {"parameters"}:
            assert f"{method.upper()} {path}" in page
    for name in doc["components"]["schemas"]:
        assert f'id="record-{name}"' in page
    assert 'id="problem-invalid-request"' in page  # the problems' "type" addresses resolve
    scripts = re.compile(r"<script[^>]*>")
    help_page = api_world.client.get("/help/").text
    assert scripts.findall(page) == scripts.findall(help_page)  # the site's menu only, none its own
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another site


def test_its_headings_are_in_the_readers_language(api_world: ApiWorld) -> None:
    page = api_world.client.get("/api/v1/docs", headers={"Accept-Language": "fr"}).text
    assert "Référence de l’API" in page
    assert "Paramètres" in page
    assert 'lang="en" dir="ltr">Open needs, with the filters' in page  # the code's words


def test_the_footer_links_to_it(api_world: ApiWorld) -> None:
    assert 'href="/api/v1/docs"' in api_world.client.get("/").text

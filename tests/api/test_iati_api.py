"""``/api/v1/iati/activities.xml``: the IATI file of the CLI, served to anyone (CORS)."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.conftest import ApiWorld
from tests.iati_support import activities, schema_errors


def test_the_file_is_public_valid_iati_with_no_confidential_need(api_world: ApiWorld) -> None:
    response = api_world.client.get(
        "/api/v1/iati/activities.xml", headers={"Origin": "https://example.org"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert schema_errors(response.data) == []
    found = activities(response.data)
    assert found
    text = response.get_data(as_text=True)
    for ref in api_world.hidden:  # never a confidential or draft need, not even its ref
        assert f'need="{ref}"' not in text
        assert f"-{ref}<" not in text


def test_nothing_to_publish_is_a_404_problem(client: FlaskClient) -> None:
    # the reference data alone: no offer, no match
    response = client.get("/api/v1/iati/activities.xml")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "no open offer" in response.get_json()["detail"]

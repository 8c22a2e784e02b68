"""Fixtures of the web tests: the pipeline world, built once and copied for each test using it."""

from __future__ import annotations

import pytest

from tests import pipeline_world
from tests.conftest import Databases


@pytest.fixture(scope="session")
def prepared_pipeline(databases: Databases) -> pipeline_world.Prepared:
    return pipeline_world.prepare(databases)


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> str | None:
    """A copy of the pipeline world for the tests whose fixtures use it (see ``world`` in
    test_pipeline.py); the reference data only for the rest."""
    if "prepared_pipeline" in request.fixturenames:
        return request.getfixturevalue("prepared_pipeline").template
    return None

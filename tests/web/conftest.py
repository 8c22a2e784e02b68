"""Fixtures of the web tests: a signed-in State representative (Senegal), and the pipeline world
built once and copied for each test that uses it."""

from __future__ import annotations

import pytest

from models import Organisation, Role
from models.organisation import ProviderType
from tests import pipeline_world
from tests.conftest import Databases
from tests.factories import make_user, state
from tests.survey_support import login


@pytest.fixture
def rep(session):
    user = make_user(session, email="rep@senegal.example")
    session.commit()
    return user


@pytest.fixture
def provider(session):
    """A provider acting for an NGO of Fiji (tests of the offer pages)."""
    org = Organisation(name="Pacific Cyber Collective", type=ProviderType.NGO,
                       country=state(session, "FJI"))  # fmt: skip
    session.add(org)
    session.flush()
    user = make_user(session, role=Role.PROVIDER, organisation=org.name)
    session.commit()
    return user


@pytest.fixture
def as_rep(client, rep):
    login(client, rep)
    return client


@pytest.fixture(scope="session")
def prepared_pipeline(databases: Databases) -> pipeline_world.Prepared:
    return pipeline_world.prepare(databases)


@pytest.fixture
def world(session, prepared_pipeline):
    """build_world's records, built once for the session: a copy of them for this test."""
    return prepared_pipeline.load(session)


@pytest.fixture
def db_template(request: pytest.FixtureRequest) -> str | None:
    """A copy of the pipeline world for the tests using ``world``, else the reference data."""
    if "prepared_pipeline" in request.fixturenames:
        return request.getfixturevalue("prepared_pipeline").template
    return None

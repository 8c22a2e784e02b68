"""Fixtures of the web tests: a signed-in State representative (Senegal)."""

from __future__ import annotations

import pytest

from tests.factories import make_user
from tests.survey_support import login


@pytest.fixture
def rep(session):
    user = make_user(session, email="rep@senegal.example")
    session.commit()
    return user


@pytest.fixture
def as_rep(client, rep):
    login(client, rep)
    return client

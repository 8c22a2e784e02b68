"""Schemathesis against the OpenAPI document: generated requests to every operation of the API.

Each operation gets requests made from its parameters' and body's schemas, valid ones and
invalid ones; every answer must be no server error and must match the document (status, media
type, headers, body). The language filter takes only the languages records are given in (as on
the pages), which the document cannot enumerate: a well-formed code may then answer 400; a
generated ref names no record: 404; a generated record may break a rule the schema cannot say
(an end before its start): 400; and a party's token may lack the scope, or the record be
another's: 403, or its version be stale: 409. All are answers the document gives.

The public reads run without a token (on a world of their own); the operations of a party
(tag ``api_party``) run once with the token of each role: a State and a provider with the write
scopes, the same with ``read`` only, and the focal point (read, propose), on a world where
their writes land (a negative case that leaves the token out is sent without it, and must
be refused: 401). The operations are run from one test per mode and role (Schemathesis's
pytest plugin does not load under this pytest), each with its own Hypothesis run; the figures
are printed in the run's summary.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.api.conftest import ApiWorld, PartyWorld
from tests.conftest import examples

CONFIG = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "304", "400", "403", "404", "409"]
        }
    }
}
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
#: The tokens the party operations are tried with (tests/api/conftest.py PARTY_TOKENS).
ROLES = ["state", "state_read", "provider", "provider_read", "focal"]


def _is_party(operation: Any) -> bool:
    return "api_party" in (operation.definition.raw.get("tags") or [])


def _run(
    app: Flask, mode: GenerationMode, party: bool, count: int, headers: dict[str, str]
) -> tuple[int, int, int, list[str]]:
    """Run every public (or party) operation; (operations, skipped, requests, failures)."""
    config = schemathesis.config.SchemathesisConfig.from_dict(CONFIG)
    failures: list[str] = []
    calls = skipped = 0
    with app.app_context():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
        operations = [r.ok() for r in schema.get_all_operations()]
        operations = [o for o in operations if _is_party(o) == party]
        for operation in operations:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=count,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                nonlocal calls
                calls += 1
                # The token replaces the one generated; a negative case that leaves the header
                # out (the security scheme makes it required) is sent without one: a 401.
                given_auth = "Authorization" in (case.headers or {})
                case.call_and_validate(headers=headers if given_auth else None)

            try:
                run()
            except Unsatisfiable:  # no parameter a request could get wrong (negative mode)
                assert mode is GenerationMode.NEGATIVE, operation.label
                skipped += 1
            except Exception as exc:
                failures.append(f"{operation.label}: {str(exc)[:1500]}")
    return len(operations), skipped, calls, failures


@pytest.mark.parametrize("mode", MODES)
def test_every_public_answer_matches_the_document(
    api_world: ApiWorld, mode: GenerationMode, summary: Any
) -> None:
    ops, skipped, calls, failures = _run(api_world.app, mode, False, examples(20), {})
    summary(
        f"schemathesis public ({mode.value})",
        f"{ops} operations ({skipped} with no invalid input to make), {calls} generated "
        f"requests, {len(failures)} failures",
    )
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mode", MODES)
def test_every_party_answer_matches_the_document(
    party_world: PartyWorld, mode: GenerationMode, role: str, summary: Any
) -> None:
    w = party_world
    ops, skipped, calls, failures = _run(w.app, mode, True, examples(4), w.auth(role))
    summary(
        f"schemathesis party, {role} token ({mode.value})",
        f"{ops} operations ({skipped} with no invalid input to make), {calls} generated "
        f"requests, {len(failures)} failures",
    )
    assert not failures, "\n\n".join(failures)

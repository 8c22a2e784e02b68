"""Schemathesis against the OpenAPI document: generated requests to every public read.

Each operation gets requests made from its parameters' schemas, valid ones and invalid ones;
every answer must be no server error and must match the document (status, media type,
headers, body). The language filter takes only the languages records are given in (as on the
pages), which the document cannot enumerate: a well-formed code may then answer 400; and a
generated ref names no record: 404. Both are accepted answers to a request the document calls
valid.

The operations are run from one test (Schemathesis's pytest plugin does not load under this
pytest), each with its own Hypothesis run; the figures are printed in the run's summary.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.api.conftest import ApiWorld
from tests.conftest import examples

CONFIG = {
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "304", "400", "404"]}}
}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_matches_the_document(
    api_world: ApiWorld, mode: GenerationMode, summary: Any
) -> None:
    config = schemathesis.config.SchemathesisConfig.from_dict(CONFIG)
    failures: list[str] = []
    calls = skipped = 0
    with api_world.app.app_context():
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/openapi.json", api_world.app, config=config
        )
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples(20),
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                nonlocal calls
                calls += 1
                case.call_and_validate()

            try:
                run()
            except Unsatisfiable:  # no parameter a request could get wrong (negative mode)
                assert mode is GenerationMode.NEGATIVE, operation.label
                skipped += 1
            except Exception as exc:
                failures.append(f"{operation.label}: {str(exc)[:1500]}")
    summary(
        f"schemathesis ({mode.value})",
        f"{len(operations)} operations ({skipped} with no invalid input to make), {calls} "
        f"generated requests, {len(failures)} failures",
    )
    assert not failures, "\n\n".join(failures)

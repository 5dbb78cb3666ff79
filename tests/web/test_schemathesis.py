"""Property-based requests generated from /openapi.json: no operation answers with a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation, BaseSchema

from tests.web.conftest import Served

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="session")
def api_schema(web_server: Served) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{web_server.url}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck)
)
def test_no_server_errors(case: schemathesis.Case[APIOperation[Any, Any, Any, Any]]) -> None:
    case.call_and_validate(checks=[not_a_server_error], timeout=30)

"""The API against its own OpenAPI document (schemathesis, every built-in check, a few examples per operation):
no server error, no status or body the document does not describe. Authenticated with a personal API token of a
town administrator."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

import zhenwu.api.urls  # noqa: F401 - importing it mounts every app's router
from zhenwu.api.base import api as ninja_api
from zhenwu.wsgi import application

# A request that matches the schema may still break a business rule (a period like 2023Q9, a unit outside the
# user's reach, a value over an indicator's limit): the API answers 400 with the reason, as documented.
# Negative-data rejection is off: schemathesis turns a query parameter into an object, which a query string can
# only carry as extra keys (`?a=1&b=2`), and the API ignores parameters it does not take, as HTTP APIs do; a
# parameter given twice is refused (api.base.SingleValuedQuery, tested in tests/hardening/test_bad_input.py).
CONFIG = schemathesis.config.SchemathesisConfig.from_dict({
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
               "negative_data_rejection": {"enabled": False}},
})
schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema(path_prefix="/api/"), config=CONFIG)
schema.app = application


@pytest.fixture
def token(db):
    """A token of the 石岭镇 administrator; the WSGI app runs in the test's transaction (as Django's test client
    does, the connection is not closed at the end of each request)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield _token()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _token():
    from django.contrib.auth import get_user_model

    from zhenwu.core.actions import create_token

    return create_token(get_user_model().objects.get(username="shiling"), "schemathesis")[1]



# One test per operation, named by it (`[GET /api/core/orgs]`): schemathesis' own parametrize gives all of them one
# test id, which pytest-xdist would run only once.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_conforms_to_its_schema(operation, token):
    @given(case=operation.as_strategy())
    @settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

    check()

"""Schemathesis over the whole OpenAPI schema: no request it generates is a server error.

Every operation of the served schema is called in-process on the real Django app (WSGI), as the
demo province administrator and as point staff, through schemathesis' phases: the schema's
examples, the coverage of each parameter's boundaries and wrong types (and methods the path does
not take), then fuzzing, with inputs that fit the schema and inputs that do not. The run is
bounded and derandomized: the same inputs on every run, on both databases.
"""

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from schemathesis.checks import not_a_server_error
from schemathesis.generation.feedback import FeedbackSources

# The builder schemathesis' pytest plugin uses for each operation. Its lazy schema (one test for
# every operation, so one demo network per user) reads Node._nodeid, which pytest 9 removed.
from schemathesis.pytest._test_builder import build_operation_test

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261202,
        # max-examples bounds the fuzzing phase; coverage is a fixed set of cases per parameter.
        "generation": {
            "mode": "all",
            "max-examples": 10,
            "deterministic": True,
            "database": "none",
        },
    }
)


@pytest.fixture(params=["province_admin", "daklao_staff"])
def api_user(request, demo_network):
    # demo_network named here, not only through the user: pytest-django must see the database.
    return request.getfixturevalue(request.param)


@pytest.fixture
def logged_in(api_user) -> Client:
    client = Client()
    client.force_login(api_user)
    return client


@pytest.fixture
def credentials(logged_in) -> dict:
    """The session cookie, and a CSRF token as a browser sends it: writes are tried too."""
    token = get_random_string(32)
    return {
        "cookies": {
            settings.SESSION_COOKIE_NAME: logged_in.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: token,
        },
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture
def wsgi_app():
    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(logged_in) -> schemathesis.BaseSchema:
    """The schema as the API serves it."""
    response = logged_in.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json(), config=CONFIG)


def test_no_generated_request_is_a_server_error(api_schema, wsgi_app, credentials):
    def call(case):
        case.call_and_validate(app=wsgi_app, checks=[not_a_server_error], **credentials)

    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9
    failures = operations_run(api_schema, operations, call)
    assert not failures, "\n\n".join(failures)


def operations_run(schema, operations, call) -> list[str]:
    """Every phase of every operation through `call`; each failure as text, none stopping."""
    failures = []
    for operation in operations:
        run = build_operation_test(
            config=schema.config,
            operation=operation,
            test_func=call,
            given_kwargs={},
            feedback=FeedbackSources(),
        )
        try:
            run()
        except Exception as failure:  # noqa: BLE001 — every operation is tried, then reported
            failures.append(f"{operation.label}: {failure}")
    return failures

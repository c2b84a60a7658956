"""Schemathesis over the kiosk API, as an enrolled kiosk: no generated request is a server error.

The whole-API run (pacnet/core/tests/test_api_schemathesis.py) calls these endpoints as staff,
who get 401; here they are called with the kiosk's bearer token, so the bodies are exercised.
"""

import pytest
import schemathesis
from django.test import Client
from schemathesis.checks import not_a_server_error

from pacnet.core.tests.test_api_schemathesis import (  # noqa: F401 (wsgi_app: a fixture)
    CONFIG,
    operations_run,
    wsgi_app,
)
from pacnet.inventory.models import Equipment
from pacnet.kiosk.services.computers import computer_enrol, enrolment_code_create


@pytest.fixture
def kiosk_token(demo_network) -> str:
    computer = Equipment.objects.filter(site__code="X-DAKLAO", kind="computer").first()
    return computer_enrol(
        code=enrolment_code_create(actor=None, computer=computer), host_name="pc"
    )[1]


@pytest.fixture
def kiosk_operations(province_admin):
    client = Client()
    client.force_login(province_admin)
    response = client.get("/api/schema/", {"format": "json"})
    schema = schemathesis.openapi.from_dict(response.json(), config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    return schema, [op for op in operations if op.path.startswith("/api/kiosk/")]


def test_no_generated_kiosk_request_is_a_server_error(kiosk_operations, kiosk_token, wsgi_app):  # noqa: F811
    schema, operations = kiosk_operations
    assert len(operations) >= 6
    headers = {"Authorization": f"Bearer {kiosk_token}"}

    def call(case):
        case.call_and_validate(app=wsgi_app, checks=[not_a_server_error], headers=headers)

    failures = operations_run(schema, operations, call)
    assert not failures, "\n\n".join(failures)

import html
import os
import re

import pytest
from django.db import connection

EXPECTED_VENDOR = {"postgres": "postgresql", "postgresql": "postgresql"}


@pytest.mark.django_db
def test_runs_on_the_requested_database():
    requested = os.environ.get("PACNET_TEST_DATABASE", "").strip().lower()
    assert connection.vendor == EXPECTED_VENDOR.get(requested, "sqlite")
    if connection.vendor == "postgresql":
        # The throwaway cluster, not some server that DATABASE_URL happened to name.
        assert connection.settings_dict["HOST"] == "127.0.0.1"
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            # pytest-xdist gives each worker its own database: test_pacnet_gw0, _gw1, …
            worker = os.environ.get("PYTEST_XDIST_WORKER")
            assert cursor.fetchone()[0] == (f"test_pacnet_{worker}" if worker else "test_pacnet")


@pytest.mark.browser
def test_chromium_renders_the_admin_login(page, client):
    expected = re.search(r"<title>(.*?)</title>", client.get("/admin/login/").text, re.S)
    assert expected, "the admin login page has no <title>"

    response = page.goto("/admin/login/")

    assert response.status == 200
    assert page.title() == html.unescape(expected.group(1).strip())
    assert page.locator("input[name=username]").is_visible()
    assert page.evaluate("navigator.language") == "vi-VN"

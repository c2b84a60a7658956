"""Paged lists in a real browser: page 2 shows the next rows and keeps the filters."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from pacnet.core.tests.test_layout_browser import log_in


def test_a_page_link_keeps_the_filters_and_replaces_the_page():
    request = RequestFactory().get("/equipment/", {"kind": "computer", "page": "1"})
    page = Paginator(range(30), 10).get_page(1)
    html = render_to_string("core/_pagination.html", {"page": page}, request=request)
    assert 'href="?kind=computer&amp;page=2"' in html
    assert "??" not in html


@pytest.mark.browser
def test_page_two_of_the_equipment_shows_the_next_filtered_rows(page, province_admin, monkeypatch):
    monkeypatch.setattr("pacnet.inventory.views.PAGE_SIZE", 10)  # 160 computers: 16 pages
    log_in(page, province_admin.username)
    page.goto("/equipment/?kind=computer")
    rows = page.locator("#equipment-table tbody tr")
    first = [rows.nth(i).get_attribute("data-code") for i in range(rows.count())]
    page.get_by_role("navigation", name="Trang").get_by_role("link", name="2", exact=True).click()
    page.wait_for_url("**page=2")
    second = [rows.nth(i).get_attribute("data-code") for i in range(rows.count())]
    assert "kind=computer" in page.url
    assert len(second) == 10
    assert not set(first) & set(second)
    assert all("-PC" in code for code in second)
    assert page.locator(".pagination .active").inner_text() == "2"

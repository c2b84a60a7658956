"""Contributed panels and columns: an app above fills a page of an app below."""

import datetime as dt

from django.test import RequestFactory
from django.utils.html import format_html

from pacnet.core import panels
from pacnet.core.panels import Column, Panel


def test_panels_render_in_order_by_slot_and_a_none_context_hides_one():
    page = "test-page"
    panels.panel_register(
        page=page,
        panel=Panel("b", "core/_confirm_box.html", lambda request, obj: None, order=1),
    )
    panels.panel_register(
        page=page,
        panel=Panel("a", "core/_pagination.html", lambda request, obj: {}, order=2, slot="top"),
    )
    rendered = panels.panels_rendered(page=page, request=RequestFactory().get("/"), obj=None)
    assert list(rendered) == ["top"]
    assert len(rendered["top"]) == 1


def test_registering_a_panel_twice_keeps_one():
    page = "test-page-twice"
    for _ in range(2):
        panels.panel_register(
            page=page, panel=Panel("a", "core/_pagination.html", lambda request, obj: {})
        )
    rendered = panels.panels_rendered(page=page, request=RequestFactory().get("/"), obj=None)
    assert len(rendered["main"]) == 1


def test_a_column_gets_its_values_for_all_rows_in_one_call():
    calls = []

    def values(ids, day):
        calls.append((tuple(ids), day))
        return {pk: pk * 10 for pk in ids}

    panels.column_register(
        page="test-table",
        column=Column("tens", "Tens", values, cell=lambda v: format_html("<b>{}</b>", v)),
    )
    day = dt.date(2026, 1, 1)
    (column,) = panels.columns_for(page="test-table", ids=[1, 2], day=day)
    assert calls == [((1, 2), day)]
    assert column.cell(2) == "<b>20</b>"
    assert column.cell(3) == "<b>None</b>"

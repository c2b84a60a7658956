"""Panels and table columns that an app contributes to a page of an app below it.

A point's page and the list of points belong to geography, but they show the point's
computers (inventory) and its Internet line (connectivity). Those apps register here from
their `AppConfig.ready()`, so geography never imports them: imports go down, and the calls
come back up through this registry (as NetBox's plugins add panels to its object pages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    """A block of a page: `context(request, obj)` gives its template's context, None hides it."""

    name: str
    template: str
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 100
    slot: str = "main"


@dataclass(frozen=True)
class Column:
    """A column of a table of points: `values(ids, day)` gives each row's value in one query."""

    name: str
    header: str
    values: Callable[[list[int], dt.date], dict[int, Any]]
    cell: Callable[[Any], str]
    title: str = ""
    order: int = 100
    css_class: str = ""


_panels: dict[str, dict[str, Panel]] = {}
_columns: dict[str, dict[str, Column]] = {}


def panel_register(*, page: str, panel: Panel) -> None:
    """Add (or replace, by name: `ready()` may run twice in tests) a panel of `page`."""
    _panels.setdefault(page, {})[panel.name] = panel


def column_register(*, page: str, column: Column) -> None:
    _columns.setdefault(page, {})[column.name] = column


def panels_rendered(*, page: str, request: HttpRequest, obj: Any) -> dict[str, list[SafeString]]:
    """The page's panels rendered in order, by slot: {"main": [html, ...], ...}."""
    slots: dict[str, list[SafeString]] = {}
    for panel in sorted(_panels.get(page, {}).values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, obj)
        if context is None:
            continue
        html = SafeString(render_to_string(panel.template, context, request=request))
        slots.setdefault(panel.slot, []).append(html)
    return slots


@dataclass
class ColumnValues:
    column: Column
    values: dict[int, Any]

    def cell(self, pk: int) -> str:
        return self.column.cell(self.values.get(pk))


def columns_for(*, page: str, ids: list[int], day: dt.date) -> list[ColumnValues]:
    """The contributed columns of a table of points, each with its values for these rows."""
    columns = sorted(_columns.get(page, {}).values(), key=lambda c: (c.order, c.name))
    return [ColumnValues(column, column.values(ids, day)) for column in columns]

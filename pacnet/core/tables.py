"""A dashboard table (title, columns, rows of cells), drawn by the page and by the files alike.

One table object feeds the HTML template, the XLSX and the CSV export, so that the screen
and the file cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

DASH = "—"
# On a phone the columns come in this order: the name, the key figures, then the rest.
NAME, KEY, OTHER = 1, 2, 3


def half_up(value: float | Fraction | Decimal | int, places: int) -> Decimal:
    """The value rounded half up (11/12 → 0.917 at 3 places), as people round, not truncated."""
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(str(value))  # a float's shortest repr: 91.65 stays 91.65
    shown = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return shown if shown else abs(shown)  # no "-0,0"


def decimal_text(value, places: int = 1) -> str:
    """A figure with `places` decimals in the language's format, rounded half up."""
    return number_format(half_up(value, places), decimal_pos=places, force_grouping=True)


def percent_text(value, *, places: int = 1, signed: bool = False) -> str:
    """A fraction as a percent: 11/12 → "91,7 %" (rounded half up); None → "—"."""
    if value is None:
        return DASH
    exact = value if isinstance(value, Fraction) else Decimal(str(value))
    shown = half_up(exact * 100, places)
    text = number_format(shown, decimal_pos=places)
    return f"+{text} %" if signed and shown > 0 else f"{text} %"


@dataclass(frozen=True)
class Column:
    header: str
    # text | int | decimal (one decimal place) | percent | date | status | spark
    kind: str = "text"
    exported: bool = True  # a spark-line is a picture of other figures: screen only
    priority: int = OTHER  # NAME: stays in view on a phone; KEY: shown right after it

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "decimal", "percent"}

    @property
    def css(self) -> str:
        """The cell's place on a phone (pacnet.css, "Tables on a phone")."""
        return f"col-p{self.priority}"


@dataclass
class Cell:
    """`value` is what the file holds (int, float fraction, str or None)."""

    value: object = None
    url: str = ""
    status: str | None = None  # met | at_risk | missed | None: the badge colour
    note: str = ""  # why a value is missing, or the figures behind a spark-line
    spark: str = ""  # SVG polyline points

    def text(self, kind: str) -> str:
        """The value as the screen shows it (Vietnamese decimal comma, thousands dots)."""
        if self.value is None or self.value == "":
            return DASH if kind != "text" else ""
        if kind == "int":
            return number_format(self.value, force_grouping=True)
        if kind == "decimal":
            return decimal_text(self.value)
        if kind == "percent":
            return percent_text(self.value)
        if kind == "date" and isinstance(self.value, dt.date):
            return date_format(self.value, "SHORT_DATE_FORMAT")
        return str(self.value)

    def html(self, column: Column) -> SafeString:
        """The table cell (<td>), built here: a page has thousands, too many for template tags."""
        text, kind = self.text(column.kind), column.kind
        classes = column.css + (" text-end text-nowrap" if column.numeric else "")
        if self.status == "missed" and kind != "status":
            classes += " text-danger fw-semibold"
        pictured = kind in {"spark", "status"}  # these show their note in their own way
        title = format_html(' title="{}"', self.note) if self.note and not pictured else ""
        if kind == "spark":
            body = format_html(
                '<svg class="spark" width="96" height="24" viewBox="0 0 96 24" role="img"'
                ' aria-label="{}: {}"><title>{}</title><polyline points="{}"/></svg>',
                column.header,
                self.note,
                self.note,
                self.spark,
            )
        elif kind == "status":
            tip = (
                format_html(' data-bs-toggle="tooltip" title="{}"', self.note) if self.note else ""
            )
            body = format_html(
                '<span class="badge status-{}"{}>{}</span>', self.status or "none", tip, text
            )
        elif self.url:
            body = format_html('<a href="{}">{}</a>', self.url, text)
        else:
            body = format_html("{}", text)
        return format_html('<td class="{}"{}>{}</td>', classes.strip(), title, body)


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = ""
    downloads: dict[str, str] = field(default_factory=dict)  # format -> URL
    # The total row(s), after the rows: in <tfoot> and below the files' filtered range.
    totals: list[list[Cell]] = field(default_factory=list)

    def exported_columns(self) -> list[int]:
        return [i for i, column in enumerate(self.columns) if column.exported]

    def headers(self) -> list[str]:
        return [self.columns[i].header for i in self.exported_columns()]

    def file_rows(self) -> list[list[object]]:
        """Rows as the files hold them: numbers as numbers, percents as fractions."""
        return self._file(self.rows)

    def file_totals(self) -> list[list[object]]:
        return self._file(self.totals)

    def _file(self, rows: list[list[Cell]]) -> list[list[object]]:
        return [[row[i].value for i in self.exported_columns()] for row in rows]

    def html_rows(self) -> list[SafeString]:
        """Each row's cells, as HTML."""
        return self._html(self.rows)

    def html_totals(self) -> list[SafeString]:
        return self._html(self.totals)

    def _html(self, rows: list[list[Cell]]) -> list[SafeString]:
        return [
            SafeString(
                "".join(cell.html(column) for column, cell in zip(self.columns, row, strict=True))
            )
            for row in rows
        ]


def spark_points(
    values: list[int], *, width: int = 96, height: int = 24, slots: int | None = None
) -> str:
    """SVG polyline points of a small line chart of the values (flat at the bottom if all 0);
    `slots` spaces them as that many (12 months: a running year stops part of the way)."""
    if not values:
        return ""
    top = max(values) or 1
    step = width / max((slots or len(values)) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{height - 1 - (v / top) * (height - 2):.1f}" for i, v in enumerate(values)
    )


def yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return "✓" if value else "✗"


def until_text(year: int, until: dt.date | None = None) -> str:
    """ "2024", or for a year still running "2026, up to 02/12/2026"."""
    if until is None:
        return str(year)
    return _("%(year)s, up to %(day)s") % {"year": year, "day": until.strftime("%d/%m/%Y")}


def title_line(*, scope: str, year: int, synthetic: bool, until: dt.date | None = None) -> str:
    """The first line of every exported file: what, where, when (up to which day while the
    year runs), and whether it is real."""
    if until is None:
        line = _("%(scope)s, %(year)s") % {"scope": scope, "year": year}
    else:
        line = _("%(scope)s, %(year)s, up to %(day)s") % {
            "scope": scope,
            "year": year,
            "day": until.strftime("%d/%m/%Y"),
        }
    if synthetic:
        line += " — " + _("synthetic demo data")
    return line

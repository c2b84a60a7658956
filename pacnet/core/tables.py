"""A dashboard table (title, columns, rows of cells), drawn by the page and by the files alike.

One table object feeds the HTML template, the XLSX and the CSV export, so that the screen
and the file cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

DASH = "—"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | int | decimal (one decimal place) | percent | status | spark
    exported: bool = True  # a spark-line is a picture of other figures: screen only

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "decimal", "percent"}


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
            return number_format(self.value, decimal_pos=1, force_grouping=True)
        if kind == "percent":
            return f"{number_format(self.value * 100, decimal_pos=1)} %"
        return str(self.value)

    def html(self, column: Column) -> SafeString:
        """The table cell (<td>), built here: a page has thousands, too many for template tags."""
        text, kind = self.text(column.kind), column.kind
        classes = "text-end text-nowrap" if column.numeric else ""
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

    def exported_columns(self) -> list[int]:
        return [i for i, column in enumerate(self.columns) if column.exported]

    def headers(self) -> list[str]:
        return [self.columns[i].header for i in self.exported_columns()]

    def file_rows(self) -> list[list[object]]:
        """Rows as the files hold them: numbers as numbers, percents as fractions."""
        return [[row[i].value for i in self.exported_columns()] for row in self.rows]

    def html_rows(self) -> list[SafeString]:
        """Each row's cells, as HTML."""
        return [
            SafeString(
                "".join(cell.html(column) for column, cell in zip(self.columns, row, strict=True))
            )
            for row in self.rows
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


def title_line(*, scope: str, year: int, synthetic: bool) -> str:
    """The first line of every exported file: what, where, when, and whether it is real."""
    line = _("%(scope)s, %(year)s") % {"scope": scope, "year": year}
    if synthetic:
        line += " — " + _("synthetic demo data")
    return line

"""The equipment indicators and the replacement plan as `core.tables.Table`s: one table
feeds the page and the XLSX/CSV files, so that they cannot disagree."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacnet.core.tables import KEY, NAME, Cell, Column, Table
from pacnet.faults.selectors.equipment import AGE_LABELS, EquipmentMonth, PointEquipment
from pacnet.faults.selectors.replacement import ReplacementRow, plan_by_point
from pacnet.plans.status import MISSED

AGE_HEADERS = {
    "0-7": "0–7",
    "8-30": "8–30",
    "31-90": "31–90",
    "90+": "> 90",
}


def indicators_table(figures: EquipmentMonth) -> Table:
    table = Table(
        "equipment",
        _("Equipment by access point"),
        [
            Column(_("Code")),
            Column(_("Access point"), priority=NAME),
            Column(_("Computers in service"), "int", priority=KEY),
            Column(_("Computers working"), "int", priority=KEY),
            Column(_("Working ratio"), "percent", priority=KEY),
            Column(_("Mean time to repair (days)"), "decimal"),
            Column(_("Faults repaired"), "int"),
            *[
                Column(_("Open faults, %(age)s days") % {"age": AGE_HEADERS[label]}, "int")
                for label in AGE_LABELS
            ],
            Column(_("Warranties ending within 90 days"), "int"),
            Column(_("Computers past end of life"), "int"),
            Column(_("Items overdue for maintenance"), "int"),
        ],
        empty=_("No access point you may see was open this month."),
    )
    for point in figures.points:
        url = reverse("geography:site_detail", kwargs={"site_code": point.code})
        table.rows.append(_row(figures, point, Cell(point.code, url=url), Cell(point.name)))
    if figures.points:
        table.totals.append(_row(figures, figures.total, Cell(None), Cell(_("Total"))))
    return table


def _row(figures: EquipmentMonth, point: PointEquipment, code: Cell, name: Cell) -> list[Cell]:
    below = figures.below_minimum(point)
    return [
        code,
        name,
        Cell(point.in_service),
        Cell(point.working),
        Cell(
            point.working_ratio,
            status=MISSED if below else None,
            note=_("below the plan's minimum of %(min)s %%")
            % {"min": round(figures.working_ratio_min * 100)}
            if below
            else "",
        ),
        Cell(point.mean_time_to_repair),
        Cell(len(point.repair_days)),
        *[Cell(point.open_by_age[label]) for label in AGE_LABELS],
        Cell(point.warranties_ending),
        Cell(point.past_end_of_life),
        Cell(point.overdue_maintenance),
    ]


def replacement_table(rows: list[ReplacementRow], year: int) -> Table:
    """Items by point, a subtotal after each point and the network's total last."""
    table = Table(
        "replacement",
        _("Replacement plan %(year)s") % {"year": year},
        [
            Column(_("Point code")),
            Column(_("Access point")),
            Column(_("Item"), priority=NAME),
            Column(_("Kind")),
            Column(_("Model")),
            Column(_("Acquired on"), "date"),
            Column(_("Why replace it")),
            Column(_("Estimated cost (VND)"), "int", priority=KEY),
        ],
        empty=_("Nothing to replace at the points you may see."),
    )
    points = plan_by_point(rows)
    for point in points:
        for row in point.rows:
            table.rows.append(
                [
                    Cell(row.site_code),
                    Cell(row.site_name),
                    Cell(row.code),
                    Cell(str(row.kind_label)),
                    Cell(row.model),
                    Cell(row.acquired_on),
                    Cell(" ".join(row.reasons)),
                    Cell(row.cost),
                ]
            )
        label = ngettext(
            "Total %(point)s (%(count)s item)", "Total %(point)s (%(count)s items)", len(point.rows)
        ) % {"point": point.site_code, "count": len(point.rows)}
        table.rows.append(
            [Cell(point.site_code), Cell(label), *[Cell("") for _i in range(5)], Cell(point.cost)]
        )
    if points:
        label = ngettext(
            "Network total (%(count)s item)", "Network total (%(count)s items)", len(rows)
        ) % {"count": len(rows)}
        total = sum(p.cost for p in points)
        table.totals.append(
            [Cell(None), Cell(label), *[Cell(None) for _i in range(5)], Cell(total)]
        )
    return table

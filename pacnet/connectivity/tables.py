"""The Internet lines list as a `core.tables.Table`, for its XLSX and CSV files."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pacnet.core.tables import KEY, NAME, Cell, Column, Table

SUMMED = (6, 8, 10, 11)  # fees, fees paid, outages, computers: the total row adds them up


def lines_table(rows) -> Table:
    """One row per point (`selectors.lines_overview`); a point without a line is blank."""
    table = Table(
        name="lines",
        title=_("Internet lines"),
        columns=[
            Column(_("Code")),
            Column(_("Access point"), priority=NAME),
            Column(_("Provider")),
            Column(_("Contract number")),
            Column(_("Download (kbit/s)"), "int", priority=KEY),
            Column(_("Upload (kbit/s)"), "int"),
            Column(_("Monthly fee (VND)"), "int"),
            Column(_("Discount (%)"), "decimal"),
            Column(_("Fee paid (VND/month)"), "int"),
            Column(_("Availability this year"), "percent", priority=KEY),
            Column(_("Outages this month"), "int"),
            Column(_("Computers in service"), "int"),
            Column(_("Download per computer (kbit/s)"), "int"),
            Column(_("Below 512 kbit/s per computer")),
        ],
    )
    for row in rows:
        line, share = row.line, row.share
        values = [row.site.code, row.site.name]
        if line is None:
            values += [None] * 12
        else:
            values += [
                line.get_provider_display(),
                line.contract_number,
                line.download_kbps,
                line.upload_kbps,
                int(line.monthly_fee),
                float(line.discount_percent),
                line.fee_after_discount,
                row.availability_year,
                row.outages_this_month,
                share.computers,
                share.per_computer_kbps,
                _("yes") if share.below_benchmark else _("no"),
            ]
        table.rows.append([Cell(value) for value in values])
    if table.rows:
        total = [Cell(None) for _column in table.columns]
        total[1] = Cell(_("Total"))
        for i in SUMMED:
            total[i] = Cell(sum(row[i].value or 0 for row in table.rows))
        table.totals.append(total)
    return table

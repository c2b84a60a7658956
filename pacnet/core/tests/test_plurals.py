"""Counts read "1 item", "2 items": no "(1 items)" in alerts or table totals."""

from django.utils import translation

from pacnet.alerts.messages import MAINTENANCE_OVERDUE, alert_text
from pacnet.faults.selectors.replacement import ReplacementRow
from pacnet.faults.tables import replacement_table


def overdue(items: int) -> str:
    params = {"plan": "Vệ sinh máy", "due_on": "2026-11-01", "items": items}
    with translation.override("en"):
        return alert_text(MAINTENANCE_OVERDUE, params)


def test_an_overdue_maintenance_of_one_item_says_item():
    assert overdue(1).endswith("(1 item).")


def test_an_overdue_maintenance_of_two_items_says_items():
    assert overdue(2).endswith("(2 items).")


def test_the_replacement_totals_of_one_item_say_item():
    row = ReplacementRow(1, "X-DAKLAO", "Đắk Lao", "X-DAKLAO-PC01", "computer", "", None, [], 1)
    with translation.override("en"):
        table = replacement_table([row], 2026)
    labels = [table.rows[-1][1].value, table.totals[-1][1].value]  # the point's, the network's
    assert labels == ["Total X-DAKLAO (1 item)", "Network total (1 item)"]

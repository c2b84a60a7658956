"""The words and cell checks of the equipment imports (register and statuses).

`pacnet.core.tabular` reads the file (size, encoding, old .xls, row limit, numbering).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from pacnet.core import tabular
from pacnet.core.plausible import day_problem
from pacnet.inventory.models import Equipment, EquipmentStatus, FundingSource

# Spreadsheets and people write 12.500.000, 12,500,000 or 12 500 000 for a sum in đồng.
# ASCII: \d and int() would also take other scripts' digits (١٢٫٥٠٠).
GROUPED_NUMBER = re.compile(r"^\d{1,3}([., \u00a0]\d{3})+$", re.ASCII)
# Vietnamese words accepted beside the codes (the translated labels are accepted too).
KIND_WORDS = {
    "máy tính": "computer",
    "pc": "computer",
    "máy in": "printer",
    "usb 3g": "usb_modem",
    "modem": "usb_modem",
    "bộ định tuyến": "router",
    "bộ lưu điện": "ups",
    "máy chiếu": "projector",
    "khác": "other",
}
FUNDING_WORDS = {
    "bmgf-vn": "bmgf_vn",
    "dự án bmgf-vn": "bmgf_vn",
    "ngân sách nhà nước": "state_budget",
    "ngân sách": "state_budget",
    "chương trình mục tiêu quốc gia": "national_target_programme",
    "ctmtqg": "national_target_programme",
    "tài trợ": "donor",
    "nhà tài trợ": "donor",
    "khác": "other",
}
STATUS_WORDS = {
    "hoạt động": "working",
    "hỏng": "faulty",
    "đang sửa": "under_repair",
    "đang sửa chữa": "under_repair",
    "thanh lý": "retired",
}


def status_labels() -> dict[str, str]:
    return tabular.choices(EquipmentStatus, STATUS_WORDS)


def kind_labels() -> dict[str, str]:
    return tabular.choices(Equipment.Kind, KIND_WORDS)


def funding_labels() -> dict[str, str]:
    return tabular.choices(FundingSource, FUNDING_WORDS)


def _hint(choices) -> str:
    """The codes, then the Vietnamese labels, for an error message."""
    with translation.override("vi"):
        labels = ", ".join(str(label) for label in choices.labels)
    return f"{', '.join(choices.values)} ({labels})"


class RowChecker(tabular.RowChecker):
    """The shared cell checks, plus optional choices, sums in VND and future dates."""

    def optional_choice(self, column: str, labels: dict[str, str], choices) -> str:
        if not self.cells.get(column):
            return ""
        return self.choice(column, labels, _hint(choices))

    def required_choice(self, column: str, labels: dict[str, str], choices) -> str:
        return self.choice(column, labels, _hint(choices))

    def whole_number(self, column: str, *, maximum: int = 10**13) -> int | None:
        """A whole number: digits, optionally grouped by thousands (12.500.000)."""
        value = self.cells.get(column, "")
        if not value:
            return None
        number = whole_number(value)
        if number is None:
            self.error(
                column,
                _("“%(value)s” is not a whole number. Write e.g. 12500000 or 12.500.000.")
                % {"value": value},
            )
            return None
        if number > maximum:
            self.error(column, tabular.out_of_range(value, maximum))
            return None
        return number

    def past_date(self, column: str, *, required: bool = False) -> dt.date | None:
        """A date that has come: a status cannot be recorded for a day in the future."""
        day = self.date(column, required=required)
        if problem := day_problem(day):  # the services' rule for dates of events
            self.error(column, problem)
        return day

    def equipment_code(self, column: str) -> str:
        code = self.text(column, required=True, max_length=60).upper()
        if code:
            try:
                Equipment._meta.get_field("code").run_validators(code)
            except ValidationError as error:
                self.error(column, " ".join(error.messages))
        return code


def whole_number(text: str) -> int | None:
    """12500000, 12.500.000, 12,500,000 or 12 500 000 -> 12500000; anything else -> None."""
    text = text.strip()
    if (number := tabular.whole_number(text)) is not None:
        return number
    if GROUPED_NUMBER.match(text):
        return int(re.sub(r"\D", "", text))
    return None

"""Reading an equipment file (CSV or XLSX) into rows of text, with the site import's readers.

The file-level rules (size, encoding, old .xls, row limit, numbering) are those of
`pacnet.geography.imports_read`; only the columns differ. Row 1 is the header.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import IO

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pacnet.geography.import_rules import _choices, _RowChecker
from pacnet.geography.imports_read import (
    MAX_BYTES,
    MAX_ROWS,
    XLS_MAGIC,
    XLSX_MAGIC,
    RowError,
    Table,
    _csv_lines,
    _Refused,
    _refused,
    _text,
    _xlsx_lines,
)
from pacnet.geography.selectors import today
from pacnet.inventory.models import Equipment, EquipmentStatus, FundingSource

__all__ = ["RowError", "Table", "read_table", "RowChecker", "status_labels"]

# Spreadsheets and people write 12.500.000, 12,500,000 or 12 500 000 for a sum in đồng.
GROUPED_NUMBER = re.compile(r"^\d{1,3}([., \u00a0]\d{3})+$")
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


def read_table(
    file: IO[bytes], name: str, *, columns: tuple[str, ...], required: tuple[str, ...]
) -> Table:
    """The rows of the first sheet (XLSX) or of the CSV text; file-level problems as errors."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _refused(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        return _refused(_("The file is empty."))
    if data.startswith(XLS_MAGIC) or name.lower().endswith(".xls"):
        return _refused(_("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8."))
    try:
        lines = _xlsx_lines(data) if data.startswith(XLSX_MAGIC) else _csv_lines(data)
        return _table(lines, columns, required)
    except _Refused as refused:
        return _refused(str(refused))


def _table(lines, columns: tuple[str, ...], required: tuple[str, ...]) -> Table:
    table = Table()
    iterator = iter(lines)
    header = [_text(h).lower() for h in next(iterator, [])]
    if not any(header):
        raise _Refused(_("The file is empty."))
    table.errors = _header_errors(header, columns, required)
    if table.errors:
        return table
    table.columns = [h for h in header if h]
    nameless = {i for i, h in enumerate(header) if not h}
    for number, cells in enumerate(iterator, start=2):
        texts = [_text(c) for c in cells]
        if not any(texts):
            continue
        if len(table.rows) == MAX_ROWS:
            count = number_format(MAX_ROWS, force_grouping=True)
            raise _Refused(
                _("The file has more than %(count)s rows. Split it into smaller files.")
                % {"count": count}
            )
        if any(t for i, t in enumerate(texts) if i in nameless or i >= len(header)):
            table.errors.append(RowError(number, "", _("A value is in a column without a name.")))
        table.rows.append((number, {h: t for h, t in zip(header, texts, strict=False) if h}))
    return table


def _header_errors(header: list[str], columns, required) -> list[RowError]:
    errors, seen = [], set()
    for column in header:
        if not column:
            continue
        if column not in columns:
            message = _("Unknown column. The columns are: %(columns)s.") % {
                "columns": ", ".join(columns)
            }
            errors.append(RowError(1, column, message))
        elif column in seen:
            errors.append(RowError(1, column, _("This column appears twice.")))
        seen.add(column)
    errors += [RowError(1, c, _("This column is missing.")) for c in required if c not in seen]
    return errors


def _labels(choices, words: dict[str, str]) -> dict[str, str]:
    return _choices(choices, words)


def status_labels() -> dict[str, str]:
    return _labels(EquipmentStatus, STATUS_WORDS)


def kind_labels() -> dict[str, str]:
    return _labels(Equipment.Kind, KIND_WORDS)


def funding_labels() -> dict[str, str]:
    return _labels(FundingSource, FUNDING_WORDS)


def _hint(choices) -> str:
    """The codes, then the Vietnamese labels, for an error message."""
    with translation.override("vi"):
        labels = ", ".join(str(label) for label in choices.labels)
    return f"{', '.join(choices.values)} ({labels})"


class RowChecker(_RowChecker):
    """The site import's cell checks, plus optional choices, sums in VND and future dates."""

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
        if number is None or number > maximum:
            self.error(
                column,
                _("“%(value)s” is not a whole number. Write e.g. 12500000 or 12.500.000.")
                % {"value": value},
            )
            return None
        return number

    def past_date(self, column: str, *, required: bool = False) -> dt.date | None:
        """A date that has come: a status cannot be recorded for a day in the future."""
        day = self.date(column, required=required)
        if day and day > today():
            self.error(column, _("The date is in the future."))
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
    if text.isascii() and text.isdigit():
        return int(text)
    if GROUPED_NUMBER.match(text):
        return int(re.sub(r"\D", "", text))
    return None

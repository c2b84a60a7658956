"""What the tests of every import use on hostile files: the files, the messages, the refusal."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

MEGABYTE = "x" * 1024 * 1024
CONTROL = "The value contains an invisible control character"
FORMULA = "The cell holds a formula. Copy the column and paste it as values"


def refused(command: str, path, *args: str) -> str:
    """The command's error text for the file (in English); it must fail."""
    with pytest.raises(CommandError) as caught:
        call_command(command, str(path), "--language", "en", *args, stdout=StringIO())
    return str(caught.value)


def file_written(path: Path, content: str | bytes) -> Path:
    """`content` in the file at `path`, a str as UTF-8 text."""
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def workbook_written(path: Path, rows) -> Path:
    """An XLSX file of `rows` (the header first); a cell starting with = is a formula, as a
    user's workbook holds it, and a date or datetime is a date cell."""
    workbook = Workbook()
    for cells in rows:
        workbook.active.append(list(cells))
    workbook.save(path)
    return path

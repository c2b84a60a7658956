"""The columns of a file of units and points, and its downloadable template.

`pacnet.core.tabular` reads the file (size, encoding, old .xls, row limit, header).
"""

from __future__ import annotations

from pacnet.core import tabular

COLUMNS = (
    "record",
    "code",
    "name",
    "level",
    "parent",
    "unit",
    "kind",
    "origin",
    "opened_on",
    "closed_on",
    "host_organisation",
    "address",
    "opening_hours",
    "phone",
)
REQUIRED_COLUMNS = ("record", "code", "name")


# The downloadable template: the header and one example of each kind of row.
TEMPLATE_ROWS = [
    ["unit", "LDG", "Tỉnh Lâm Đồng", "tỉnh", "", "", "", "", "", "", "", "", "", ""],
    ["unit", "XA-DAKWIL", "Xã Đắk Wil", "xã", "LDG", "", "", "", "", "", "", "", "", ""],
    [
        "point",
        "X-DAKWIL",
        "Thư viện xã Đắk Wil",
        "",
        "",
        "XA-DAKWIL",
        "thư viện xã",
        "nhân rộng",
        "01/03/2024",
        "",
        "UBND xã Đắk Wil",
        "Thôn 1, xã Đắk Wil",
        "mon-fri 07:30-11:00,13:30-16:30; sat 07:30-11:00",
        "0261 3 123 456",
    ],
]


def template_csv() -> str:
    """The template as CSV text with a byte-order mark, so that Excel reads it as UTF-8."""
    return tabular.template_csv(COLUMNS, TEMPLATE_ROWS)

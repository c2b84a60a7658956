"""A table's cells as the screen shows them, escaped, and its spark-lines."""

import datetime as dt
from fractions import Fraction

from django.utils import translation

from pacnet.core.tables import Cell, Column, Table, percent_text, spark_points


def test_numbers_are_shown_the_vietnamese_way():
    with translation.override("vi"):
        assert Cell(1234567).text("int") == "1.234.567"
        assert Cell(0.125).text("percent") == "12,5 %"
        assert Cell(None).text("int") == "—"
        assert Cell(None).text("text") == ""


def test_a_cell_escapes_what_it_shows_and_its_note():
    html = Cell("<b>X</b>", note='a "quoted" note').html(Column("Name"))
    assert html == '<td class="col-p3" title="a &quot;quoted&quot; note">&lt;b&gt;X&lt;/b&gt;</td>'


def test_a_missed_figure_is_marked_and_a_status_is_a_badge():
    assert "text-danger" in Cell(3, status="missed").html(Column("Visits", "int"))
    badge = Cell("Missed", status="missed", note="why").html(Column("Status", "status"))
    assert '<span class="badge status-missed" data-bs-toggle="tooltip" title="why">' in badge


def test_the_files_get_numbers_and_the_screen_gets_no_spark_line_column_in_them():
    table = Table("t", "T", [Column("A", "int"), Column("Trend", "spark", exported=False)])
    table.rows.append([Cell(5), Cell(spark="0,1")])
    assert table.headers() == ["A"]
    assert table.file_rows() == [[5]]
    assert table.html_rows()[0].count("<td") == 2


def test_a_spark_line_spans_its_slots_and_lies_flat_when_all_zero():
    assert spark_points([0, 0], width=10, height=4) == "0.0,3.0 10.0,3.0"
    assert spark_points([1, 2], width=22, height=4, slots=12) == "0.0,2.0 2.0,1.0"


def test_percents_round_half_up_not_down():
    with translation.override("vi"):
        assert Cell(11 / 12).text("percent") == "91,7 %"  # 91.666…, not truncated to 91,6
        assert percent_text(Fraction(11, 12)) == "91,7 %"
        assert percent_text(Fraction(1, 8), places=0) == "13 %"  # 12.5 → 13
        assert percent_text(0.0005) == "0,1 %"
        assert percent_text(-0.0004, signed=True) == "0,0 %"  # no "-0,0"
        assert percent_text(Fraction(1, 20), signed=True) == "+5,0 %"


def test_decimals_round_half_up():
    with translation.override("vi"):
        assert Cell(2.25).text("decimal") == "2,3"
        assert Cell(1234.96).text("decimal") == "1.235,0"


def test_a_date_is_shown_day_month_year_and_stays_a_date_in_the_files():
    table = Table("t", "T", [Column("Acquired", "date")])
    table.rows.append([Cell(dt.date(2012, 6, 1))])
    with translation.override("vi"):
        assert table.rows[0][0].text("date") == "01/06/2012"
    assert table.file_rows() == [[dt.date(2012, 6, 1)]]


def test_the_total_rows_come_after_the_rows_in_a_table_foot():
    table = Table("t", "T", [Column("Name"), Column("Visits", "int")])
    table.rows.append([Cell("A"), Cell(2)])
    table.totals.append([Cell("Total"), Cell(2)])
    assert table.file_rows() == [["A", 2]] and table.file_totals() == [["Total", 2]]
    assert "Total" in table.html_totals()[0]

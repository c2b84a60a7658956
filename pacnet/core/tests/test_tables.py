"""A table's cells as the screen shows them, escaped, and its spark-lines."""

from django.utils import translation

from pacnet.core.tables import Cell, Column, Table, spark_points


def test_numbers_are_shown_the_vietnamese_way():
    with translation.override("vi"):
        assert Cell(1234567).text("int") == "1.234.567"
        assert Cell(0.125).text("percent") == "12,5 %"
        assert Cell(None).text("int") == "—"
        assert Cell(None).text("text") == ""


def test_a_cell_escapes_what_it_shows_and_its_note():
    html = Cell("<b>X</b>", note='a "quoted" note').html(Column("Name"))
    assert html == '<td class="" title="a &quot;quoted&quot; note">&lt;b&gt;X&lt;/b&gt;</td>'


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

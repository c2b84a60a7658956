"""`pacnet import_outages FILE.csv`: every row checked first, all or nothing, idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from pacnet.geography.lines import line_outage_record
from pacnet.geography.models import LineOutage, Site
from pacnet.geography.services import internet_line_add

pytestmark = pytest.mark.django_db

GOOD = """point,start,end,cause
X-DAKLAO,2019-07-03 08:15,2019-07-03 17:00,weather
X-DAKLAO,2019-07-10T22:00,2019-07-11T06:30,
TV-DAKMIL,2019-08-01 07:00,2019-08-02 07:00,mất điện
"""


@pytest.fixture
def lines(demo_network):
    for code in ("X-DAKLAO", "TV-DAKMIL"):
        internet_line_add(
            actor=None,
            site=Site.objects.get(code=code),
            provider="Viettel",
            bandwidth_mbps=Decimal(4),
            monthly_fee=300000,
            active_from=dt.date(2012, 6, 1),
        )


def run(tmp_path, text: str) -> str:
    path = tmp_path / "outages.csv"
    path.write_text(text, encoding="utf-8")
    out = []

    class Out:
        def write(self, s):
            out.append(s)

    call_command("import_outages", str(path), stdout=Out(), language="en")
    return "".join(out)


def test_a_valid_file_records_every_outage_in_local_time(tmp_path, lines):
    assert "3 outages recorded" in run(tmp_path, GOOD)
    first = LineOutage.objects.get(line__site__code="X-DAKLAO", cause="weather")
    assert timezone.localtime(first.start).strftime("%Y-%m-%d %H:%M") == "2019-07-03 08:15"
    assert LineOutage.objects.get(line__site__code="TV-DAKMIL").cause == "power"
    assert LineOutage.objects.filter(cause="unknown").count() == 1


def test_importing_the_same_file_again_changes_nothing(tmp_path, lines):
    run(tmp_path, GOOD)
    assert "0 outages recorded, 3 already recorded" in run(tmp_path, GOOD)
    assert LineOutage.objects.count() == 3


def test_bad_rows_are_all_reported_with_their_numbers_and_nothing_is_written(tmp_path, lines):
    bad = GOOD + "X-NOWHERE,2019-07-03 08:15,2019-07-03 09:00,\nX-DAKLAO,3/7/2019,2019-07-04,\n"
    bad += "X-DAKLAO,2019-07-05 08:00,2019-07-05 09:00,meteor\n"
    with pytest.raises(CommandError) as refused:
        run(tmp_path, bad)
    message = str(refused.value)
    assert "row 5, column point: No access point 'X-NOWHERE'" in message
    assert "row 6, column start: start is not a date and time" in message
    assert "row 7, column cause: Unknown cause 'meteor'" in message
    assert not LineOutage.objects.exists()


def test_an_overlap_with_a_recorded_outage_refuses_the_whole_file(tmp_path, lines):
    line = Site.objects.get(code="X-DAKLAO").internet_lines.get()
    zone = timezone.get_default_timezone()
    line_outage_record(
        actor=None,
        line=line,
        start=dt.datetime(2019, 7, 3, 16, 0, tzinfo=zone),
        end=dt.datetime(2019, 7, 3, 18, 0, tzinfo=zone),
    )
    with pytest.raises(CommandError, match="row 2.*: .*overlaps"):
        run(tmp_path, GOOD)
    assert LineOutage.objects.count() == 1


def test_an_outage_ending_before_it_starts_is_refused(tmp_path, lines):
    with pytest.raises(CommandError, match="row 2"):
        run(tmp_path, "point,start,end,cause\nX-DAKLAO,2019-07-03 08:15,2019-07-03 07:00,\n")
    assert not LineOutage.objects.exists()


def test_a_file_with_another_header_is_refused(tmp_path, lines):
    with pytest.raises(CommandError, match="point,start,end,cause"):
        run(tmp_path, "site,from,to\nX-DAKLAO,2019-07-03 08:15,2019-07-03 17:00\n")

"""Tallies and sessions are plausible: what a point's computers could serve (issue 9, item 4)."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from pacnet.core.errors import DomainError
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.services import equipment_status_change
from pacnet.usage import services
from pacnet.usage.models import ManualTally, Patron, Session
from pacnet.usage.tests.conftest import local
from pacnet.usage.tests.factories import PatronFactory, SessionFactory

DAY = dt.date(2019, 3, 4)
TALLY_HEADER = "point,date,visits,users\n"
SESSION_HEADER = "point,computer,person,person_kind,start,end,service,pages\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def save_day(point, visits, users, day=DAY):
    return services.tally_month_save(
        actor=None, site=point, year=day.year, month=day.month, days={day: (visits, users)}
    )


def refusal(point, visits, users, day=DAY) -> dict:
    with pytest.raises(DomainError) as caught:
        save_day(point, visits, users, day)
    return caught.value.message_dict


# --- Tallies: the service ----------------------------------------------------------------


def test_a_tally_of_99_999_999_999_visits_is_refused(point):
    assert DAY.isoformat() in refusal(point, 99_999_999_999, 1)
    assert not ManualTally.objects.exists()


def test_a_tally_may_reach_the_maximum_per_computer_times_the_computers(point, settings):
    settings.PACNET_MAX_VISITS_PER_COMPUTER_DAY = 30
    assert save_day(point, 60, 40) == 1  # X-TEST has two computers
    message = refusal(point, 61, 40)[DAY.isoformat()][0]
    assert "At most 60 visits" in message and "2 computers" in message


def test_the_maximum_per_computer_is_a_setting(point, settings):
    settings.PACNET_MAX_VISITS_PER_COMPUTER_DAY = 5
    assert "At most 10 visits" in refusal(point, 11, 1)[DAY.isoformat()][0]


def test_a_retired_computer_serves_no_visits(point, settings):
    settings.PACNET_MAX_VISITS_PER_COMPUTER_DAY = 30
    pc = Equipment.objects.get(code="X-TEST-PC02")
    equipment_status_change(
        actor=None, item=pc, status=EquipmentStatus.RETIRED, effective_on=dt.date(2019, 1, 1)
    )
    assert "1 computers" in refusal(point, 31, 1)[DAY.isoformat()][0]
    assert save_day(point, 30, 1, day=dt.date(2018, 12, 31)) == 1


@pytest.mark.parametrize("visits, users", [(-1, 0), (3, -1), (3, 4)])
def test_negative_counts_and_more_users_than_visits_are_refused(point, visits, users):
    assert DAY.isoformat() in refusal(point, visits, users)


def test_a_tally_before_2000_is_refused(point):
    day = dt.date(1999, 3, 4)
    assert "check the year" in refusal(point, 3, 2, day)[day.isoformat()][0]


# --- Tallies: the month grid and the import ----------------------------------------------


def test_the_month_grid_shows_an_implausible_count_on_its_row(daklao_staff):
    staff = Client()
    staff.force_login(daklao_staff)
    url = reverse("usage:tally_month", kwargs={"site_code": "X-DAKLAO", "year": 2024, "month": 3})
    response = staff.post(
        url, {"d01_visits": "10", "d01_users": "7", "d02_visits": "99999999999", "d02_users": "1"}
    )
    assert response.status_code == 200
    rows = response.text.split("<tr data-day=")
    assert "Tối đa 150 lượt sử dụng trong ngày đó" in rows[2]  # 5 computers × 30
    assert "Tối đa" not in rows[1]
    assert not ManualTally.objects.exists()


def test_the_tally_import_reports_an_implausible_count_on_its_row_and_column(point):
    text = TALLY_HEADER + "X-TEST,2019-03-01,5,5\nX-TEST,2019-03-02,99999999999,1\n"
    result = services.tallies_import(actor=None, path_or_file=io.BytesIO(text.encode()))
    assert [(row, column) for row, column, _m in result.errors] == [(3, "visits")]
    assert not ManualTally.objects.exists()


def test_the_tally_import_reports_a_date_before_2000_on_its_row_and_column(point):
    text = TALLY_HEADER + "X-TEST,1999-03-01,5,5\n"
    result = services.tallies_import(actor=None, path_or_file=io.BytesIO(text.encode()))
    assert [(row, column) for row, column, _m in result.errors] == [(2, "date")]


# --- Sessions ----------------------------------------------------------------------------


def test_a_session_cannot_start_in_the_future(point):
    PatronFactory(card_number="C-1")
    with pytest.raises(DomainError) as caught:
        services.session_start(
            actor=None,
            site=point,
            computer=Equipment.objects.get(code="X-TEST-PC01"),
            person_code="C-1",
            start=timezone.now() + dt.timedelta(hours=2),
        )
    assert "start" in caught.value.message_dict
    assert not Session.objects.exists()


def test_a_session_cannot_last_more_than_a_day(point):
    session = SessionFactory(
        site=point, computer=Equipment.objects.get(code="X-TEST-PC01"), end=None
    )
    with pytest.raises(DomainError) as caught:
        services.session_end(actor=None, session=session, end=session.start + dt.timedelta(days=2))
    assert caught.value.message_dict["end"] == ["A session cannot last more than a day."]


def test_a_session_left_open_is_ended_a_day_after_its_start(point):
    session = SessionFactory(
        site=point, computer=Equipment.objects.get(code="X-TEST-PC01"), end=None
    )
    services.session_end(actor=None, session=session)
    session.refresh_from_db()
    assert session.end == session.start + dt.timedelta(days=1)


def test_implausibly_many_pages_are_refused_on_the_computers_page(daklao_staff):
    staff = Client()
    staff.force_login(daklao_staff)
    daklao = Site.objects.get(code="X-DAKLAO")
    patron = services.patron_register(actor=None, site=daklao, consent=True)
    computer = Equipment.objects.get(code="X-DAKLAO-PC01")
    session = services.session_start(
        actor=None, site=daklao, computer=computer, person_code=patron.card_number
    )
    end = reverse("usage:session_end", kwargs={"session_id": session.pk})
    response = staff.post(end, {"pages_printed": "5000"})
    assert response.status_code == 200
    assert "Tối đa 1000 trang trong một phiên." in response.text
    session.refresh_from_db()
    assert session.end is None


@pytest.mark.parametrize(
    "row, column",
    [
        ("X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-06T09:00,,", "end"),
        ("X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T10:00,,5000", "pages"),
        ("X-TEST,X-TEST-PC01,C-1,patron,1999-03-04T09:00,1999-03-04T10:00,,", "start"),
        ("X-TEST,X-TEST-PC01,C-1,patron,2099-03-04T09:00,2099-03-04T10:00,,", "start"),
    ],
)
def test_the_session_import_reports_an_implausible_session(point, row, column):
    text = SESSION_HEADER + row + "\n"
    result = services.sessions_import(actor=None, path_or_file=io.BytesIO(text.encode()))
    assert (2, column) in {(r, c) for r, c, _m in result.errors}
    assert not Session.objects.exists() and not Patron.objects.exists()


def test_a_session_of_a_few_hours_is_imported(point):
    text = SESSION_HEADER + "X-TEST,X-TEST-PC01,C-1,patron,2019-03-04T09:00,2019-03-04T17:00,,40\n"
    result = services.sessions_import(actor=None, path_or_file=io.BytesIO(text.encode()))
    assert result.ok and Session.objects.get().end == local(2019, 3, 4, 17, 0)

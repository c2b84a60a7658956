"""Usage pages: what part-time staff and the province see and may do, scoped to their points."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.models import Equipment
from pacnet.usage import services
from pacnet.usage.models import GuestPass, ManualTally, Patron, Session


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def daklao(demo_network):
    return Site.objects.get(code="X-DAKLAO")


@pytest.fixture
def tinh(demo_network):
    return Site.objects.get(code="TV-TINH")


@pytest.fixture
def staff(daklao_staff):
    return client_for(daklao_staff)


@pytest.fixture
def daklao_patron(daklao, province_admin):
    return services.patron_register(
        actor=province_admin, site=daklao, consent=True, display_name="Hờ Thị Hoà", birth_year=1990
    )


@pytest.fixture
def tinh_patron(tinh, province_admin):
    return services.patron_register(
        actor=province_admin, site=tinh, consent=True, display_name="Trần Văn Tỉnh"
    )


def page_urls(site: Site, patron: Patron, batch) -> list[str]:
    month = today()
    return [
        reverse("usage:home"),
        reverse("usage:patron_search") + "?q=" + patron.card_number[:4],
        reverse("usage:patron_register"),
        reverse("usage:patron_detail", kwargs={"card_number": patron.card_number}),
        reverse("usage:patron_card", kwargs={"card_number": patron.card_number}),
        reverse("usage:patron_update", kwargs={"card_number": patron.card_number}),
        reverse("usage:guest_passes", kwargs={"site_code": site.code}),
        reverse("usage:guest_pass_sheet", kwargs={"batch_id": batch.pk}),
        reverse("usage:computers", kwargs={"site_code": site.code}),
        reverse(
            "usage:tally_month",
            kwargs={"site_code": site.code, "year": month.year, "month": month.month},
        ),
    ]


def test_every_page_renders_for_the_province_admin(province_admin, daklao, daklao_patron):
    batch = services.guest_passes_issue(actor=province_admin, site=daklao, count=3)
    client = client_for(province_admin)
    for url in page_urls(daklao, daklao_patron, batch):
        assert client.get(url).status_code == 200, url


def test_every_page_of_their_point_renders_for_point_staff(
    staff, province_admin, daklao, daklao_patron
):
    batch = services.guest_passes_issue(actor=province_admin, site=daklao, count=3)
    for url in page_urls(daklao, daklao_patron, batch):
        assert staff.get(url).status_code == 200, url


def test_point_staff_cannot_open_another_points_pages(staff, province_admin, tinh, tinh_patron):
    batch = services.guest_passes_issue(actor=province_admin, site=tinh, count=2)
    for url in page_urls(tinh, tinh_patron, batch)[3:]:
        assert staff.get(url).status_code == 404, url


def test_point_staff_search_finds_only_their_points_patrons(staff, daklao_patron, tinh_patron):
    response = staff.get(reverse("usage:patron_search"), {"q": "Thi"})
    assert daklao_patron.card_number in response.text
    response = staff.get(reverse("usage:patron_search"), {"q": "Tỉnh"})
    assert tinh_patron.card_number not in response.text
    assert "Trần Văn Tỉnh" not in response.text


def test_before_a_search_the_page_lists_the_latest_patrons_of_their_points(
    staff, daklao_patron, tinh_patron
):
    response = staff.get(reverse("usage:patron_search"))
    assert daklao_patron.card_number in response.text
    assert tinh_patron.card_number not in response.text


def test_patron_search_ignores_accents_and_case(staff, daklao_patron):
    response = staff.get(reverse("usage:patron_search"), {"q": "ho thi hoa"})
    assert daklao_patron.card_number in response.text


def test_a_card_number_typed_in_full_opens_the_patron(staff, daklao_patron):
    response = staff.get(reverse("usage:patron_search"), {"q": daklao_patron.card_number})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/usage/patrons/{daklao_patron.card_number}/")


def test_patron_search_query_count_does_not_grow_with_patrons(
    staff, daklao, province_admin, django_assert_max_num_queries
):
    for n in range(12):
        services.patron_register(
            actor=province_admin, site=daklao, consent=True, display_name=f"Nông Văn {n}"
        )
    with django_assert_max_num_queries(8):
        response = staff.get(reverse("usage:patron_search"), {"q": "nong van"})
    assert response.text.count("data-card=") == 12


def test_the_register_form_preselects_the_only_point(staff):
    response = staff.get(reverse("usage:patron_register"))
    assert 'name="site" value="X-DAKLAO"' in response.text


def test_registration_records_the_patron_and_shows_the_card_with_its_qr_code(staff, daklao):
    response = staff.post(
        reverse("usage:patron_register"),
        {
            "site": "X-DAKLAO",
            "display_name": "H. T. M.",
            "birth_year": "2001",
            "gender": "female",
            "groups": ["ethnic_minority", "student"],
            "consent": "on",
        },
        follow=True,
    )
    patron = Patron.objects.get()
    assert (patron.registered_at, patron.display_name, patron.birth_year) == (
        daklao,
        "H. T. M.",
        2001,
    )
    assert patron.ethnic_minority and patron.student and not patron.farmer
    assert patron.consent_given_on == today()
    assert patron.card_number in response.text
    assert '<svg viewBox="' in response.text and 'class="qr"' in response.text


def test_registration_without_consent_is_refused_and_writes_nothing(staff):
    response = staff.post(
        reverse("usage:patron_register"),
        {"site": "X-DAKLAO", "display_name": "Không đồng ý", "gender": "male"},
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.text
    assert not Patron.objects.exists()


def test_point_staff_cannot_register_a_patron_at_another_point(staff):
    response = staff.post(
        reverse("usage:patron_register"), {"site": "TV-TINH", "display_name": "X", "consent": "on"}
    )
    assert response.status_code == 200
    assert not Patron.objects.exists()


def test_editing_a_patron_changes_their_groups(staff, daklao_patron):
    url = reverse("usage:patron_update", kwargs={"card_number": daklao_patron.card_number})
    response = staff.post(
        url,
        {
            "display_name": "Hờ Thị Hoà",
            "birth_year": "1990",
            "gender": "female",
            "groups": ["farmer"],
        },
    )
    assert response.status_code == 302
    daklao_patron.refresh_from_db()
    assert (daklao_patron.gender, daklao_patron.farmer) == ("female", True)


def test_issuing_guest_passes_prints_a_sheet_without_personal_data(staff, daklao):
    url = reverse("usage:guest_passes", kwargs={"site_code": "X-DAKLAO"})
    response = staff.post(url, {"count": "5"}, follow=True)
    codes = list(GuestPass.objects.filter(batch__site=daklao).values_list("code", flat=True))
    assert len(codes) == 5
    assert all(code in response.text for code in codes)
    assert response.text.count('class="pass-slip"') == 5


@pytest.mark.parametrize("count", ["0", "201", "abc"])
def test_a_batch_outside_1_to_200_is_refused(staff, count):
    url = reverse("usage:guest_passes", kwargs={"site_code": "X-DAKLAO"})
    response = staff.post(url, {"count": count})
    assert response.status_code == 200
    assert not GuestPass.objects.exists()


def test_computers_page_shows_a_tile_per_computer_in_service(staff):
    response = staff.get(reverse("usage:computers", kwargs={"site_code": "X-DAKLAO"}))
    for n in range(1, 6):
        assert f'data-computer="X-DAKLAO-PC0{n}"' in response.text
    assert response.text.count('data-state="free"') == 5


def test_staff_start_and_end_a_session_from_the_computers_page(staff, daklao_patron):
    pc = Equipment.objects.get(code="X-DAKLAO-PC02")
    start_url = reverse("usage:session_start", kwargs={"site_code": "X-DAKLAO"})
    staff.post(
        start_url, {"computer": pc.pk, "person_code": daklao_patron.card_number, "service": "web"}
    )
    session = Session.objects.get()
    assert (session.computer, session.patron, session.service, session.end) == (
        pc,
        daklao_patron,
        "web",
        None,
    )
    page = staff.get(reverse("usage:computers", kwargs={"site_code": "X-DAKLAO"}))
    assert page.text.count('data-state="busy"') == 1
    staff.post(
        reverse("usage:session_end", kwargs={"session_id": session.pk}), {"pages_printed": "3"}
    )
    session.refresh_from_db()
    assert session.end is not None and session.pages_printed == 3


def test_an_unknown_card_is_shown_on_its_tile_and_starts_nothing(staff):
    pc = Equipment.objects.get(code="X-DAKLAO-PC01")
    response = staff.post(
        reverse("usage:session_start", kwargs={"site_code": "X-DAKLAO"}),
        {"computer": pc.pk, "person_code": "NO-SUCH-CARD"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.text and 'value="NO-SUCH-CARD"' in response.text
    assert not Session.objects.exists()


def test_point_staff_cannot_start_a_session_at_another_point(staff, tinh_patron):
    pc = Equipment.objects.get(code="TV-TINH-PC01")
    response = staff.post(
        reverse("usage:session_start", kwargs={"site_code": "TV-TINH"}),
        {"computer": pc.pk, "person_code": tinh_patron.card_number},
    )
    assert response.status_code == 404
    assert not Session.objects.exists()


# --- The month grid of paper tallies ------------------------------------------------------


def tally_url(year: int, month: int, code: str = "X-DAKLAO") -> str:
    return reverse("usage:tally_month", kwargs={"site_code": code, "year": year, "month": month})


def row_errors(row_html: str) -> str:
    """The errors shown under a day's row (its chunk of the page runs to the next day)."""
    if "data-row-errors>" not in row_html:
        return ""
    return row_html.split("data-row-errors>")[1].split("</td>")[0]


def test_the_month_grid_is_prefilled_with_the_saved_tallies(staff, daklao, province_admin):
    services.tally_month_save(
        actor=province_admin, site=daklao, year=2024, month=2, days={dt.date(2024, 2, 29): (17, 9)}
    )
    response = staff.get(tally_url(2024, 2))
    assert response.text.count("<tr data-day=") == 29
    assert 'name="d29_visits" value="17"' in response.text
    assert 'name="d29_users" value="9"' in response.text


def test_the_month_grid_is_saved_in_one_go(staff, daklao):
    response = staff.post(
        tally_url(2024, 3),
        {"d01_visits": "10", "d01_users": "7", "d15_visits": "4", "d15_users": "4"},
    )
    assert response.status_code == 302
    saved = dict(ManualTally.objects.filter(site=daklao).values_list("day", "visits"))
    assert saved == {dt.date(2024, 3, 1): 10, dt.date(2024, 3, 15): 4}


def test_bad_rows_are_shown_next_to_them_and_nothing_is_saved(staff, daklao):
    next_month = today().replace(day=1) + dt.timedelta(days=32)
    response = staff.post(
        tally_url(2024, 3),
        {
            "d01_visits": "10", "d01_users": "7",  # a good row, saved only with the others
            "d02_visits": "3", "d02_users": "5",  # more users than visits
            "d03_visits": "-1", "d03_users": "0",  # negative
            "d04_visits": "2",  # users missing
        },
    )  # fmt: skip
    assert response.status_code == 200
    rows = response.text.split("<tr data-day=")
    assert "<div>" in row_errors(rows[2]) and "<div>" in row_errors(rows[4])
    assert row_errors(rows[1]) == "" and row_errors(rows[3]) != ""
    assert 'class="row-error' in rows[2] and 'class="row-error' in rows[3]
    assert 'class="row-error' in rows[4] and 'class="row-error' not in rows[1]
    assert not ManualTally.objects.filter(site=daklao).exists()
    future = staff.post(
        tally_url(next_month.year, next_month.month)
        if next_month.replace(day=1) <= today()
        else tally_url(today().year, today().month),
        {f"d{d:02d}_visits": "1" for d in range(1, 29)}
        | {f"d{d:02d}_users": "1" for d in range(1, 29)},
    )
    if today().day < 28:  # a day still to come this month is refused
        assert future.status_code == 200 and "row-error" in future.text
        assert not ManualTally.objects.exists()


def test_the_month_grid_query_count_is_constant(
    staff, daklao, province_admin, django_assert_max_num_queries
):
    services.tally_month_save(
        actor=province_admin,
        site=daklao,
        year=2024,
        month=1,
        days={dt.date(2024, 1, d): (d, 1) for d in range(1, 32)},
    )
    with django_assert_max_num_queries(8):
        response = staff.get(tally_url(2024, 1))
    assert response.status_code == 200


def test_point_staff_cannot_open_another_points_month_grid(staff):
    assert staff.get(tally_url(2024, 1, "TV-TINH")).status_code == 404
    assert (
        staff.post(tally_url(2024, 1, "TV-TINH"), {"d01_visits": "1", "d01_users": "1"}).status_code
        == 404
    )
    assert not ManualTally.objects.exists()

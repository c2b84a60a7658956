"""Usage pages: what part-time staff and the province see and may do, scoped to their points."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.audit import audit_entries_for
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.models import Equipment
from pacnet.usage import services
from pacnet.usage.models import GuestPass, GuestPassBatch, ManualTally, Patron, Session
from pacnet.usage.pins import pin_matches


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
        reverse("usage:patron_pin", kwargs={"card_number": patron.card_number}),
        reverse("usage:guest_passes", kwargs={"site_code": site.code}),
        reverse("usage:guest_pass_sheet", kwargs={"batch_id": batch.pk}),
        reverse("usage:computers", kwargs={"site_code": site.code}),
        reverse(
            "usage:tally_month",
            kwargs={"site_code": site.code, "year": month.year, "month": month.month},
        ),
    ]


def test_every_page_renders_for_the_province_admin(province_admin, daklao, daklao_patron):
    batch = services.guest_passes_issue(actor=province_admin, site=daklao, count=3).batch
    client = client_for(province_admin)
    for url in page_urls(daklao, daklao_patron, batch):
        assert client.get(url).status_code == 200, url


def test_every_page_of_their_point_renders_for_point_staff(
    staff, province_admin, daklao, daklao_patron
):
    batch = services.guest_passes_issue(actor=province_admin, site=daklao, count=3).batch
    for url in page_urls(daklao, daklao_patron, batch):
        assert staff.get(url).status_code == 200, url


def test_point_staff_cannot_open_another_points_pages(staff, province_admin, tinh, tinh_patron):
    batch = services.guest_passes_issue(actor=province_admin, site=tinh, count=2).batch
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


# --- Guest pass PINs ---------------------------------------------------------------------

SLIP_PIN = re.compile(r'data-code="([0-9A-Z]+)".*?data-pin>([0-9]+)<', re.S)


def sheet_url(batch) -> str:
    return reverse("usage:guest_pass_sheet", kwargs={"batch_id": batch.pk})


def issue(client, count=3):
    response = client.post(
        reverse("usage:guest_passes", kwargs={"site_code": "X-DAKLAO"}),
        {"count": str(count)},
        follow=True,
    )
    return GuestPassBatch.objects.latest("pk"), response


def test_the_sheet_right_after_issue_shows_each_pass_with_its_pin(staff):
    batch, response = issue(staff, count=4)
    printed = dict(SLIP_PIN.findall(response.text))
    stored = dict(batch.passes.values_list("code", "pin_hash"))
    assert sorted(printed) == sorted(stored)
    assert all(pin_matches(printed[code], stored[code]) for code in stored)
    assert "no-store" in response["Cache-Control"]


def test_forgetting_the_pins_leaves_codes_only_with_a_note(staff):
    batch, _response = issue(staff)
    response = staff.post(
        reverse("usage:guest_pass_pins_forget", kwargs={"batch_id": batch.pk}), follow=True
    )
    assert not SLIP_PIN.findall(response.text)
    assert response.text.count('class="pass-slip"') == 3
    assert response.text.count("data-pin-printed") == 3
    assert 'id="pins-held"' not in staff.get(sheet_url(batch)).text


def test_a_reprint_from_another_login_shows_no_pin(staff, daklao_staff):
    batch, _response = issue(staff)
    assert not SLIP_PIN.findall(client_for(daklao_staff).get(sheet_url(batch)).text)


def test_pins_are_held_per_batch(staff):
    first, _response = issue(staff)
    second, _response = issue(staff)
    staff.post(reverse("usage:guest_pass_pins_forget", kwargs={"batch_id": first.pk}))
    assert not SLIP_PIN.findall(staff.get(sheet_url(first)).text)
    assert len(SLIP_PIN.findall(staff.get(sheet_url(second)).text)) == 3


def test_new_pins_for_a_batch_are_shown_and_replace_the_printed_ones(staff, daklao_staff):
    batch, _response = issue(staff)
    staff.post(reverse("usage:guest_pass_pins_forget", kwargs={"batch_id": batch.pk}))
    response = staff.post(
        reverse("usage:guest_pass_pins_renew", kwargs={"batch_id": batch.pk}), follow=True
    )
    printed = dict(SLIP_PIN.findall(response.text))
    assert len(printed) == 3
    for guest in batch.passes.all():
        assert pin_matches(printed[guest.code], guest.pin_hash)
    entry = audit_entries_for(batch).latest("pk")
    assert entry.actor == daklao_staff
    assert not any(pin in str(entry.changes) for pin in printed.values())


def test_a_reader_of_the_point_sees_the_sheet_but_cannot_renew_its_pins(daklao, staff):
    batch, _response = issue(staff)
    reader = client_for(UserFactory(role=Role.INSPECTOR, scope_sites=[daklao]))
    before = dict(batch.passes.values_list("code", "pin_hash"))
    page = reader.get(sheet_url(batch))
    assert page.status_code == 200 and 'new-pins/"' not in page.text
    url = reverse("usage:guest_pass_pins_renew", kwargs={"batch_id": batch.pk})
    assert reader.post(url).status_code == 403
    assert dict(batch.passes.values_list("code", "pin_hash")) == before


def test_point_staff_cannot_renew_or_forget_another_points_pins(staff, province_admin, tinh):
    batch = services.guest_passes_issue(actor=province_admin, site=tinh, count=2).batch
    before = dict(batch.passes.values_list("code", "pin_hash"))
    for name in ("guest_pass_pins_renew", "guest_pass_pins_forget"):
        assert (
            staff.post(reverse(f"usage:{name}", kwargs={"batch_id": batch.pk})).status_code == 404
        )
    assert dict(batch.passes.values_list("code", "pin_hash")) == before


def test_renewing_pins_takes_a_post_only(staff):
    batch, _response = issue(staff)
    before = dict(batch.passes.values_list("code", "pin_hash"))
    url = reverse("usage:guest_pass_pins_renew", kwargs={"batch_id": batch.pk})
    assert staff.get(url).status_code == 405
    assert dict(batch.passes.values_list("code", "pin_hash")) == before


# --- Patron PINs -------------------------------------------------------------------------

REGISTRATION = {"site": "X-DAKLAO", "display_name": "H. T. M.", "consent": "on"}


def pin_url(patron) -> str:
    return reverse("usage:patron_pin", kwargs={"card_number": patron.card_number})


def test_the_register_form_asks_an_optional_numeric_pin_as_a_password(staff):
    response = staff.get(reverse("usage:patron_register"))
    field = re.search(r'<input[^>]*name="pin"[^>]*>', response.text).group(0)
    assert 'type="password"' in field and 'inputmode="numeric"' in field
    assert "required" not in field


def test_a_pin_given_at_registration_is_stored_hashed(staff):
    staff.post(reverse("usage:patron_register"), REGISTRATION | {"pin": "4821"})
    patron = Patron.objects.get()
    assert pin_matches("4821", patron.pin_hash) and "4821" not in patron.pin_hash


@pytest.mark.parametrize("pin", ["12a4", "123", "123456789"])
def test_a_malformed_pin_at_registration_is_shown_on_its_field_and_writes_nothing(staff, pin):
    response = staff.post(reverse("usage:patron_register"), REGISTRATION | {"pin": pin})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["pin"]
    assert f'value="{pin}"' not in response.text  # a PIN typed is never sent back
    assert not Patron.objects.exists()


def test_the_patron_page_says_whether_a_pin_is_set_never_showing_it(staff, daklao_patron):
    services.patron_pin_set(actor=None, patron=daklao_patron, pin="4821")
    daklao_patron.refresh_from_db()
    url = reverse("usage:patron_detail", kwargs={"card_number": daklao_patron.card_number})
    page = staff.get(url).text
    assert 'id="patron-pin-state" data-state="set"' in page
    assert daklao_patron.pin_hash not in page and "pbkdf2" not in page
    assert pin_url(daklao_patron) in page


def test_staff_set_a_patrons_pin_from_the_patron_page(staff, daklao_patron, daklao_staff):
    response = staff.post(pin_url(daklao_patron), {"pin": "246810"})
    assert response.status_code == 302
    daklao_patron.refresh_from_db()
    assert pin_matches("246810", daklao_patron.pin_hash)
    entry = audit_entries_for(daklao_patron).latest("pk")
    assert entry.actor == daklao_staff and "246810" not in str(entry.changes)


@pytest.mark.parametrize("pin", ["12a4", "123", ""])
def test_a_malformed_pin_is_shown_on_its_field_and_writes_nothing(staff, daklao_patron, pin):
    services.patron_pin_set(actor=None, patron=daklao_patron, pin="1111")
    response = staff.post(pin_url(daklao_patron), {"pin": pin})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["pin"]
    assert "invalid-feedback" in response.text
    assert pin_matches("1111", Patron.objects.get(pk=daklao_patron.pk).pin_hash)
    assert audit_entries_for(daklao_patron).count() == 2  # registration and the first PIN


def test_staff_remove_a_patrons_pin(staff, daklao_patron):
    services.patron_pin_set(actor=None, patron=daklao_patron, pin="1111")
    assert 'id="patron-pin-remove"' in staff.get(pin_url(daklao_patron)).text
    response = staff.post(pin_url(daklao_patron), {"remove": "on"})
    assert response.status_code == 302
    assert Patron.objects.get(pk=daklao_patron.pk).pin_hash == ""


def test_point_staff_cannot_set_the_pin_of_another_points_patron(staff, tinh_patron):
    assert staff.post(pin_url(tinh_patron), {"pin": "1234"}).status_code == 404
    assert Patron.objects.get(pk=tinh_patron.pk).pin_hash == ""


def test_a_reader_of_the_point_cannot_set_a_pin(daklao, daklao_patron):
    reader = client_for(UserFactory(role=Role.INSPECTOR, scope_sites=[daklao]))
    assert reader.post(pin_url(daklao_patron), {"pin": "1234"}).status_code == 403
    assert Patron.objects.get(pk=daklao_patron.pk).pin_hash == ""


def test_the_back_office_never_shows_a_patrons_pin_hash(daklao_patron):
    services.patron_pin_set(actor=None, patron=daklao_patron, pin="4821")
    daklao_patron.refresh_from_db()
    admin = client_for(UserFactory(is_staff=True, is_superuser=True))
    page = admin.get(reverse("admin:usage_patron_change", args=[daklao_patron.pk]))
    assert page.status_code == 200
    assert 'name="pin_hash"' not in page.text and daklao_patron.pin_hash not in page.text

"""The province administrator manages the users of their scope in the app, every change audited."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from pacnet.accounts import services
from pacnet.accounts.models import Role, User
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, Site

NEW_PASSWORD = "Thu-vien-2026!"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def can_log_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def entries_of(user):
    return AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user")


@pytest.fixture
def dakmil_admin(demo_network):
    """An administrator of one former district: Đắk Lao's point is in it, the province is not."""
    return UserFactory(
        username="dakmil",
        role=Role.PROVINCE_ADMIN,
        scope_units=[AdministrativeUnit.objects.get(code="DNO-DAKMIL")],
    )


@pytest.fixture
def tinh_staff(demo_network):
    return UserFactory(
        username="tvtinh", role=Role.POINT_STAFF, scope_sites=[Site.objects.get(code="TV-TINH")]
    )


def new_user_data(**extra) -> dict:
    return {
        "username": "moi",
        "full_name": "Cán bộ mới",
        "email": "moi@example.vn",
        "role": Role.POINT_STAFF,
        "scope_sites": [Site.objects.get(code="X-DAKLAO").pk],
        "password": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }


def listed(response) -> set[str]:
    import re

    return set(re.findall(r'data-user="([^"]+)"', response.content.decode()))


# --- The list ----------------------------------------------------------------------------


def test_the_list_shows_the_users_within_the_administrators_scope_only(
    dakmil_admin, daklao_staff, tinh_staff, province_admin
):
    response = client_of(dakmil_admin).get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert listed(response) == {"dakmil", "daklao"}


def test_the_province_administrator_lists_every_user_of_the_province(
    province_admin, daklao_staff, tinh_staff
):
    response = client_of(province_admin).get(reverse("accounts:user_list"))
    assert listed(response) == {"tinh", "daklao", "tvtinh"}


def test_the_list_query_count_does_not_grow_with_users(
    province_admin, daklao_staff, django_assert_max_num_queries
):
    client = client_of(province_admin)
    with django_assert_max_num_queries(24) as few:  # the scope, the list, the lockouts, the session
        client.get(reverse("accounts:user_list"))
    daklao = Site.objects.get(code="X-DAKLAO")
    for _ in range(15):
        UserFactory(role=Role.POINT_STAFF, scope_sites=[daklao])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accounts:user_list"))
    assert len(listed(response)) == 17


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PROVINCE_ADMIN])
def test_other_roles_may_not_manage_users(demo_network, role):
    user = UserFactory(role=role, scope_units=[AdministrativeUnit.objects.get(code="LDG")])
    client = client_of(user)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403


def test_the_menu_offers_users_to_the_administrator_only(province_admin, daklao_staff):
    url = reverse("accounts:user_list")
    assert f'href="{url}"' in client_of(province_admin).get(reverse("dashboard:home")).text
    assert f'href="{url}"' not in client_of(daklao_staff).get(reverse("dashboard:home")).text


def test_a_user_outside_the_scope_is_refused(dakmil_admin, tinh_staff):
    client = client_of(dakmil_admin)
    for name in ("user_detail", "user_edit", "user_password"):
        url = reverse(f"accounts:{name}", kwargs={"user_id": tinh_staff.pk})
        assert client.get(url).status_code in {403, 404}
    url = reverse("accounts:user_deactivate", kwargs={"user_id": tinh_staff.pk})
    assert client.post(url).status_code in {403, 404}
    tinh_staff.refresh_from_db()
    assert tinh_staff.is_active


# --- Create, role and scope --------------------------------------------------------------


def test_the_administrator_adds_a_user_who_can_then_log_in(province_admin):
    response = client_of(province_admin).post(reverse("accounts:user_create"), new_user_data())
    user = User.objects.get(username="moi")
    assert response["Location"] == reverse("accounts:user_detail", kwargs={"user_id": user.pk})
    assert user.role == Role.POINT_STAFF
    assert list(user.scope_sites.values_list("code", flat=True)) == ["X-DAKLAO"]
    assert can_log_in("moi", NEW_PASSWORD)
    entry = entries_of(user).get()
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, province_admin)


def test_a_weak_password_is_refused_and_nothing_is_saved(province_admin):
    data = new_user_data(password="12345678", password2="12345678")
    response = client_of(province_admin).post(reverse("accounts:user_create"), data)
    assert response.status_code == 400
    assert not User.objects.filter(username="moi").exists()


def test_a_scope_outside_the_administrators_is_refused(dakmil_admin):
    data = new_user_data(scope_sites=[Site.objects.get(code="TV-TINH").pk])
    response = client_of(dakmil_admin).post(reverse("accounts:user_create"), data)
    assert response.status_code == 400
    assert not User.objects.filter(username="moi").exists()


def test_the_service_refuses_a_unit_outside_the_actors_scope(dakmil_admin):
    with pytest.raises(ValidationError) as error:
        services.user_create(
            actor=dakmil_admin,
            username="moi",
            password=NEW_PASSWORD,
            role=Role.INSPECTOR,
            scope_units=[AdministrativeUnit.objects.get(code="LDG")],
        )
    assert "scope_units" in error.value.message_dict


def test_the_unit_of_an_administrators_point_is_not_theirs_to_give(demo_network):
    """Scoped to one point, an administrator cannot give the commune around it."""
    point_admin = UserFactory(
        role=Role.PROVINCE_ADMIN, scope_sites=[Site.objects.get(code="X-DAKLAO")]
    )
    with pytest.raises(ValidationError):
        services.user_create(
            actor=point_admin,
            username="moi",
            password=NEW_PASSWORD,
            role=Role.INSPECTOR,
            scope_units=[AdministrativeUnit.objects.get(code="XA-DAKLAO")],
        )


def test_no_one_grants_a_role_above_their_own(demo_network):
    library = UserFactory(
        role=Role.LIBRARY_STAFF, scope_units=[AdministrativeUnit.objects.get(code="LDG")]
    )
    with pytest.raises(ValidationError) as error:
        services.user_create(
            actor=library,
            username="moi",
            password=NEW_PASSWORD,
            role=Role.PROVINCE_ADMIN,
            scope_units=[AdministrativeUnit.objects.get(code="DNO-DAKMIL")],
        )
    assert "role" in error.value.message_dict


def test_the_administrator_changes_a_role_and_scope_and_it_is_audited(province_admin, daklao_staff):
    url = reverse("accounts:user_edit", kwargs={"user_id": daklao_staff.pk})
    data = {
        "full_name": "Cán bộ Đắk Lao",
        "email": "",
        "role": Role.INSPECTOR,
        "scope_units": [AdministrativeUnit.objects.get(code="DNO-DAKMIL").pk],
    }
    assert client_of(province_admin).post(url, data).status_code == 302
    daklao_staff.refresh_from_db()
    assert daklao_staff.role == Role.INSPECTOR
    assert list(daklao_staff.scope_sites.all()) == []
    changes = entries_of(daklao_staff).get(action=AuditEntry.Action.UPDATE).changes
    assert changes["role"] == ["access-point staff", "inspector (read-only)"]
    assert changes["administrative units in scope"] == ["", "Huyện Đắk Mil"]


def test_an_administrator_cannot_change_their_own_role(province_admin):
    url = reverse("accounts:user_edit", kwargs={"user_id": province_admin.pk})
    data = {
        "full_name": "x",
        "role": Role.INSPECTOR,
        "scope_units": [AdministrativeUnit.objects.get(code="LDG").pk],
    }
    assert client_of(province_admin).post(url, data).status_code == 400
    province_admin.refresh_from_db()
    assert province_admin.role == Role.PROVINCE_ADMIN


# --- Deactivate, password, unlock --------------------------------------------------------


def test_a_deactivated_user_is_logged_out_and_cannot_log_in(province_admin, daklao_staff):
    their_browser = client_of(daklao_staff)
    url = reverse("accounts:user_deactivate", kwargs={"user_id": daklao_staff.pk})
    assert client_of(province_admin).post(url).status_code == 302
    daklao_staff.refresh_from_db()
    assert not daklao_staff.is_active
    assert their_browser.get(reverse("dashboard:home")).status_code == 302
    assert not can_log_in("daklao", "pacnet-test")
    changes = entries_of(daklao_staff).get().changes
    assert changes["active"] == ["True", "False"]


def test_an_administrator_cannot_deactivate_themselves(province_admin):
    url = reverse("accounts:user_deactivate", kwargs={"user_id": province_admin.pk})
    response = client_of(province_admin).post(url, follow=True)
    province_admin.refresh_from_db()
    assert province_admin.is_active
    assert "Bạn không thể tự khoá tài khoản của mình." in response.text


def test_a_reactivated_user_can_log_in_again(province_admin, daklao_staff):
    services.user_deactivate(actor=province_admin, user=daklao_staff)
    url = reverse("accounts:user_activate", kwargs={"user_id": daklao_staff.pk})
    client_of(province_admin).post(url)
    assert can_log_in("daklao", "pacnet-test")


def test_the_administrator_sets_a_new_password_audited_without_the_hash(
    province_admin, daklao_staff
):
    url = reverse("accounts:user_password", kwargs={"user_id": daklao_staff.pk})
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client_of(province_admin).post(url, data).status_code == 302
    assert can_log_in("daklao", NEW_PASSWORD)
    assert not can_log_in("daklao", "pacnet-test")
    entry = entries_of(daklao_staff).get()
    assert entry.actor == province_admin
    assert entry.changes == {"password": ["", "changed"]}


def test_a_locked_out_user_shows_as_such_and_the_administrator_unlocks_them(
    province_admin, daklao_staff
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        can_log_in("daklao", "wrong")
    admin = client_of(province_admin)
    detail = reverse("accounts:user_detail", kwargs={"user_id": daklao_staff.pk})
    assert "bị khoá đăng nhập" in admin.get(reverse("accounts:user_list")).text
    assert reverse("accounts:user_unlock", kwargs={"user_id": daklao_staff.pk}) in (
        admin.get(detail).text
    )
    admin.post(reverse("accounts:user_unlock", kwargs={"user_id": daklao_staff.pk}))
    assert can_log_in("daklao", "pacnet-test")

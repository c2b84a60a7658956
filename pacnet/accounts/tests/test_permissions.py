"""The permission service: what each role may do, and on which points and units."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from pacnet.accounts.models import Role, User
from pacnet.accounts.permissions import (
    Action,
    require,
    restrict_to_scope,
    user_may,
    visible_sites,
    visible_units,
)
from pacnet.accounts.tests.factories import UserFactory
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.models import Equipment

V, C, D = Action.VIEW, Action.CHANGE, Action.DELETE
ALL = set(Action)
# The specification: which actions each role may take on each kind of object.
MATRIX = {
    Role.PROVINCE_ADMIN: {Site: ALL, AdministrativeUnit: ALL, Equipment: ALL, User: ALL},
    Role.LIBRARY_STAFF: {
        Site: ALL - {D},
        AdministrativeUnit: {V},
        Equipment: ALL - {D},
        User: set(),
    },
    Role.POINT_STAFF: {Site: {V, C}, AdministrativeUnit: {V}, Equipment: {V, C}, User: set()},
    Role.FINANCE_OFFICER: {Site: {V}, AdministrativeUnit: {V}, Equipment: {V}, User: set()},
    Role.INSPECTOR: {Site: {V}, AdministrativeUnit: {V}, Equipment: {V}, User: set()},
}
CASES = [
    (role, model, action, action in allowed)
    for role, models in MATRIX.items()
    for model, allowed in models.items()
    for action in Action
]


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "model", "action", "allowed"),
    CASES,
    ids=[f"{r.value}-{m.__name__}-{a.value}" for r, m, a, _ in CASES],
)
def test_role_allows_exactly_its_actions(role, model, action, allowed):
    user = UserFactory(role=role)
    assert user_may(user, action, model) is allowed


@pytest.mark.django_db
def test_a_user_without_a_role_may_do_nothing():
    user = UserFactory(role="")
    assert not any(user_may(user, action, Site) for action in Action)


def test_province_admin_of_the_successor_province_sees_all_demo_points(province_admin):
    # DNO ended in 2025 and its successor is LDG: LDG's admin sees DNO's history too.
    assert visible_sites(province_admin).count() == 18


def test_province_admin_of_the_successor_province_sees_the_ended_units(province_admin):
    assert {"DNO", "DNO-KRONGNO", "XA-DAKLAO", "LDG"} <= codes(visible_units(province_admin))


def test_district_inspector_sees_the_points_that_were_in_the_district(krongno_inspector):
    assert codes(visible_sites(krongno_inspector)) == {"TV-KRONGNO", "X-NAMDA", "X-DAKDRO"}


def test_district_inspector_sees_the_district_and_its_communes(krongno_inspector):
    assert codes(visible_units(krongno_inspector)) == {"DNO-KRONGNO", "XA-NAMDA", "XA-DAKDRO"}


def test_district_inspector_sees_only_the_equipment_of_its_points(krongno_inspector):
    items = restrict_to_scope(krongno_inspector, Equipment.objects.all())
    assert {code.rsplit("-", 1)[0] for code in codes(items)} == {
        "TV-KRONGNO",
        "X-NAMDA",
        "X-DAKDRO",
    }


def test_point_staff_sees_one_point(daklao_staff):
    assert codes(visible_sites(daklao_staff)) == {"X-DAKLAO"}


def test_point_staff_sees_the_unit_of_its_point(daklao_staff):
    assert codes(visible_units(daklao_staff)) == {"XA-DAKLAO"}


def test_point_staff_may_change_equipment_at_its_point(daklao_staff):
    assert user_may(daklao_staff, C, Equipment.objects.get(code="X-DAKLAO-PC01"))


def test_point_staff_may_not_change_equipment_at_another_point(daklao_staff):
    assert not user_may(daklao_staff, C, Equipment.objects.get(code="TV-TINH-PC01"))


def test_point_staff_may_not_view_another_point(daklao_staff):
    assert not user_may(daklao_staff, V, Site.objects.get(code="TV-TINH"))


def test_point_staff_may_not_view_a_unit_outside_its_scope(daklao_staff):
    assert not user_may(daklao_staff, V, AdministrativeUnit.objects.get(code="DNO-GIANGHIA"))


def test_inspector_may_view_but_not_change_equipment_in_scope(krongno_inspector):
    item = Equipment.objects.get(code="X-NAMDA-PC01")
    assert user_may(krongno_inspector, V, item)
    assert not user_may(krongno_inspector, C, item)


def test_library_staff_may_not_delete_a_point_in_scope(demo_network):
    staff = UserFactory(
        role=Role.LIBRARY_STAFF, scope_units=[AdministrativeUnit.objects.get(code="LDG")]
    )
    site = Site.objects.get(code="TV-TINH")
    assert user_may(staff, C, site)
    assert not user_may(staff, D, site)


def test_require_refuses_with_permission_denied(daklao_staff):
    with pytest.raises(PermissionDenied):
        require(daklao_staff, V, Site.objects.get(code="TV-TINH"))


def test_province_admin_may_manage_users_within_its_scope(province_admin):
    inside = UserFactory(scope_sites=[Site.objects.get(code="X-DAKLAO")])
    assert user_may(province_admin, C, inside)


def test_province_admin_may_not_manage_users_beyond_its_scope(demo_network):
    district_admin = UserFactory(
        role=Role.PROVINCE_ADMIN, scope_units=[AdministrativeUnit.objects.get(code="DNO-KRONGNO")]
    )
    outside = UserFactory(scope_sites=[Site.objects.get(code="TV-TINH")])
    assert not user_may(district_admin, C, outside)


def test_inactive_user_sees_nothing_and_may_do_nothing(province_admin):
    province_admin.is_active = False
    assert not visible_sites(province_admin).exists()
    assert not visible_units(province_admin).exists()
    assert not user_may(province_admin, V, Site.objects.get(code="TV-TINH"))


def test_anonymous_user_sees_nothing_and_may_do_nothing(demo_network):
    anonymous = AnonymousUser()
    assert not visible_sites(anonymous).exists()
    assert not visible_units(anonymous).exists()
    assert not restrict_to_scope(anonymous, Equipment.objects.all()).exists()
    assert not user_may(anonymous, V, Site)


def test_superuser_sees_every_point_even_outside_any_unit(demo_network):
    SiteFactory(code="X-ELSEWHERE")
    root = UserFactory(is_superuser=True, role="")
    assert visible_sites(root).count() == Site.objects.count() == 19
    assert visible_units(root).count() == AdministrativeUnit.objects.count()
    assert user_may(root, D, Site.objects.get(code="X-ELSEWHERE"))


def test_a_user_with_no_scope_sees_nothing(demo_network):
    user = UserFactory(role=Role.PROVINCE_ADMIN)
    assert not visible_sites(user).exists()
    assert not user_may(user, V, Site.objects.get(code="TV-TINH"))

"""The demo's users, one per role (password pacnet-demo): a step of `load_demo`."""

from __future__ import annotations

from django.db import transaction

from pacnet.accounts.models import Role, User
from pacnet.accounts.permissions import site_model, unit_model
from pacnet.accounts.services import user_create

SOURCE = "demo"
DEMO_PASSWORD = "pacnet-demo"
# (username, full name, role, scope: unit codes or point codes)
DEMO_USERS = [
    ("tinh", "Sở VHTTDL (quản trị tỉnh)", Role.PROVINCE_ADMIN, ["LDG"], []),
    ("thuvien", "Thư viện tỉnh", Role.LIBRARY_STAFF, ["LDG"], []),
    ("daklao", "Cán bộ điểm Đắk Lao", Role.POINT_STAFF, [], ["X-DAKLAO"]),
    ("taichinh", "Sở Tài chính", Role.FINANCE_OFFICER, ["LDG"], []),
    ("thanhtra", "Thanh tra", Role.INSPECTOR, ["LDG"], []),
]


@transaction.atomic
def demo_users_create() -> list[tuple[str, str, str]]:
    """One user per role; returns (username, password, role label) for the login notice."""
    created = []
    for username, full_name, role, unit_codes, site_codes in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            role=role,
            scope_units=list(unit_model().objects.filter(code__in=unit_codes)),
            scope_sites=list(site_model().objects.filter(code__in=site_codes)),
            source=SOURCE,
        )
        created.append((username, DEMO_PASSWORD, Role(role).label))
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    return [(u, DEMO_PASSWORD, Role(r).label) for u, _n, r, _s, _p in DEMO_USERS]

"""THE route walk: every route of the URL conf refuses anonymous and out-of-scope users.

Routes are enumerated from the URL conf (see route_walk.py), never listed by hand. Their
kwargs are filled BY NAME from the registries below; a route with a kwarg that no
registry knows fails, so that a new route cannot slip past these checks unseen.

The out-of-scope user is the point staff of X-DAKLAO; the objects it must not reach
belong to the provincial library TV-TINH, in the unit DNO-GIANGHIA. Each is refused exactly as
an object that does not exist is (no existence oracle): same status, usually 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.static import serve

from pacnet.accounts.models import Role, User
from pacnet.accounts.tests.factories import UserFactory
from pacnet.alerts.models import Alert
from pacnet.alerts.services import alerts_refresh
from pacnet.connectivity.models import InternetLine
from pacnet.connectivity.services import internet_line_add
from pacnet.core.audit import snapshot
from pacnet.core.models import AuditEntry
from pacnet.core.tests.route_walk import Route, all_routes
from pacnet.faults.models import Fault, Repair
from pacnet.faults.services import fault_report, repair_record
from pacnet.geography.models import AdministrativeUnit, Site, SiteStaff
from pacnet.geography.services import site_staff_add
from pacnet.inventory.models import Equipment
from pacnet.maintenance.models import MaintenancePlan, MaintenanceVisit
from pacnet.maintenance.services import maintenance_plan_create, maintenance_visit_record
from pacnet.plans.demo import demo_plan_load
from pacnet.plans.models import Plan
from pacnet.usage.models import GuestPassBatch, Patron, Session
from pacnet.usage.services import guest_passes_issue, patron_register, session_start

OUTSIDE_STAFF_NAME = "Nguyễn Văn Ngoài Phạm Vi"


@dataclass
class Outside:
    """Objects outside the test user's scope, and a plan (it applies to the whole network)."""

    site: Site
    unit: AdministrativeUnit
    equipment: Equipment
    staff: SiteStaff
    patron: Patron
    batch: GuestPassBatch
    session: Session
    plan: Plan
    maintenance_plan: MaintenancePlan
    maintenance_visit: MaintenanceVisit
    fault: Fault
    repair: Repair
    alert: Alert
    line: InternetLine
    user: User


# Kwargs naming an object: filled with an object outside the user's scope.
OBJECT_KWARGS = {
    "site_code": lambda o: o.site.code,
    "unit_code": lambda o: o.unit.code,
    "equipment_code": lambda o: o.equipment.code,
    "staff_id": lambda o: o.staff.pk,
    "card_number": lambda o: o.patron.card_number,
    "batch_id": lambda o: o.batch.pk,
    "session_id": lambda o: o.session.pk,
    "fault_id": lambda o: o.fault.pk,
    "repair_id": lambda o: o.repair.pk,
    # Only those who manage plans (not point staff) reach a plan's own pages.
    "maintenance_plan_id": lambda o: o.maintenance_plan.pk,
    "visit_id": lambda o: o.maintenance_visit.pk,
    "alert_id": lambda o: o.alert.pk,
    "line_id": lambda o: o.line.pk,
    "user_id": lambda o: o.user.pk,
}
# The same kwargs naming nothing at all: out of scope must answer as these do.
MISSING_ID = 999_999_999
MISSING_KWARGS = {
    name: "KHONG-CO" if name.endswith(("_code", "card_number")) else MISSING_ID
    for name in OBJECT_KWARGS
}
# Kwargs that name no object in anyone's scope: a value, or one taken from the walk's objects
# (every role may view a plan, so its pages are walked like the lists).
PLAIN_KWARGS = {"format": "json", "year": 2024, "month": 5, "plan_id": lambda o: o.plan.pk}
# A maintenance plan applies to every point: its API record is open to every role that views
# plans (its pages, under maintenance_plan_id, only to those who manage plans).
PLAIN_KWARGS |= {"maintenance_plan_pk": lambda o: o.maintenance_plan.pk}
# A password-reset link that no one was sent.
PLAIN_KWARGS |= {"uidb64": "MQ", "token": "no-such-token"}
# The admin's own kwargs; admin routes are only checked for "staff only".
ADMIN_KWARGS = {"object_id": "1", "id": "1", "content_type_id": "1", "url": "no-such-page/"}
# Routes anyone may open. Keep this short: everything else needs a login.
PUBLIC_ROUTES = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
    "javascript-catalog",
    "admin:login",
    "admin:logout",
    # Kiosks: enrolment trades a one-time code for a token; Libki clients log in to nothing
    # (they identify by node name, and by the point's client header when it asks for one).
    "api:kiosk-api:enrol",
    "libki:client",
    "libki:print",
}
# A POST that a form or endpoint would accept, so that a missing check shows as a change.
POST_DATA = {
    "name": "Đổi tên trái phép",
    "full_name": "Người lạ",
    "phone": "0999999999",
    "note": "trái phép",
    "status": "faulty",
    "effective_on": "2024-05-02",
    "start": "2024-05-02",
    "day": "2024-05-02",
    "reason": "trái phép",
    "provider": "VNPT",
    "bandwidth_mbps": "10",
    "monthly_fee": "100000",
}
# 405: a view that does not take the method refuses it before touching any object.
REFUSED = {403, 404, 405}


def is_public(route: Route) -> bool:
    return route.label in PUBLIC_ROUTES or route.callback is serve


def fill(route: Route, outside: Outside, *, missing: bool = False) -> dict[str, object]:
    """Kwargs naming the outside objects, or (`missing`) objects that do not exist."""
    values: dict[str, object] = {}
    for name in route.kwarg_names:
        if name in OBJECT_KWARGS:
            values[name] = MISSING_KWARGS[name] if missing else OBJECT_KWARGS[name](outside)
        elif name in PLAIN_KWARGS:
            value = PLAIN_KWARGS[name]
            values[name] = value(outside) if callable(value) else value
        elif route.in_admin and name == "app_label":
            values[name] = sorted({m._meta.app_label for m in admin.site._registry})[0]
        elif route.in_admin and name in ADMIN_KWARGS:
            values[name] = ADMIN_KWARGS[name]
        elif is_public(route) and name == "path":
            values[name] = "no-such-file.txt"
        else:
            raise LookupError(name)
    return values


def fingerprint(outside: Outside) -> dict:
    """Row counts of every pacnet model, the audit trail and the outside objects' fields."""
    counts = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m.__module__.startswith("pacnet.")
    }
    objects = [type(o).objects.get(pk=o.pk) for o in vars(outside).values()]
    return {
        "counts": counts,
        "audit": AuditEntry.objects.count(),
        "objects": [snapshot(o) for o in objects],
    }


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def is_login_redirect(response, login_url: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login_url)


def request(client: Client, method: str, url: str):
    """The response, or the exception a view raised instead of answering."""
    try:
        if method == "GET":
            return client.get(url)
        return client.post(url, POST_DATA)
    except Exception as exc:  # noqa: BLE001 — a crash is reported like any other failure
        return exc


def describe(response) -> str:
    if isinstance(response, Exception):
        return f"raised {type(response).__name__}: {response}"
    return f"status {response.status_code}"


@pytest.fixture
def outside(demo_network) -> Outside:
    site = Site.objects.get(code="TV-TINH")
    equipment = Equipment.objects.get(code="TV-TINH-PC01")
    patron = patron_register(actor=None, site=site, consent=True, display_name=OUTSIDE_STAFF_NAME)
    fault = fault_report(
        actor=None, site=site, equipment=Equipment.objects.get(code="TV-TINH-PC02"), description="x"
    )
    maintenance_plan = maintenance_plan_create(
        actor=None, name="Bảo trì", kind="computer", interval_months=3, tasks=["Vệ sinh"]
    )
    return Outside(
        site=site,
        unit=AdministrativeUnit.objects.get(code="DNO-GIANGHIA"),
        equipment=equipment,
        staff=site_staff_add(actor=None, site=site, full_name=OUTSIDE_STAFF_NAME),
        patron=patron,
        batch=guest_passes_issue(actor=None, site=site, count=1).batch,
        session=session_start(
            actor=None, site=site, computer=equipment, person_code=patron.card_number
        ),
        plan=demo_plan_load(),
        maintenance_plan=maintenance_plan,
        maintenance_visit=maintenance_visit_record(
            actor=None,
            site=site,
            plan=maintenance_plan,
            visited_on=dt.date(2024, 5, 2),
            results={maintenance_plan.tasks.get().pk: "done"},
        ),
        fault=fault,
        repair=repair_record(
            actor=None,
            fault=fault,
            kind="repair",
            done_on=timezone.localdate(fault.reported_at),  # the local day it was reported
            done_by="x",
        ),
        alert=_alert_of(site),
        line=internet_line_add(
            actor=None, site=site, provider="VNPT", bandwidth_mbps=10, monthly_fee=500000
        ),
        user=UserFactory(role=Role.POINT_STAFF, first_name=OUTSIDE_STAFF_NAME, scope_sites=[site]),
    )


def _alert_of(site: Site) -> Alert:
    """An alert of the point, raised by the service (its 2012 computers are past end of life)."""
    alerts_refresh(today=dt.date.today())
    return Alert.objects.filter(site=site).order_by("pk").first()


@pytest.fixture
def walk(outside) -> list[tuple[Route, str]]:
    """Every route with its concrete URL (unknown kwargs fail their own test, below)."""
    walked = []
    for route in all_routes():
        try:
            walked.append((route, route.url(fill(route, outside))))
        except LookupError:
            continue
    return walked


@pytest.fixture
def outsider(daklao_staff) -> Client:
    client = Client()
    client.force_login(daklao_staff)
    return client


def test_walk_reaches_routes_of_every_kind(outside):
    labels = {route.label for route in all_routes()}
    assert {
        "dashboard:home",
        "accounts:login",
        "admin:index",
        "set_language",
        "api:schema",
        "api:geography-api:site-detail",
        "api:inventory-api:equipment-status",
    } <= labels


def test_every_kwarg_of_every_route_is_registered(outside):
    unknown = []
    for route in all_routes():
        try:
            fill(route, outside)
        except LookupError as exc:
            unknown.append(f"{route.label} ({route.text}): kwarg {exc.args[0]!r}")
    assert not unknown, (
        "These routes have kwargs the route walk does not know. Use the agreed names "
        "(site_code, unit_code, equipment_code, staff_id) or register the new kwarg in "
        "OBJECT_KWARGS / PLAIN_KWARGS of pacnet/core/tests/test_routes.py:\n" + "\n".join(unknown)
    )


def test_every_public_route_still_exists(outside):
    labels = {route.label for route in all_routes()}
    assert labels >= PUBLIC_ROUTES, f"stale entries: {sorted(PUBLIC_ROUTES - labels)}"


def test_anonymous_is_sent_to_login_on_every_non_public_route(walk):
    client = Client()
    login, admin_login = reverse("accounts:login"), reverse("admin:login")
    failures = []
    for route, url in walk:
        if is_public(route):
            continue
        for method in ("GET", "POST"):
            response = request(client, method, url)
            if isinstance(response, Exception):
                failures.append(f"{route.label} {method} {url}: {describe(response)}")
                continue
            if route.in_admin:
                refused = is_login_redirect(response, admin_login)
            else:
                refused = is_login_redirect(response, login) or response.status_code in {
                    401,
                    403,
                }
            if not refused:
                failures.append(f"{route.label} {method} {url}: anonymous got {describe(response)}")
    assert not failures, "\n".join(failures)


def test_non_staff_user_is_sent_to_admin_login_on_every_admin_route(walk, outsider):
    admin_login = reverse("admin:login")
    failures = []
    for route, url in walk:
        if not route.in_admin or is_public(route):
            continue
        response = request(outsider, "GET", url)
        if isinstance(response, Exception) or not is_login_redirect(response, admin_login):
            failures.append(f"{route.label} GET {url}: user daklao got {describe(response)}")
    assert not failures, "\n".join(failures)


def test_out_of_scope_objects_are_refused_as_missing_ones_and_left_unchanged(
    walk, outsider, outside
):
    failures = []
    object_routes = [
        (r, u) for r, u in walk if not r.in_admin and set(r.kwarg_names) & set(OBJECT_KWARGS)
    ]
    assert object_routes
    for route, url in object_routes:
        missing_url = route.url(fill(route, outside, missing=True))
        for method in ("GET", "POST"):
            before = fingerprint(outside)
            response = request(outsider, method, url)
            if isinstance(response, Exception) or response.status_code not in REFUSED:
                failures.append(
                    f"{route.label} {method} {url}: user daklao got {describe(response)}"
                )
            if fingerprint(outside) != before:
                failures.append(f"{route.label} {method} {url}: user daklao changed data")
            missing = request(outsider, method, missing_url)
            if describe(missing) != describe(response):
                failures.append(
                    f"{route.label} {method} {url}: user daklao got {describe(response)}, "
                    f"but {describe(missing)} for {missing_url} (tells that the object exists)"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "secret", ["TV-TINH", "Thư viện tỉnh Đắk Nông", "DNO-GIANGHIA", OUTSIDE_STAFF_NAME]
)
def test_lists_do_not_show_out_of_scope_objects(walk, outsider, secret):
    failures = []
    for route, url in walk:
        if route.in_admin or is_public(route) or set(route.kwarg_names) & set(OBJECT_KWARGS):
            continue
        response = request(outsider, "GET", url)
        if isinstance(response, Exception) or response.status_code >= 500:
            failures.append(f"{route.label} GET {url}: user daklao got {describe(response)}")
        elif response.status_code == 200 and secret in body_of(response):
            failures.append(f"{route.label} GET {url}: user daklao sees {secret!r}")
    assert not failures, "\n".join(failures)

"""The back office: only staff get in, and every change made there is audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pacnet.accounts.models import Role, User
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.audit import audit_entries_for
from pacnet.core.models import AuditEntry
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.models import Equipment
from pacnet.inventory.tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _field_data(form) -> dict:
    """What a browser would post for the form as displayed."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, dt.datetime):  # the admin splits it into a date and a time
            local = timezone.localtime(value)
            data[f"{key}_0"], data[f"{key}_1"] = local.date().isoformat(), f"{local:%H:%M:%S}"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return data


def change_form_data(response) -> dict:
    """The change form of an admin page, with its inlines, as it would be posted unchanged."""
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_data(formset.management_form))
        for form in formset.forms:
            data.update(_field_data(form))
    return data


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_a_superuser_edits_a_site_and_the_change_is_audited(admin_client, superuser):
    site = SiteFactory(code="X-TEST", phone="")
    url = change_url(site)
    data = change_form_data(admin_client.get(url))
    data["phone"] = "0261 3544 000"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    site.refresh_from_db()
    assert site.phone == "0261 3544 000"
    entry = audit_entries_for(site).get()
    assert (entry.actor, entry.source, entry.action) == (
        superuser,
        "admin",
        AuditEntry.Action.UPDATE,
    )
    assert ["", "0261 3544 000"] in entry.changes.values()


def test_a_staff_added_in_an_inline_is_audited_on_its_site(admin_client):
    site = SiteFactory(code="X-TEST")
    url = change_url(site)
    data = change_form_data(admin_client.get(url))
    data.update(
        {"staff-TOTAL_FORMS": "1", "staff-0-full_name": "Y Ngọc", "staff-0-part_time": "on"}
    )
    assert admin_client.post(url, data).status_code == 302
    assert site.staff.get().full_name == "Y Ngọc"
    entry = audit_entries_for(site).get()
    assert any("Y Ngọc" in new for _old, new in entry.changes.values())


@pytest.mark.parametrize("kind", ["site", "unit", "equipment", "user"])
def test_saving_unchanged_leaves_no_audit_entry(admin_client, kind):
    unit = AdministrativeUnit.objects.create(code="U-P", name="P", level="province")
    site = SiteFactory(code="X-TEST", unit=unit)
    obj = {
        "site": site,
        "unit": AdministrativeUnit.objects.create(code="U-C", name="C", level="commune"),
        "equipment": EquipmentFactory(site=site),
        "user": UserFactory(scope_sites=[site]),
    }[kind]
    url = change_url(obj)
    response = admin_client.post(url, change_form_data(admin_client.get(url)))
    assert response.status_code == 302
    assert not audit_entries_for(obj).exists()


def test_deleting_in_the_admin_is_audited_with_what_was_deleted(admin_client, superuser):
    site = SiteFactory(code="X-GONE")
    opts = Site._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[site.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert (entry.object_repr, entry.actor, entry.source) == (str(site), superuser, "admin")
    assert any(old == "X-GONE" for old, _new in entry.changes.values())


def test_adding_a_user_with_role_and_scope_is_audited(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "hoa", "usable_password": "true",
         "password1": "a-Long-pass-2024", "password2": "a-Long-pass-2024"},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(username="hoa")
    assert audit_entries_for(user).get().action == AuditEntry.Action.CREATE
    unit = AdministrativeUnit.objects.create(code="U-X", name="X", level="province")
    url = change_url(user)
    data = change_form_data(admin_client.get(url))
    data.update({"role": Role.INSPECTOR, "scope_units": [str(unit.pk)]})
    assert admin_client.post(url, data).status_code == 302
    entry = audit_entries_for(user).filter(action=AuditEntry.Action.UPDATE).get()
    assert ["", "X"] in entry.changes.values()


def test_a_password_change_is_audited_without_the_password(admin_client):
    user = UserFactory(username="hoa")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = admin_client.post(
        url, {"password1": "a-New-pass-2024", "password2": "a-New-pass-2024",
              "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    user.refresh_from_db()
    [(old, new)] = audit_entries_for(user).get().changes.values()
    assert old == "" and new
    assert user.password not in new


def test_an_equipment_status_added_in_the_admin_is_audited_and_signed(admin_client, superuser):
    item = EquipmentFactory(code="X-TEST-PC01", acquired_on=dt.date(2012, 6, 1))
    url = change_url(item)
    data = change_form_data(admin_client.get(url))
    total = int(data["status_changes-TOTAL_FORMS"])
    prefix = f"status_changes-{total}"
    data.update({"status_changes-TOTAL_FORMS": str(total + 1), f"{prefix}-status": "faulty",
                 f"{prefix}-effective_on": "2024-03-15", f"{prefix}-note": ""})  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    change = item.status_changes.get(effective_on=dt.date(2024, 3, 15))
    assert change.recorded_by == superuser
    assert audit_entries_for(item).get().source == "admin"


def test_the_admin_refuses_a_status_before_acquisition(admin_client):
    item = EquipmentFactory(code="X-TEST-PC01", acquired_on=dt.date(2012, 6, 1))
    url = change_url(item)
    data = change_form_data(admin_client.get(url))
    total = int(data["status_changes-TOTAL_FORMS"])
    prefix = f"status_changes-{total}"
    data.update({"status_changes-TOTAL_FORMS": str(total + 1), f"{prefix}-status": "faulty",
                 f"{prefix}-effective_on": "2010-03-15"})  # fmt: skip
    assert admin_client.post(url, data).status_code == 200
    assert item.status_changes.count() == 1
    assert not AuditEntry.objects.exists()


def test_the_audit_trail_can_be_read_but_not_added_to_or_deleted(admin_client):
    item = EquipmentFactory(code="X-TEST-PC01")
    entry = AuditEntry.objects.create(
        action=AuditEntry.Action.UPDATE,
        content_type_id=1,
        object_id=str(item.pk),
        object_repr=str(item),
        changes={"model": ["", "HP"]},
    )
    assert admin_client.get(change_url(entry)).status_code == 200
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
    delete = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "model", [AuditEntry, User, AdministrativeUnit, Site, Equipment], ids=lambda m: m.__name__
)
def test_every_model_has_a_list_page(admin_client, model):
    opts = model._meta
    assert (
        admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        ).status_code
        == 200
    )


def test_a_user_who_is_not_staff_is_sent_to_the_admin_login(client):
    client.force_login(UserFactory(role=Role.PROVINCE_ADMIN))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_faults_alerts_and_outages_are_read_in_the_back_office_not_written(admin_client):
    from pacnet.alerts.models import Alert
    from pacnet.connectivity.models import LineOutage
    from pacnet.faults.models import Fault, Repair
    from pacnet.faults.services import fault_report

    site = SiteFactory()
    fault = fault_report(actor=None, site=site, description="Máy 3 không lên hình")
    change = reverse("admin:faults_fault_change", args=[fault.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and "Máy 3 không lên hình" in page.content.decode()
    assert admin_client.post(change, {"description": "sửa"}).status_code == 403
    for model in (Fault, Repair, Alert, LineOutage):
        meta = model._meta
        assert (
            admin_client.get(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            ).status_code
            == 200
        )
        assert (
            admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code
            == 403
        )
    assert Fault.objects.get().description == "Máy 3 không lên hình"

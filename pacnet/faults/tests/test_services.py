"""A fault's status flow, and the equipment status each step records."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pacnet.core.errors import DomainError
from pacnet.core.models import AuditEntry
from pacnet.faults import services
from pacnet.faults.models import Fault, FaultEvent, FaultStatus
from pacnet.faults.tests.conftest import jpeg_bytes
from pacnet.faults.tests.helpers import at, report, report_on_point
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment, EquipmentStatus
from pacnet.inventory.selectors import computer_counts_on, equipment_status_on

DAY = dt.date(2024, 5, 2)
LATER = dt.date(2024, 5, 6)


def status_of(code: str, day: dt.date) -> str:
    return equipment_status_on(Equipment.objects.get(code=code), day)


def assigned(fault, thuvien, day=DAY):
    return services.fault_assign(actor=thuvien, fault=fault, technician=thuvien, at=at(day, 10))


def in_repair(fault, thuvien, day=DAY):
    fault = assigned(fault, thuvien, day)
    return services.fault_repair_start(actor=thuvien, fault=fault, at=at(day, 11))


# --- Allowed transitions and the equipment status they record ----------------------------


def test_a_reported_fault_marks_the_computer_faulty_from_that_day(daklao_staff):
    fault = report(actor=daklao_staff, day=DAY)
    assert fault.status == FaultStatus.REPORTED
    assert (fault.site.code, fault.category) == ("X-DAKLAO", Fault.Category.HARDWARE)
    assert status_of("X-DAKLAO-PC03", DAY - dt.timedelta(days=1)) == EquipmentStatus.WORKING
    assert status_of("X-DAKLAO-PC03", DAY) == EquipmentStatus.FAULTY


def test_assigning_names_the_technician_and_leaves_the_item_faulty(daklao_staff, thuvien):
    fault = assigned(report(actor=daklao_staff, day=DAY), thuvien)
    assert (fault.status, fault.assigned_to) == (FaultStatus.ASSIGNED, thuvien)
    assert status_of("X-DAKLAO-PC03", DAY) == EquipmentStatus.FAULTY


def test_an_assigned_fault_can_be_handed_to_another_technician(
    daklao_staff, thuvien, province_admin
):
    fault = assigned(report(actor=daklao_staff, day=DAY), thuvien)
    fault = services.fault_assign(actor=thuvien, fault=fault, technician=province_admin)
    assert (fault.status, fault.assigned_to) == (FaultStatus.ASSIGNED, province_admin)


def test_starting_the_repair_puts_the_item_under_repair(daklao_staff, thuvien):
    fault = in_repair(report(actor=daklao_staff, day=DAY), thuvien, LATER)
    assert fault.status == FaultStatus.IN_REPAIR
    assert status_of("X-DAKLAO-PC03", LATER) == EquipmentStatus.UNDER_REPAIR
    assert status_of("X-DAKLAO-PC03", LATER - dt.timedelta(days=1)) == EquipmentStatus.FAULTY


@pytest.mark.parametrize("from_repair", [False, True], ids=["from assigned", "from in repair"])
def test_a_fixed_fault_puts_the_item_back_in_working_order(daklao_staff, thuvien, from_repair):
    fault = report(actor=daklao_staff, day=DAY)
    fault = in_repair(fault, thuvien) if from_repair else assigned(fault, thuvien)
    fault = services.fault_close(actor=thuvien, fault=fault, outcome="fixed", at=at(LATER))
    assert fault.status == FaultStatus.FIXED
    assert fault.closed_at == at(LATER)
    assert status_of("X-DAKLAO-PC03", LATER) == EquipmentStatus.WORKING


def test_a_written_off_item_is_retired(daklao_staff, thuvien):
    fault = in_repair(report(actor=daklao_staff, day=DAY), thuvien)
    services.fault_close(actor=thuvien, fault=fault, outcome="written_off", at=at(LATER))
    assert status_of("X-DAKLAO-PC03", LATER) == EquipmentStatus.RETIRED


def test_a_replaced_item_is_retired_and_its_replacement_registered_working(daklao_staff, thuvien):
    fault = in_repair(report(actor=daklao_staff, day=DAY), thuvien)
    fault = services.fault_close(
        actor=thuvien,
        fault=fault,
        outcome="replaced",
        replacement={"model": "Dell OptiPlex 3000", "acquisition_cost": 14_000_000},
        at=at(LATER),
    )
    assert status_of("X-DAKLAO-PC03", LATER) == EquipmentStatus.RETIRED
    new = fault.replacement
    assert (new.code, new.site.code, new.kind) == ("X-DAKLAO-PC06", "X-DAKLAO", "computer")
    assert (new.model, new.acquisition_cost, new.acquired_on) == (
        "Dell OptiPlex 3000",
        14_000_000,
        LATER,
    )
    assert equipment_status_on(new, LATER) == EquipmentStatus.WORKING


def test_a_replacement_without_a_new_item_only_retires_the_old_one(daklao_staff, thuvien):
    fault = assigned(report(actor=daklao_staff, day=DAY), thuvien)
    before = Equipment.objects.count()
    fault = services.fault_close(actor=thuvien, fault=fault, outcome="replaced", at=at(LATER))
    assert fault.replacement is None
    assert Equipment.objects.count() == before
    assert status_of("X-DAKLAO-PC03", LATER) == EquipmentStatus.RETIRED


def test_the_working_computers_of_the_point_go_down_then_up(daklao_staff, thuvien):
    site = Site.objects.get(code="X-DAKLAO")
    fault = assigned(report(actor=daklao_staff, day=DAY), thuvien)
    services.fault_close(actor=thuvien, fault=fault, outcome="fixed", at=at(LATER))
    working = {d: computer_counts_on([site.pk], d)[site.pk]["working"] for d in (DAY, LATER)}
    assert working == {DAY: 4, LATER: 5}


def test_a_fault_on_the_point_itself_changes_no_item(demo_network, thuvien):
    fault = report_on_point(at=at(DAY, 9))  # a fixed time: assigned at 10:00 the same day
    assert (fault.equipment, fault.category) == (None, Fault.Category.INTERNET_LINE)
    services.fault_close(actor=thuvien, fault=assigned(fault, thuvien, DAY), outcome="fixed")
    site = Site.objects.get(code="X-DAKLAO")
    assert computer_counts_on([site.pk], timezone.localdate())[site.pk]["working"] == 5


def test_a_second_fault_on_a_faulty_item_leaves_its_status(daklao_staff, thuvien):
    first = in_repair(report(actor=daklao_staff, day=DAY), thuvien)
    report(actor=daklao_staff, day=LATER, description="Màn hình hỏng")
    assert first.status == FaultStatus.IN_REPAIR
    assert status_of("X-DAKLAO-PC03", LATER) == EquipmentStatus.UNDER_REPAIR


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("usb_modem", "internet_line"),
        ("router", "internet_line"),
        ("ups", "power"),
        ("printer", "hardware"),
    ],
)
def test_the_category_defaults_from_the_kind_of_item(demo_network, kind, category):
    site = Site.objects.get(code="X-DAKLAO")
    from pacnet.inventory.services import equipment_create

    item = equipment_create(
        actor=None, code=f"X-DAKLAO-{kind[:2].upper()}09", site=site, kind=kind, status_on=DAY
    )
    fault = services.fault_report(actor=None, site=site, equipment=item, description="Hỏng")
    assert fault.category == category


def test_the_reporter_may_choose_another_category(daklao_staff):
    assert report(actor=daklao_staff, category="software").category == Fault.Category.SOFTWARE


# --- Every step is a timeline event and an audit entry ----------------------------------


def test_every_transition_is_an_event_with_who_when_and_note(daklao_staff, thuvien):
    fault = report(actor=daklao_staff, day=DAY)
    fault = services.fault_assign(
        actor=thuvien, fault=fault, technician=thuvien, note="Chiều nay", at=at(DAY, 14)
    )
    fault = services.fault_repair_start(actor=thuvien, fault=fault, note="Mang về", at=at(LATER))
    services.fault_close(
        actor=thuvien, fault=fault, outcome="fixed", note="Thay ổ cứng", at=at(LATER, 16)
    )
    events = list(
        FaultEvent.objects.filter(fault=fault).values_list(
            "from_status", "status", "actor__username", "at", "note"
        )
    )
    assert events == [
        ("", "reported", "daklao", at(DAY), ""),
        ("reported", "assigned", "thuvien", at(DAY, 14), "Chiều nay"),
        ("assigned", "in_repair", "thuvien", at(LATER), "Mang về"),
        ("in_repair", "fixed", "thuvien", at(LATER, 16), "Thay ổ cứng"),
    ]


def test_every_transition_is_audited(daklao_staff, thuvien):
    fault = report(actor=daklao_staff, day=DAY)
    fault = in_repair(fault, thuvien)
    entries = AuditEntry.objects.filter(content_type__model="fault", object_id=str(fault.pk))
    assert list(entries.order_by("pk").values_list("action", "actor__username")) == [
        ("create", "daklao"),
        ("update", "thuvien"),
        ("update", "thuvien"),
    ]
    assert entries.order_by("pk").last().changes["status"] == ["assigned", "in repair"]


# --- Refused transitions ------------------------------------------------------------------


def _in_status(status, daklao_staff, thuvien):
    fault = report(actor=daklao_staff, day=DAY)
    if status == "reported":
        return fault
    if status == "assigned":
        return assigned(fault, thuvien)
    if status == "in_repair":
        return in_repair(fault, thuvien)
    fault = assigned(fault, thuvien)
    return services.fault_close(actor=thuvien, fault=fault, outcome=status, at=at(DAY, 12))


def _step(target, fault, thuvien):
    if target == "assigned":
        return services.fault_assign(actor=thuvien, fault=fault, technician=thuvien, at=at(LATER))
    if target == "in_repair":
        return services.fault_repair_start(actor=thuvien, fault=fault, at=at(LATER))
    return services.fault_close(actor=thuvien, fault=fault, outcome=target, at=at(LATER))


REFUSED = [
    ("reported", "in_repair"),
    ("reported", "fixed"),
    ("reported", "replaced"),
    ("reported", "written_off"),
    ("in_repair", "assigned"),
    ("in_repair", "in_repair"),
    *[
        (closed, nxt)
        for closed in ("fixed", "replaced", "written_off")
        for nxt in ("assigned", "in_repair", "fixed")
    ],
]


@pytest.mark.parametrize(("status", "target"), REFUSED)
def test_an_illegal_transition_is_refused_and_changes_nothing(
    daklao_staff, thuvien, status, target
):
    fault = _in_status(status, daklao_staff, thuvien)
    counts = (FaultEvent.objects.count(), AuditEntry.objects.count())
    item_status = status_of("X-DAKLAO-PC03", LATER)
    with pytest.raises(DomainError, match="không thể chuyển"):
        _step(target, fault, thuvien)
    fault.refresh_from_db()
    assert fault.status == status
    assert (FaultEvent.objects.count(), AuditEntry.objects.count()) == counts
    assert status_of("X-DAKLAO-PC03", LATER) == item_status


def test_the_refusal_is_translated(daklao_staff, thuvien):
    from django.utils import translation

    fault = report(actor=daklao_staff, day=DAY)
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        services.fault_repair_start(actor=thuvien, fault=fault)
    assert "không thể chuyển" in refused.value.messages[0]


def test_closing_needs_a_closing_outcome(daklao_staff, thuvien):
    fault = assigned(report(actor=daklao_staff, day=DAY), thuvien)
    with pytest.raises(DomainError):
        services.fault_close(actor=thuvien, fault=fault, outcome="in_repair")


def test_a_point_staff_cannot_be_assigned_as_technician(daklao_staff, thuvien):
    fault = report(actor=daklao_staff, day=DAY)
    with pytest.raises(DomainError) as refused:
        services.fault_assign(actor=thuvien, fault=fault, technician=daklao_staff)
    assert "technician" in refused.value.error_dict
    fault.refresh_from_db()
    assert fault.status == FaultStatus.REPORTED


def test_a_step_before_the_report_is_refused(daklao_staff, thuvien):
    fault = report(actor=daklao_staff, day=LATER)
    with pytest.raises(DomainError):
        services.fault_assign(actor=thuvien, fault=fault, technician=thuvien, at=at(DAY))


def test_a_retired_item_cannot_get_a_fault(daklao_staff, thuvien):
    fault = assigned(report(actor=daklao_staff, day=DAY), thuvien)
    services.fault_close(actor=thuvien, fault=fault, outcome="written_off", at=at(DAY, 12))
    with pytest.raises(DomainError) as refused:
        report(actor=daklao_staff, day=LATER)
    assert "equipment" in refused.value.error_dict


def test_an_item_of_another_point_is_refused(daklao_staff):
    item = Equipment.objects.get(code="TV-TINH-PC01")
    with pytest.raises(DomainError):
        services.fault_report(
            actor=daklao_staff,
            site=Site.objects.get(code="X-DAKLAO"),
            equipment=item,
            description="x",
        )


def test_an_empty_description_is_refused(daklao_staff):
    with pytest.raises(DomainError) as refused:
        report(actor=daklao_staff, description="   ")
    assert "description" in refused.value.error_dict
    assert not Fault.objects.exists()


# --- The photo ----------------------------------------------------------------------------


def test_a_photo_is_stored_under_faults_with_a_name_of_our_own(daklao_staff, photo, settings):
    fault = report(actor=daklao_staff, photo=photo)
    assert fault.photo.name.startswith("faults/")
    assert fault.photo.name.endswith(".jpg")
    assert "Nguyen" not in fault.photo.name
    assert (settings.MEDIA_ROOT / fault.photo.name).read_bytes()[:2] == b"\xff\xd8"


def test_a_photo_over_5_mb_is_refused_and_nothing_is_written(daklao_staff, settings):
    big = SimpleUploadedFile("big.jpg", jpeg_bytes() + b"\0" * (5 * 1024 * 1024), "image/jpeg")
    with pytest.raises(DomainError) as refused:
        report(actor=daklao_staff, photo=big)
    assert "5 MB" in refused.value.error_dict["photo"][0].messages[0]
    assert not Fault.objects.exists()
    assert status_of("X-DAKLAO-PC03", timezone.localdate()) == EquipmentStatus.WORKING
    assert not (settings.MEDIA_ROOT / "faults").exists()


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4 not a photo", b"", b"GIF89a broken"], ids=["pdf", "empty", "broken"]
)
def test_a_file_that_is_not_a_photo_is_refused(daklao_staff, content):
    upload = SimpleUploadedFile("photo.jpg", content, "image/jpeg")
    with pytest.raises(DomainError) as refused:
        report(actor=daklao_staff, photo=upload)
    assert "photo" in refused.value.error_dict
    assert not Fault.objects.exists()

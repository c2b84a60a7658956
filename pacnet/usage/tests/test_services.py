"""The write rules of usage: patrons, guest passes, sessions, tallies, anonymisation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pacnet.core.audit import audit_entries_for
from pacnet.core.errors import DomainError
from pacnet.indicators.models import SiteDay, Visit
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange
from pacnet.usage import services
from pacnet.usage.models import GuestPass, ManualTally, Patron, Session
from pacnet.usage.pins import pin_matches
from pacnet.usage.tests.conftest import local
from pacnet.usage.tests.factories import GuestPassFactory, PatronFactory, SessionFactory


def pc(code="X-TEST-PC01"):
    return Equipment.objects.get(code=code)


def start(point, person, at, computer="X-TEST-PC01", **kwargs):
    return services.session_start(
        actor=None, site=point, computer=pc(computer), person_code=person, start=at, **kwargs
    )


# --- Patrons -----------------------------------------------------------------------------


def test_registration_without_consent_is_refused_and_saves_nothing(point, staff):
    with pytest.raises(DomainError):
        services.patron_register(actor=staff, site=point, consent=False, display_name="Hà")
    assert not Patron.objects.exists()


def test_registration_numbers_cards_per_point(point, staff):
    first = services.patron_register(actor=staff, site=point, consent=True)
    second = services.patron_register(actor=staff, site=point, consent=True)
    assert (first.card_number, second.card_number) == ("X-TEST-000001", "X-TEST-000002")


def test_registration_records_consent_groups_and_point(point, staff):
    patron = services.patron_register(
        actor=staff,
        site=point,
        consent=True,
        display_name="H.T.L",
        birth_year=1990,
        gender="female",
        groups={"farmer", "ethnic_minority"},
        today=dt.date(2020, 5, 6),
    )
    patron.refresh_from_db()
    assert patron.consent_given_on == patron.registered_on == dt.date(2020, 5, 6)
    assert patron.registered_at == point
    assert (patron.farmer, patron.ethnic_minority, patron.student) == (True, True, False)


def test_registration_audit_never_holds_the_name(point, staff):
    patron = services.patron_register(actor=staff, site=point, consent=True, display_name="Hà")
    entry = audit_entries_for(patron).get()
    assert entry.actor == staff
    assert "Hà" not in str(entry.changes)


def test_registration_refuses_an_unknown_group(point):
    with pytest.raises(DomainError):
        services.patron_register(actor=None, site=point, consent=True, groups={"soldier"})


def test_registration_refuses_a_card_number_in_use(point):
    PatronFactory(card_number="C-1")
    with pytest.raises(ValidationError):
        services.patron_register(actor=None, site=point, consent=True, card_number="C-1")


def test_personal_data_of_a_patron_without_consent_is_refused(db):
    imported = PatronFactory(display_name="", consent_given_on=None)
    with pytest.raises(DomainError):
        services.patron_update(actor=None, patron=imported, display_name="Hà")


def test_personal_data_is_accepted_once_consent_is_given(db):
    imported = PatronFactory(display_name="", consent_given_on=None)
    services.patron_update(actor=None, patron=imported, consent=True, birth_year=1970)
    imported.refresh_from_db()
    assert imported.birth_year == 1970 and imported.consent_given_on is not None


def test_patron_update_sets_groups_and_audits(db, staff):
    patron = PatronFactory()
    services.patron_update(actor=staff, patron=patron, groups={"student"})
    assert Patron.objects.get(pk=patron.pk).student
    assert audit_entries_for(patron).count() == 1


# --- Guest passes ------------------------------------------------------------------------


def test_guest_passes_are_issued_with_unambiguous_unique_codes(point, staff):
    batch = services.guest_passes_issue(actor=staff, site=point, count=40).batch
    codes = list(batch.passes.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 40
    assert not any(ch in code for code in codes for ch in "01OI")
    assert batch.issued_by == staff and audit_entries_for(batch).count() == 1


def test_guest_pass_batch_size_is_bounded(point):
    with pytest.raises(DomainError):
        services.guest_passes_issue(actor=None, site=point, count=0)


def test_every_new_guest_pass_stores_the_hash_of_its_printed_pin(point):
    issued = services.guest_passes_issue(actor=None, site=point, count=5)
    stored = dict(issued.batch.passes.values_list("code", "pin_hash"))
    assert sorted(stored) == sorted(issued.pins)
    for code, pin in issued.passes:
        assert len(pin) == 4 and pin.isdigit()
        assert pin not in stored[code] and pin_matches(pin, stored[code])


def test_a_wrong_pin_does_not_match_a_pass(point):
    code, pin = services.guest_passes_issue(actor=None, site=point, count=1).passes[0]
    wrong = f"{(int(pin) + 1) % 10_000:04d}"
    assert not pin_matches(wrong, GuestPass.objects.get(code=code).pin_hash)


def test_the_issued_batch_keeps_its_pins_out_of_its_repr(point):
    issued = services.guest_passes_issue(actor=None, site=point, count=3)
    assert not any(pin in repr(issued) for _code, pin in issued.passes)


def test_the_audit_trail_of_an_issue_holds_no_pin(point, staff):
    issued = services.guest_passes_issue(actor=staff, site=point, count=3)
    trail = str(list(audit_entries_for(issued.batch).values_list("changes", flat=True)))
    assert not any(pin in trail for _code, pin in issued.passes)
    assert "pbkdf2" not in trail


def test_renewing_a_batchs_pins_makes_the_old_ones_fail_and_the_new_ones_match(point, staff):
    old = services.guest_passes_issue(actor=None, site=point, count=4)
    new = services.guest_pass_pins_renew(actor=staff, batch=old.batch)
    assert sorted(new.pins) == sorted(old.pins)
    for guest in old.batch.passes.all():
        assert pin_matches(new.pins[guest.code], guest.pin_hash)
        if new.pins[guest.code] != old.pins[guest.code]:
            assert not pin_matches(old.pins[guest.code], guest.pin_hash)


def test_renewing_pins_is_audited_without_them(point, staff):
    batch = services.guest_passes_issue(actor=None, site=point, count=3).batch
    renewed = services.guest_pass_pins_renew(actor=staff, batch=batch)
    entry = audit_entries_for(batch).latest("pk")
    assert entry.actor == staff and entry.changes == {"guest passes with a new PIN": ["", "3"]}
    assert not any(pin in str(entry.changes) for _code, pin in renewed.passes)


# --- Patron PINs -------------------------------------------------------------------------


def test_a_pin_given_at_registration_is_stored_hashed(point, staff):
    patron = services.patron_register(actor=staff, site=point, consent=True, pin="4821")
    assert patron.pin_hash and "4821" not in patron.pin_hash
    assert pin_matches("4821", Patron.objects.get(pk=patron.pk).pin_hash)


def test_a_patron_registered_without_a_pin_has_none(point):
    patron = services.patron_register(actor=None, site=point, consent=True)
    assert patron.pin_hash == "" and not pin_matches("", patron.pin_hash)


@pytest.mark.parametrize("pin", ["12a4", "123", "123456789", " "])
def test_registration_with_a_malformed_pin_is_refused_on_the_pin_and_saves_nothing(point, pin):
    with pytest.raises(DomainError) as caught:
        services.patron_register(actor=None, site=point, consent=True, pin=pin)
    assert set(caught.value.message_dict) == {"pin"}
    assert not Patron.objects.exists()


def test_the_registration_audit_says_a_pin_was_set_without_it_or_its_hash(point, staff):
    patron = services.patron_register(actor=staff, site=point, consent=True, pin="4821")
    changes = audit_entries_for(patron).get().changes
    assert changes["kiosk PIN"] == ["", "PIN set"]
    assert "4821" not in str(changes) and patron.pin_hash not in str(changes)
    assert not any("hash" in key for key in changes)


def test_setting_a_patrons_pin_replaces_the_old_one_and_is_audited_without_it(point, staff):
    patron = services.patron_register(actor=None, site=point, consent=True, pin="1111")
    services.patron_pin_set(actor=staff, patron=patron, pin="987654")
    stored = Patron.objects.get(pk=patron.pk).pin_hash
    assert pin_matches("987654", stored) and not pin_matches("1111", stored)
    entry = audit_entries_for(patron).latest("pk")
    assert entry.actor == staff and entry.changes == {"kiosk PIN": ["", "PIN set"]}
    assert "987654" not in str(entry.changes) and stored not in str(entry.changes)


def test_removing_a_patrons_pin_is_audited_as_removed(point, staff):
    patron = services.patron_register(actor=None, site=point, consent=True, pin="1111")
    services.patron_pin_set(actor=staff, patron=patron, pin=None)
    assert Patron.objects.get(pk=patron.pk).pin_hash == ""
    assert audit_entries_for(patron).latest("pk").changes == {"kiosk PIN": ["", "PIN removed"]}


def test_removing_a_pin_that_was_never_set_changes_and_audits_nothing(point, staff):
    patron = services.patron_register(actor=None, site=point, consent=True)
    services.patron_pin_set(actor=staff, patron=patron, pin="")
    assert audit_entries_for(patron).count() == 1  # the registration only


def test_a_malformed_pin_is_refused_and_the_old_one_kept(point):
    patron = services.patron_register(actor=None, site=point, consent=True, pin="1111")
    with pytest.raises(DomainError) as caught:
        services.patron_pin_set(actor=None, patron=patron, pin="12a4")
    assert set(caught.value.message_dict) == {"pin"}
    assert pin_matches("1111", Patron.objects.get(pk=patron.pk).pin_hash)


def test_an_anonymised_patron_gets_no_pin(point):
    patron = PatronFactory(anonymised_on=dt.date(2024, 1, 1))
    with pytest.raises(DomainError):
        services.patron_pin_set(actor=None, patron=patron, pin="1234")
    assert Patron.objects.get(pk=patron.pk).pin_hash == ""


def test_a_patron_update_never_puts_the_pin_hash_in_the_trail(point, staff):
    patron = services.patron_register(actor=None, site=point, consent=True, pin="1111")
    services.patron_update(actor=staff, patron=patron, consent=True, birth_year=1980)
    changes = audit_entries_for(patron).latest("pk").changes
    assert patron.pin_hash not in str(changes) and not any("hash" in k for k in changes)


# --- Sessions ----------------------------------------------------------------------------


def test_a_session_starts_with_a_card_and_counts_at_once(point):
    patron = PatronFactory()
    session = start(point, patron.card_number, local(2019, 3, 4, 9))
    assert session.patron == patron and session.day == dt.date(2019, 3, 4)
    assert SiteDay.objects.get(site=point, day=dt.date(2019, 3, 4)).visits == 1


def test_a_session_starts_with_a_guest_pass(point):
    guest = GuestPassFactory(code="ABCD2345")
    session = start(point, "abcd2345", local(2019, 3, 4, 9))
    assert session.guest_pass == guest


def test_an_unknown_card_is_refused(point):
    with pytest.raises(DomainError):
        start(point, "NOBODY", local(2019, 3, 4, 9))


def test_a_computer_of_another_point_is_refused(point, other_point):
    patron = PatronFactory()
    with pytest.raises(DomainError):
        start(point, patron.card_number, local(2019, 3, 4, 9), computer="X-OTHER-PC01")


def test_a_retired_computer_is_refused(point):
    EquipmentStatusChange.objects.create(
        equipment=pc(), status=EquipmentStatus.RETIRED, effective_on=dt.date(2019, 1, 1)
    )
    with pytest.raises(DomainError):
        start(point, PatronFactory().card_number, local(2019, 3, 4, 9))


def test_a_computer_before_its_first_status_is_refused(point):
    with pytest.raises(DomainError):
        start(point, PatronFactory().card_number, local(2011, 3, 4, 9))


def test_an_open_session_blocks_a_new_start_on_that_computer(point):
    start(point, PatronFactory().card_number, local(2019, 3, 4, 9))
    with pytest.raises(DomainError):
        start(point, PatronFactory().card_number, local(2019, 3, 4, 10))
    assert Session.objects.count() == 1


def test_another_computer_is_free_meanwhile(point):
    start(point, PatronFactory().card_number, local(2019, 3, 4, 9))
    start(point, PatronFactory().card_number, local(2019, 3, 4, 10), computer="X-TEST-PC02")
    assert Session.objects.count() == 2


def test_a_start_inside_an_ended_session_is_refused(point):
    SessionFactory(site=point, computer=pc(), start=local(2019, 3, 4, 9), end=local(2019, 3, 4, 10))
    with pytest.raises(DomainError):
        start(point, PatronFactory().card_number, local(2019, 3, 4, 9, 30))


def test_a_start_when_the_previous_session_ended_is_accepted(point):
    SessionFactory(site=point, computer=pc(), start=local(2019, 3, 4, 9), end=local(2019, 3, 4, 10))
    start(point, PatronFactory().card_number, local(2019, 3, 4, 10))
    assert Session.objects.count() == 2


def test_a_session_cannot_end_before_it_starts(point):
    session = start(point, PatronFactory().card_number, local(2019, 3, 4, 9))
    with pytest.raises(DomainError):
        services.session_end(actor=None, session=session, end=local(2019, 3, 4, 8))
    assert Session.objects.get().end is None


def test_ending_a_session_records_the_pages_in_the_rollup(point):
    session = start(point, PatronFactory().card_number, local(2019, 3, 4, 9))
    services.session_end(actor=None, session=session, end=local(2019, 3, 4, 10), pages_printed=3)
    assert SiteDay.objects.get(site=point).pages_printed == 3


def test_a_session_cannot_end_twice(point):
    session = start(point, PatronFactory().card_number, local(2019, 3, 4, 9))
    services.session_end(actor=None, session=session, end=local(2019, 3, 4, 10))
    with pytest.raises(DomainError):
        services.session_end(actor=None, session=session, end=local(2019, 3, 4, 11))


def test_a_session_cannot_end_over_a_later_session(point):
    session = SessionFactory(site=point, computer=pc(), start=local(2019, 3, 4, 9), end=None)
    SessionFactory(
        site=point, computer=pc(), start=local(2019, 3, 4, 11), end=local(2019, 3, 4, 12)
    )
    with pytest.raises(DomainError):
        services.session_end(actor=None, session=session, end=local(2019, 3, 4, 11, 30))


def test_an_open_session_blocks_a_start_before_it(point):
    SessionFactory(site=point, computer=pc(), start=local(2019, 3, 4, 11), end=None)
    with pytest.raises(DomainError):
        start(point, PatronFactory().card_number, local(2019, 3, 4, 9))


def test_a_midnight_crossing_session_belongs_to_the_day_it_starts(point):
    session = start(point, PatronFactory().card_number, local(2019, 12, 31, 23, 30))
    services.session_end(actor=None, session=session, end=local(2020, 1, 1, 0, 40))
    assert Session.objects.get().day == dt.date(2019, 12, 31)
    assert list(SiteDay.objects.values_list("day", flat=True)) == [dt.date(2019, 12, 31)]


def test_a_utc_start_at_17_30_belongs_to_the_next_local_day(point):
    utc = dt.datetime(2019, 3, 4, 17, 30, tzinfo=dt.UTC)
    session = start(point, PatronFactory().card_number, utc)
    assert session.day == dt.date(2019, 3, 5)


def test_an_unknown_service_is_refused(point):
    with pytest.raises(DomainError):
        start(point, PatronFactory().card_number, local(2019, 3, 4, 9), service="gaming")


def test_deleting_a_session_updates_the_rollups(point):
    session = start(point, PatronFactory().card_number, local(2019, 3, 4, 9))
    services.session_delete(actor=None, session=session)
    assert not SiteDay.objects.exists() and not Visit.objects.exists()


# --- Tallies -----------------------------------------------------------------------------


def save_month(point, days):
    return services.tally_month_save(actor=None, site=point, year=2019, month=3, days=days)


def test_a_month_of_tallies_is_saved_and_counted(point):
    assert save_month(point, {dt.date(2019, 3, 1): (10, 7), dt.date(2019, 3, 2): (4, 4)}) == 2
    row = SiteDay.objects.get(site=point, day=dt.date(2019, 3, 1))
    assert (row.tally_visits, row.tally_users) == (10, 7)


def test_saving_a_tally_again_replaces_it_and_none_clears_it(point):
    save_month(point, {dt.date(2019, 3, 1): (10, 7), dt.date(2019, 3, 2): (4, 4)})
    assert save_month(point, {dt.date(2019, 3, 1): (12, 8), dt.date(2019, 3, 2): None}) == 2
    assert list(ManualTally.objects.values_list("day", "visits", "users")) == [
        (dt.date(2019, 3, 1), 12, 8)
    ]
    assert not SiteDay.objects.filter(day=dt.date(2019, 3, 2)).exists()


def test_an_unchanged_month_changes_nothing(point):
    save_month(point, {dt.date(2019, 3, 1): (10, 7)})
    assert save_month(point, {dt.date(2019, 3, 1): (10, 7)}) == 0


@pytest.mark.parametrize(
    "day, values",
    [
        (dt.date(2019, 3, 1), (3, 4)),  # more users than visits
        (dt.date(2019, 3, 1), (-1, 0)),
        (dt.date(2019, 4, 1), (3, 2)),  # not in the month
    ],
)
def test_a_bad_tally_day_refuses_the_whole_month(point, day, values):
    with pytest.raises(DomainError) as caught:
        save_month(point, {dt.date(2019, 3, 2): (5, 5), day: values})
    assert day.isoformat() in caught.value.message_dict
    assert not ManualTally.objects.exists()


def test_a_tally_in_the_future_is_refused(point):
    future = dt.date.today() + dt.timedelta(days=40)
    with pytest.raises(DomainError):
        services.tally_month_save(
            actor=None, site=point, year=future.year, month=future.month, days={future: (1, 1)}
        )


# --- Anonymisation -----------------------------------------------------------------------

TODAY = dt.date(2024, 1, 1)


def anonymise(days=365):
    return services.patrons_anonymise(actor=None, older_than_days=days, today=TODAY)


def test_inactive_patrons_lose_name_and_card_but_keep_what_the_breakdowns_need(point):
    patron = services.patron_register(
        actor=None,
        site=point,
        consent=True,
        display_name="Hà",
        birth_year=1950,
        gender="female",
        groups={"farmer"},
        today=dt.date(2020, 1, 1),
    )
    assert anonymise() == 1
    patron.refresh_from_db()
    assert (patron.display_name, patron.card_number) == ("", f"ANON-{patron.pk}")
    assert (patron.birth_year, patron.gender, patron.farmer) == (1950, "female", True)
    assert patron.anonymised_on == TODAY


def test_a_recent_session_keeps_a_patron(point):
    patron = PatronFactory(registered_on=dt.date(2015, 1, 1))
    SessionFactory(site=point, computer=pc(), patron=patron, start=local(2023, 6, 1, 9))
    assert anonymise() == 0
    assert Patron.objects.get().anonymised_on is None


def test_a_recent_registration_without_sessions_keeps_a_patron(db):
    PatronFactory(registered_on=dt.date(2023, 6, 1))
    assert anonymise() == 0


def test_anonymisation_keeps_every_figure(point):
    for n in range(3):
        patron = PatronFactory(registered_on=dt.date(2015, 1, 1), birth_year=1960 + n)
        SessionFactory(site=point, computer=pc(), patron=patron, start=local(2019, 3, 4, 9 + n))
    GuestPassFactory()
    before = (list(Visit.objects.values()), list(SiteDay.objects.values()))
    assert anonymise() == 3
    assert (list(Visit.objects.values()), list(SiteDay.objects.values())) == before


def test_anonymisation_removes_the_old_card_number_from_the_trail(point):
    patron = services.patron_register(
        actor=None, site=point, consent=True, today=dt.date(2020, 1, 1)
    )
    anonymise()
    assert "X-TEST-000001" not in str(list(audit_entries_for(patron).values()))


def test_anonymised_patrons_can_no_longer_be_changed(db):
    patron = PatronFactory(registered_on=dt.date(2015, 1, 1))
    anonymise()
    patron.refresh_from_db()
    with pytest.raises(DomainError):
        services.patron_update(actor=None, patron=patron, display_name="X")


def test_a_guest_pass_is_not_personal_data(db):
    GuestPassFactory()
    anonymise()
    assert GuestPass.objects.count() == 1

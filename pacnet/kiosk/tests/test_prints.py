"""Print jobs from the kiosks: received whatever they say (clamped), released into the
session's pages printed, or cancelled."""

import pytest

from pacnet.core.errors import DomainError
from pacnet.indicators.models import SiteDay
from pacnet.kiosk.models import PrintJob
from pacnet.kiosk.services.prints import print_job_cancel, print_job_receive, print_job_release
from pacnet.kiosk.services.sessions import kiosk_sign_in, kiosk_sign_out
from pacnet.usage.models import Session


def receive(computer, **values):
    values = {
        "person_code": "",
        "pages": 2,
        "copies": 1,
        "printer": "HP",
        "file_name": "cv.pdf",
        **values,
    }
    return print_job_receive(computer=computer, **values)


def test_a_job_is_linked_to_the_open_session_of_its_person(computer, patron):
    session = kiosk_sign_in(computer=computer, person_code=patron.card_number)
    job = receive(computer, person_code=patron.card_number.lower())
    assert (job.session, job.status) == (session, PrintJob.Status.PENDING)


def test_a_job_of_someone_not_signed_in_is_kept_with_no_session(computer, patron):
    assert receive(computer, person_code=patron.card_number).session is None


@pytest.mark.parametrize(
    ("pages", "copies", "kept"),
    [(-5, 0, (0, 1)), (5000, 500, (1000, 99)), ("many", None, (0, 1)), ("7", "2", (7, 2))],
)
def test_odd_pages_and_copies_are_clamped_never_refused(computer, pages, copies, kept):
    job = receive(computer, pages=pages, copies=copies)
    assert (job.pages, job.copies) == kept


def test_releasing_a_job_adds_pages_times_copies_to_the_session(computer, patron, point_staff):
    session = kiosk_sign_in(computer=computer, person_code=patron.card_number)
    job = receive(computer, person_code=patron.card_number, pages=3, copies=2)
    print_job_release(actor=point_staff, job=job)
    session.refresh_from_db()
    job.refresh_from_db()
    assert (session.pages_printed, job.status, job.decided_by) == (6, "released", point_staff)
    assert SiteDay.objects.get(site=session.site, day=session.day).pages_printed == 6


def test_pages_released_stay_counted_when_the_session_ends(computer, patron, point_staff):
    session = kiosk_sign_in(computer=computer, person_code=patron.card_number)
    print_job_release(actor=point_staff, job=receive(computer, person_code=patron.card_number))
    kiosk_sign_out(computer=computer, session=session, pages=1)
    assert Session.objects.get().pages_printed == 3


def test_releasing_refuses_more_pages_than_plausible_in_a_session(computer, patron, point_staff):
    kiosk_sign_in(computer=computer, person_code=patron.card_number)
    first = receive(computer, person_code=patron.card_number, pages=600)
    print_job_release(actor=point_staff, job=first)
    second = receive(computer, person_code=patron.card_number, pages=600)
    with pytest.raises(DomainError):
        print_job_release(actor=point_staff, job=second)
    second.refresh_from_db()
    assert (second.status, Session.objects.get().pages_printed) == ("pending", 600)


def test_a_cancelled_job_counts_nothing_and_cannot_be_released(computer, patron, point_staff):
    kiosk_sign_in(computer=computer, person_code=patron.card_number)
    job = receive(computer, person_code=patron.card_number)
    print_job_cancel(actor=point_staff, job=job)
    with pytest.raises(DomainError):
        print_job_release(actor=point_staff, job=job)
    assert Session.objects.get().pages_printed == 0

"""Enrolment: a one-time code becomes the kiosk's bearer token, kept hashed and revocable."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from pacnet.core.models import AuditEntry
from pacnet.kiosk.models import EnrolmentCode, KioskToken
from pacnet.kiosk.services.computers import enrolment_code_create, kiosk_token_revoke

ENROL = "/api/kiosk/v1/enrol"
RULES = "/api/kiosk/v1/rules"


def test_a_code_enrols_the_computer_and_answers_its_token_computer_and_point(computer):
    code = enrolment_code_create(actor=None, computer=computer)
    response = APIClient().post(ENROL, {"code": code, "name": "pc01"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["computer"] == "X-KIOSK-PC01" and body["point"] == "X-KIOSK"
    stored = KioskToken.objects.get(computer=computer)
    assert stored.digest != body["token"] and body["token"] not in stored.digest
    assert stored.host_name == "pc01"


def test_the_code_is_typed_loosely_lower_case_and_without_the_dash(computer):
    code = enrolment_code_create(actor=None, computer=computer)
    loose = code.replace("-", " ").lower()
    response = APIClient().post(ENROL, {"code": loose, "name": "pc01"}, format="json")
    assert response.status_code == 201


def test_a_code_works_once(computer):
    code = enrolment_code_create(actor=None, computer=computer)
    APIClient().post(ENROL, {"code": code, "name": "pc01"}, format="json")
    again = APIClient().post(ENROL, {"code": code, "name": "pc01"}, format="json")
    assert again.status_code == 400
    assert "code" in again.json()
    assert KioskToken.objects.filter(computer=computer).count() == 1


def test_an_expired_code_is_refused(computer):
    code = enrolment_code_create(actor=None, computer=computer)
    EnrolmentCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = APIClient().post(ENROL, {"code": code, "name": "pc01"}, format="json")
    assert response.status_code == 400
    assert not KioskToken.objects.exists()


def test_enrolling_again_revokes_the_old_token(computer, token):
    code = enrolment_code_create(actor=None, computer=computer)
    APIClient().post(ENROL, {"code": code, "name": "pc01"}, format="json")
    old = APIClient()
    old.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert old.get(RULES).status_code == 401


def test_a_revoked_token_gets_401_and_the_revocation_is_audited(computer, kiosk):
    assert kiosk.get(RULES).status_code == 200
    assert kiosk_token_revoke(actor=None, computer=computer) == 1
    response = kiosk.get(RULES)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert AuditEntry.objects.filter(object_id=str(computer.pk), changes__has_key="kiosk token")


def test_no_token_or_a_wrong_one_gets_401(kiosk):
    assert APIClient().get(RULES).status_code == 401
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert wrong.get(RULES).status_code == 401
    malformed = APIClient()
    malformed.credentials(HTTP_AUTHORIZATION="Bearer a b")
    assert malformed.get(RULES).status_code == 401


def test_a_logged_in_user_is_no_kiosk(client, province_admin):
    client.force_login(province_admin)
    assert client.get(RULES).status_code in (401, 403)


def test_a_retired_computer_gets_no_code(computer):
    from pacnet.core.errors import DomainError
    from pacnet.inventory.models import EquipmentStatus, EquipmentStatusChange

    EquipmentStatusChange.objects.create(
        equipment=computer, status=EquipmentStatus.RETIRED, effective_on=dt.date(2020, 1, 1)
    )
    try:
        enrolment_code_create(actor=None, computer=computer)
    except DomainError as error:
        assert "computer" in error.message_dict
    else:
        raise AssertionError("a retired computer got an enrolment code")


def test_malformed_json_is_a_400(computer):
    response = APIClient().post(ENROL, "{not json", content_type="application/json")
    assert response.status_code == 400

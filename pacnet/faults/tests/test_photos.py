"""Fault photos: refused when they claim too many pixels, stored without EXIF, served privately."""

import importlib
import io

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from PIL import Image

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.core.audit import audit_entries_for
from pacnet.core.models import AuditEntry
from pacnet.faults.models import Fault
from pacnet.faults.tests.conftest import jpeg_bytes, jpeg_with_gps, png_claiming
from pacnet.faults.tests.helpers import report
from pacnet.geography.models import Site

REPORT = reverse("faults:fault_report")
TOO_MANY_PIXELS = "quá nhiều điểm ảnh"


def upload(content: bytes, name: str = "anh.png", kind: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=kind)


def photo_url(fault: Fault) -> str:
    return reverse("faults:fault_photo", kwargs={"fault_id": fault.pk})


def stored(fault: Fault) -> Image.Image:
    fault.refresh_from_db()
    return Image.open(io.BytesIO((django_settings.MEDIA_ROOT / fault.photo.name).read_bytes()))


# --- Refused before any pixel is decoded ---------------------------------------------------


def test_a_tiny_png_claiming_30000_by_30000_pixels_is_refused_on_the_form(client, daklao_staff):
    bomb = png_claiming(30000, 30000)
    assert len(bomb) < 100
    client.force_login(daklao_staff)
    response = client.post(
        REPORT,
        {
            "target": "X-DAKLAO-PC02",
            "category": "hardware",
            "description": "x",
            "photo": upload(bomb),
        },
    )
    assert response.status_code == 200
    assert TOO_MANY_PIXELS in response.context["form"].errors["photo"][0]
    assert not Fault.objects.exists()


@pytest.mark.parametrize(
    "size",
    [
        (10000, 5000),  # 50 MP: under Pillow's own limit, over ours
        (10000, 10000),  # 100 MP: Pillow only warns
        (30000, 30000),  # 900 MP: Pillow refuses
    ],
)
def test_a_photo_over_40_megapixels_is_refused_and_nothing_is_written(daklao_staff, size):
    with pytest.raises(ValidationError) as refused:
        report(actor=daklao_staff, photo=upload(png_claiming(*size)))
    assert "40" in refused.value.error_dict["photo"][0].messages[0]
    assert not Fault.objects.exists()


# --- What is kept -------------------------------------------------------------------------


def test_the_stored_photo_has_no_exif_gps_nor_owner(daklao_staff):
    fault = report(actor=daklao_staff, photo=upload(jpeg_with_gps(), "IMG.jpg", "image/jpeg"))
    image = stored(fault)
    assert image.format == "JPEG"
    exif = image.getexif()
    assert 0x8825 not in exif and not exif.get_ifd(0x8825)  # GPS
    assert 0x013B not in exif and 0xA430 not in exif  # artist, camera owner
    assert b"Nguyen" not in (django_settings.MEDIA_ROOT / fault.photo.name).read_bytes()


def test_the_phones_orientation_is_applied_to_the_stored_photo(daklao_staff):
    # Orientation 6: the camera held upright, the pixels stored sideways.
    sideways = jpeg_with_gps(size=(64, 48), orientation=6)
    fault = report(actor=daklao_staff, photo=upload(sideways, "IMG.jpg", "image/jpeg"))
    assert stored(fault).size == (48, 64)


def test_a_large_photo_is_kept_at_2000_pixels_at_most_in_its_format(daklao_staff):
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 1000), (10, 200, 10)).save(buffer, "PNG")
    fault = report(actor=daklao_staff, photo=upload(buffer.getvalue()))
    image = stored(fault)
    assert image.format == "PNG" and image.size == (2000, 500)
    assert fault.photo.name.endswith(".png")


def test_the_audit_trail_says_a_photo_was_attached_not_where_it_is(daklao_staff):
    fault = report(actor=daklao_staff, photo=upload(jpeg_bytes(), "IMG.jpg", "image/jpeg"))
    fault.refresh_from_db()
    entries = [str(e.changes) for e in AuditEntry.objects.all()]
    assert not any(fault.photo.name.split("/")[-1] in changes for changes in entries)
    entry = audit_entries_for(fault).get(action=AuditEntry.Action.CREATE)
    assert entry.changes["photo"] == ["", "photo attached"]
    assert ("ảnh", "", "đã đính kèm ảnh") in entry.change_rows


# --- Who gets it ----------------------------------------------------------------------------


@pytest.fixture
def fault_with_photo(daklao_staff):
    return report(actor=daklao_staff, photo=upload(jpeg_bytes(), "IMG.jpg", "image/jpeg"))


def test_the_own_points_staff_get_the_photo_kept_private(client, daklao_staff, fault_with_photo):
    client.force_login(daklao_staff)
    response = client.get(photo_url(fault_with_photo))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert "private" in response["Cache-Control"]


def test_anonymous_is_sent_to_login_for_the_photo(client, fault_with_photo):
    response = client.get(photo_url(fault_with_photo))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_points_staff_get_404_as_for_a_missing_photo(client, fault_with_photo):
    other = UserFactory(role=Role.POINT_STAFF, scope_sites=[Site.objects.get(code="TV-TINH")])
    client.force_login(other)
    assert client.get(photo_url(fault_with_photo)).status_code == 404
    missing = reverse("faults:fault_photo", kwargs={"fault_id": fault_with_photo.pk + 1000})
    assert client.get(missing).status_code == 404


@pytest.fixture
def urls_in_debug(settings):
    """The URL conf as a development server builds it (DEBUG on at import)."""
    import pacnet.urls

    settings.DEBUG = True
    importlib.reload(pacnet.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(pacnet.urls)
    clear_url_caches()


def test_media_files_are_not_served_openly_even_in_debug(client, fault_with_photo, urls_in_debug):
    fault_with_photo.refresh_from_db()
    path = django_settings.MEDIA_URL + fault_with_photo.photo.name
    assert client.get("/" + path.lstrip("/")).status_code == 404

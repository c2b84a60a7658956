"""Fixtures of the fault tests: a technician, a photo, media files in a temporary folder."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pacnet.accounts.models import Role
from pacnet.accounts.tests.factories import UserFactory
from pacnet.geography.models import AdministrativeUnit


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def thuvien(demo_network):
    """Provincial library staff: the network's technicians."""
    return UserFactory(
        username="thuvien",
        role=Role.LIBRARY_STAFF,
        scope_units=[AdministrativeUnit.objects.get(code="LDG")],
    )


def jpeg_bytes(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def photo():
    return SimpleUploadedFile("IMG_20240502_Nguyen.jpg", jpeg_bytes(), content_type="image/jpeg")

"""Fixtures of the fault tests: a technician, a photo, media files in a temporary folder."""

import io
import struct
import zlib

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


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a "decompression bomb")."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def jpeg_with_gps(size=(64, 48), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: GPS position, owner's name, orientation in its EXIF."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x013B] = "Nguyễn Văn A"  # Artist
    exif[0xA430] = "Nguyễn Văn A"  # CameraOwnerName
    exif[0x8825] = {1: "N", 2: (12.0, 30.0, 0.0), 3: "E", 4: (108.0, 2.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", exif=exif, comment="Nguyen Van A")
    return buffer.getvalue()

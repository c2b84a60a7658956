"""The Vietnamese catalogues: one English text has one translation, whichever app says it.

Django merges every app's catalogue into one and keeps a single translation per msgid, so
two apps that translate the same msgid differently show one app's words in the other's
pages (a busy computer read "đang áp dụng"). Where the meanings differ, a pgettext context
keeps them apart.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pacnet.alerts.models import Alert
from pacnet.alerts.services import alerts_refresh
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.models import Equipment
from pacnet.usage import services as usage_services

APPS_DIR = Path(__file__).resolve().parents[2]


def catalogues() -> list[Path]:
    return sorted(APPS_DIR.glob("*/locale/vi/LC_MESSAGES/django.po"))


def test_every_app_has_a_vietnamese_catalogue_to_check():
    assert {path.parts[-5] for path in catalogues()} >= {"core", "usage", "alerts", "inventory"}


def test_one_msgid_has_one_translation_across_the_catalogues():
    translations: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            text = entry.msgstr or " | ".join(v for _, v in sorted(entry.msgstr_plural.items()))
            translations[key][text].add(path.parts[-5])
    clashes = {
        f"{ctxt + ': ' if ctxt else ''}{msgid!r}": {
            text: sorted(apps) for text, apps in texts.items()
        }
        for (ctxt, msgid, _), texts in translations.items()
        if len(texts) > 1
    }
    assert not clashes, f"translated differently by different apps: {clashes}"


def test_every_entry_is_translated_and_none_is_fuzzy():
    missing = {
        f"{path.parts[-5]}: {entry.msgid!r}"
        for path in catalogues()
        for entry in polib.pofile(str(path))
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    }
    assert not missing, sorted(missing)


def test_words_with_two_meanings_are_told_apart_by_their_context():
    with translation.override("vi"):
        assert translation.pgettext("computer", "in use") == "đang dùng"
        assert translation.gettext("in use") == "đang áp dụng"  # a maintenance task in force
        assert translation.pgettext("alert", "open") == "đang mở"
        assert translation.gettext("open") == "đang hoạt động"  # an access point at work


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_busy_computer_reads_in_use_not_in_force(daklao_staff, province_admin):
    daklao = Site.objects.get(code="X-DAKLAO")
    patron = usage_services.patron_register(
        actor=province_admin, site=daklao, consent=True, display_name="Hờ Thị Hoà"
    )
    staff = client_of(daklao_staff)
    staff.post(
        reverse("usage:session_start", kwargs={"site_code": "X-DAKLAO"}),
        {
            "computer": Equipment.objects.get(code="X-DAKLAO-PC01").pk,
            "person_code": patron.card_number,
            "service": "web",
        },
    )
    page = staff.get(reverse("usage:computers", kwargs={"site_code": "X-DAKLAO"})).text
    assert "đang dùng" in page
    assert "đang áp dụng" not in page


@pytest.mark.django_db
def test_an_open_alert_reads_open_not_at_work(daklao_staff):
    alerts_refresh(today=today())
    assert Alert.objects.filter(site__code="X-DAKLAO", resolved_on=None).exists()
    page = client_of(daklao_staff).get("/alerts/?state=open").text
    assert "đang mở" in page
    assert "đang hoạt động" not in page

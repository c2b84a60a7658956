"""The content types follow a model that moves to another app, with the rows that point at them."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from pacnet.core.app_moves import content_types_relabel
from pacnet.core.models import AuditEntry


def _entry(content_type: ContentType) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=content_type, object_id="1", object_repr="x", action="create"
    )


def test_the_old_content_type_takes_the_new_app_label(db):
    old = ContentType.objects.create(app_label="oldapp", model="widget")
    content_types_relabel(apps, source="oldapp", target="newapp", models=["widget"])
    old.refresh_from_db()
    assert (old.app_label, old.model) == ("newapp", "widget")


def test_when_both_exist_the_audit_entries_move_to_the_new_one(db):
    old = ContentType.objects.create(app_label="oldapp", model="widget")
    new = ContentType.objects.create(app_label="newapp", model="widget")
    entry = _entry(old)
    content_types_relabel(apps, source="oldapp", target="newapp", models=["widget"])
    entry.refresh_from_db()
    assert entry.content_type_id == new.pk


def test_other_models_are_left_alone(db):
    other = ContentType.objects.create(app_label="oldapp", model="gadget")
    content_types_relabel(apps, source="oldapp", target="newapp", models=["widget"])
    other.refresh_from_db()
    assert other.app_label == "oldapp"

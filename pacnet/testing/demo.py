"""The demo network in a test: loaded through the services once per test process, then
restored from a snapshot of its rows (their write times are those of the restore), which
is many times faster than loading it again.

The snapshot is taken from, and restored into, a database with no data yet, so it holds the
demo network and nothing a fixture added, and its ids are free; content types are kept by
name, since a transactional test's flush may give them new ids.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

from pacnet.dashboard.demo import demo_network_load

# Made by migrate, or not data at all.
SKIPPED = {"contenttypes", "auth.permission", "sessions", "axes", "admin"}

Snapshot = list[tuple[type[Model], list[dict]]]
_snapshot: Snapshot | None = None


def demo_network_in_test_db() -> None:
    global _snapshot
    models = data_models()
    # Restored rows keep their ids: only into a database with no row a fixture made first.
    empty = not any(model._base_manager.exists() for model in models)
    if empty and _snapshot is not None:
        snapshot_restore(_snapshot)
        return
    demo_network_load()
    if empty:
        _snapshot = snapshot_take(models)


def data_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in SKIPPED
        and model._meta.label_lower not in SKIPPED
    ]


def _content_type_fields(model: type[Model]) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is ContentType
    ]


def _content_types():
    return ContentType.objects.values_list("pk", "app_label", "model")


def snapshot_take(models: list[type[Model]]) -> Snapshot:
    names = {
        pk: (app, name)
        for pk, app, name in ContentType.objects.values_list("pk", "app_label", "model")
    }
    snapshot = []
    for model in models:
        columns = [field.attname for field in model._meta.concrete_fields]
        rows = list(model._base_manager.order_by("pk").values(*columns))
        for row in rows:
            for attname in _content_type_fields(model):
                row[attname] = names[row[attname]]
        if rows:
            snapshot.append((model, rows))
    return snapshot


@transaction.atomic
def snapshot_restore(snapshot: Snapshot) -> None:
    ids = {
        (app, name): pk
        for pk, app, name in ContentType.objects.values_list("pk", "app_label", "model")
    }
    for model, rows in snapshot:
        fields = _content_type_fields(model)
        objects = []
        for row in rows:
            values = dict(row)
            for attname in fields:
                values[attname] = ids[values[attname]]
            objects.append(model(**values))
        model._base_manager.bulk_create(objects, batch_size=500)
    # Rows came with their ids: PostgreSQL's sequences must move past them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in snapshot]):
            cursor.execute(statement)

"""The demo network restored from its snapshot is the network the services load."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from pacnet.dashboard.demo import demo_network_load
from pacnet.geography.models import Site
from pacnet.testing.demo import data_models, snapshot_restore, snapshot_take


def _rows(models) -> dict:
    names = dict(ContentType.objects.values_list("pk", "model"))
    rows = {}
    for model in models:
        # When a row was written is the time of the restore, as it was that of the load.
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        ]
        values = list(model._base_manager.order_by("pk").values_list(*columns))
        if "content_type_id" in columns:
            i = columns.index("content_type_id")
            values = [(*v[:i], names[v[i]], *v[i + 1 :]) for v in values]
        rows[model._meta.label] = values
    return rows


def _empty(models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def test_a_restored_network_has_every_row_of_the_loaded_one(db):
    models = data_models()
    demo_network_load()
    loaded = _rows(models)
    snapshot = snapshot_take(models)
    _empty(models)
    assert not Site.objects.exists()
    snapshot_restore(snapshot)
    assert _rows(models) == loaded
    assert sum(len(rows) for rows in loaded.values()) > 500


def test_a_restored_network_takes_new_rows_after_its_own(db):
    models = data_models()
    demo_network_load()
    snapshot = snapshot_take(models)
    _empty(models)
    snapshot_restore(snapshot)
    newest = Site.objects.order_by("pk").last()
    site = Site.objects.create(code="NEW", name="Điểm mới", opened_on=newest.opened_on)
    assert site.pk > newest.pk

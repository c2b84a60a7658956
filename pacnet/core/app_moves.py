"""Migration operations for a model that moves from one app to another, data kept.

The table is renamed by Django (`AlterModelTable`); what Django does not move is the content
type, to which the audit trail, the admin log and permissions point: these operations do.
"""

from __future__ import annotations

from django.db import migrations


def content_types_moved(*, old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """A reversible step that relabels the content types of `models` from `old_app` to `new_app`.

    A content type already made for the new app (by a `migrate` that ran its post-migrate step
    before this one) keeps the rows pointing at it; the old one is then left as a stale type.
    """

    def relabel(apps, _schema_editor, source: str, target: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=target, model=model).exists():
                content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    return migrations.RunPython(
        lambda apps, editor: relabel(apps, editor, old_app, new_app),
        lambda apps, editor: relabel(apps, editor, new_app, old_app),
    )

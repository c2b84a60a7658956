"""Migration operations for a model that moves from one app to another, data kept.

The table is renamed by Django (`AlterModelTable`); what Django does not move is the content
type, to which the audit trail, the admin log and permissions point: these operations do.
"""

from __future__ import annotations

from django.db import migrations


def content_types_relabel(apps, *, source: str, target: str, models: list[str]) -> None:
    """Give the content types of `models` in `source` to `target`, with every row on them.

    When `target` already has one (a `migrate` created it after the model moved, before this
    step ran), the rows pointing at the old type move to it and the old type stays, unused.
    """
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in models:
        old = content_type.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = content_type.objects.filter(app_label=target, model=model).first()
        if new is None:
            content_type.objects.filter(pk=old.pk).update(app_label=target)
            continue
        for related in apps.get_models():
            if related._meta.label_lower == "auth.permission":
                continue  # the new type has its own; pacnet grants by role, not by permission
            for field in related._meta.concrete_fields:
                if field.many_to_one and _is_content_type(field.related_model):
                    related.objects.filter(**{field.attname: old.pk}).update(
                        **{field.attname: new.pk}
                    )


def _is_content_type(model) -> bool:
    return model is not None and model._meta.label_lower == "contenttypes.contenttype"


def content_types_moved(*, old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """A reversible step that relabels the content types of `models` from `old_app` to `new_app`."""
    return migrations.RunPython(
        lambda apps, _editor: content_types_relabel(
            apps, source=old_app, target=new_app, models=models
        ),
        lambda apps, _editor: content_types_relabel(
            apps, source=new_app, target=old_app, models=models
        ),
    )

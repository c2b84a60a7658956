"""The moved tables take connectivity's names; the audit trail follows through the content types."""

from django.db import migrations

from pacnet.core.app_moves import content_types_moved


class Migration(migrations.Migration):
    dependencies = [
        ("connectivity", "0001_initial"),
        ("geography", "0004_lines_move_to_connectivity"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_audit_trail"),  # the audit entries follow the content type
    ]

    operations = [
        content_types_moved(
            old_app="geography", new_app="connectivity", models=["internetline", "lineoutage"]
        ),
        migrations.AlterModelTable(name="internetline", table=None),
        migrations.AlterModelTable(name="lineoutage", table=None),
    ]

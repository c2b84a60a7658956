from django.db import migrations

from pacnet.core.app_moves import content_types_moved


class Migration(migrations.Migration):
    # After indicators.0003, so that migrating indicators back renames the table back first.
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_audit_trail"),  # the audit entries follow the content type
        ("indicators", "0003_plan_moves_to_plans"),
        ("plans", "0001_initial"),
    ]

    operations = [
        # The audit trail and the admin log point at the content type: it follows the model.
        content_types_moved(old_app="indicators", new_app="plans", models=["plan"]),
        # indicators_plan becomes plans_plan.
        migrations.AlterModelTable(name="plan", table=None),
    ]

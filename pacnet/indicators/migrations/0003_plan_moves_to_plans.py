from django.db import migrations


class Migration(migrations.Migration):
    # The table stays: pacnet.plans takes the model over (plans.0001), then renames it (0002).
    dependencies = [
        ("indicators", "0002_month_and_year_rollups"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Plan")],
            database_operations=[],
        ),
    ]

# The preventive-maintenance models move to the maintenance app, tables and rows kept:
# inventory forgets them (state only); maintenance 0001 takes them over.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0003_preventive_maintenance"),
        ("maintenance", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # Children before parents.
                migrations.DeleteModel(name="MaintenanceTaskResult"),
                migrations.DeleteModel(name="MaintenanceVisit"),
                migrations.DeleteModel(name="MaintenanceTask"),
                migrations.DeleteModel(name="MaintenancePlan"),
            ],
            database_operations=[],
        ),
    ]

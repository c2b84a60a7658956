"""Internet lines and outages now belong to connectivity: geography forgets them, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0003_internet_lines_outages"),
        ("connectivity", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Children before parents: an outage points at its line.
            state_operations=[
                migrations.DeleteModel(name="LineOutage"),
                migrations.DeleteModel(name="InternetLine"),
            ],
            database_operations=[],
        ),
    ]

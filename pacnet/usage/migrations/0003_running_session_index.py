from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("usage", "0002_kiosk_sessions_and_pins"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="session",
            index=models.Index(
                condition=models.Q(("end__isnull", True)),
                fields=["computer"],
                name="session_running_idx",
            ),
        ),
    ]

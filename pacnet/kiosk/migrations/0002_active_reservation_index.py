from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("kiosk", "0001_kiosks"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reservation",
            index=models.Index(
                condition=models.Q(("status__in", ["waiting", "offered"])),
                fields=["site"],
                name="reservation_active_idx",
            ),
        ),
    ]

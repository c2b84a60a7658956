from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0006_opening_hours_to_periods"),
    ]

    operations = [
        migrations.RemoveField(model_name="site", name="opening_hours"),
    ]

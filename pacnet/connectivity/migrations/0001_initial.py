"""Internet lines and outages move from geography: the state only, the tables stay as they are.

Their tables keep the geography_ names here (Meta.db_table); 0002 renames them.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("geography", "0003_internet_lines_outages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InternetLine",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "provider",
                            models.CharField(
                                choices=[
                                    ("Viettel", "Viettel"),
                                    ("VNPT", "VNPT"),
                                    ("FPT", "FPT"),
                                    ("other", "other provider"),
                                ],
                                max_length=100,
                                verbose_name="provider",
                            ),
                        ),
                        (
                            "contract_number",
                            models.CharField(
                                blank=True, max_length=60, verbose_name="contract number"
                            ),
                        ),
                        (
                            "bandwidth_mbps",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=8,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="download (Mbit/s)",
                            ),
                        ),
                        (
                            "upload_mbps",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=8,
                                null=True,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="upload (Mbit/s)",
                            ),
                        ),
                        (
                            "monthly_fee",
                            models.DecimalField(
                                decimal_places=0,
                                max_digits=12,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="monthly fee (VND)",
                            ),
                        ),
                        (
                            "discount_percent",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=5,
                                validators=[
                                    django.core.validators.MinValueValidator(0),
                                    django.core.validators.MaxValueValidator(100),
                                ],
                                verbose_name="discount (%)",
                            ),
                        ),
                        (
                            "active_from",
                            models.DateField(blank=True, null=True, verbose_name="contract start"),
                        ),
                        (
                            "active_to",
                            models.DateField(blank=True, null=True, verbose_name="contract end"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "in service"),
                                    ("suspended", "suspended"),
                                    ("ended", "contract ended"),
                                ],
                                default="active",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "site",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="internet_lines",
                                to="geography.site",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Internet line",
                        "verbose_name_plural": "Internet lines",
                        "db_table": "geography_internetline",
                        "ordering": ["site", "-active_from"],
                    },
                ),
                migrations.CreateModel(
                    name="LineOutage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("start", models.DateTimeField(verbose_name="line down at")),
                        (
                            "end",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="line back at"
                            ),
                        ),
                        (
                            "cause",
                            models.CharField(
                                choices=[
                                    ("unknown", "not known"),
                                    ("power", "power cut"),
                                    ("cable", "cable cut or damaged"),
                                    ("provider", "provider's network"),
                                    ("equipment", "modem or router"),
                                    ("weather", "storm or flood"),
                                    ("other", "other cause"),
                                ],
                                default="unknown",
                                max_length=12,
                                verbose_name="cause",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "line",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outages",
                                to="connectivity.internetline",
                            ),
                        ),
                        (
                            "reported_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="reported by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "line outage",
                        "verbose_name_plural": "line outages",
                        "db_table": "geography_lineoutage",
                        "ordering": ["line", "-start"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="internetline",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("active_to__isnull", True),
                            ("active_from__isnull", True),
                            ("active_to__gte", models.F("active_from")),
                            _connector="OR",
                        ),
                        name="line_contract_ordered",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="lineoutage",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"
                        ),
                        name="outage_end_after_start",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="lineoutage",
                    constraint=models.UniqueConstraint(
                        fields=("line", "start"), name="outage_line_start_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="lineoutage",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("end__isnull", True)),
                        fields=("line",),
                        name="one_open_outage_per_line",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

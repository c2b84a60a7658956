"""A database made before the apps split migrates forward with nothing lost, figures equal.

`data/figures_before_the_split.json` holds what the code before the split computed for the
full demo (every year and several periods, for the network, units and points) and the row
count of every table. Here the same demo is loaded, the database is migrated back to the
migrations of that time (the moved tables return to their old names, the content types to
their old apps), checked to be what that code made, and migrated forward again.
"""

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q

from pacnet.core.models import AuditEntry
from pacnet.dashboard import demo as dashboard_demo
from pacnet.dashboard.demo import demo_history_load, demo_network_load
from pacnet.geography.selectors import scope_by_code
from pacnet.indicators.models import SiteSetYear
from pacnet.indicators.periods import Period, period_indicators
from pacnet.indicators.selectors import year_indicators
from pacnet.usage.rollups import usage_rollup_rebuild

BEFORE = json.loads((Path(__file__).parent / "data/figures_before_the_split.json").read_text())
NOW = dt.datetime(2026, 6, 30, 17, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# The last migration of each app before the split; the new apps did not exist.
BEFORE_THE_SPLIT = [
    ("geography", "0003_internet_lines_outages"),
    ("inventory", "0003_preventive_maintenance"),
    ("indicators", "0002_month_and_year_rollups"),
    ("connectivity", None),
    ("maintenance", None),
    ("plans", None),
]
# Models made after the split: their content types and permissions are not counted.
BORN_AFTER_THE_SPLIT = Q(app_label="kiosk") | Q(app_label="geography", model="openingperiod")
TABLES_BORN_AFTER_THE_SPLIT = ("kiosk_", "geography_openingperiod")
MOVED = {
    "geography_internetline": "connectivity_internetline",
    "geography_lineoutage": "connectivity_lineoutage",
    "inventory_maintenanceplan": "maintenance_maintenanceplan",
    "inventory_maintenancetask": "maintenance_maintenancetask",
    "inventory_maintenancevisit": "maintenance_maintenancevisit",
    "inventory_maintenancevisit_items": "maintenance_maintenancevisit_items",
    "inventory_maintenancetaskresult": "maintenance_maintenancetaskresult",
    "indicators_plan": "plans_plan",
}
MOVED_MODELS = {
    ("geography", "internetline"): "connectivity",
    ("geography", "lineoutage"): "connectivity",
    ("inventory", "maintenanceplan"): "maintenance",
    ("inventory", "maintenancetask"): "maintenance",
    ("inventory", "maintenancevisit"): "maintenance",
    ("inventory", "maintenancetaskresult"): "maintenance",
    ("indicators", "plan"): "plans",
}


def _figures() -> dict:
    """Exactly what the code before the split recorded (see `made_by` in the data file)."""
    from pacnet.plans.models import Plan

    today = NOW.date()
    years, periods = {}, {}
    for code in ["", "LDG", "DNO", "XA-DAKLAO", "TV-TINH", "X-DAKLAO", "X-QUANGTAM"]:
        scope = scope_by_code(code) if code else None
        for year in range(2017, 2027):
            figures = year_indicators(year=year, scope=scope, today=today)
            years[f"{code}|{year}"] = figures.as_dict()
        # A plan is named by its order: its id depends on the tests that ran before.
        plans = {
            f"plan:{pk}": f"plan:{n}"
            for n, pk in enumerate(Plan.objects.order_by("pk").values_list("pk", flat=True), 1)
        }
        for label in ["2019-Q2", "2025-07", "2024", "2020-05", *plans]:
            figures = period_indicators(period=Period.parse(label), scope=scope, today=today)
            shown = plans.get(label, label)
            periods[f"{code}|{shown}"] = {**figures.as_dict(), "period": shown}
    return json.loads(json.dumps({"years": years, "periods": periods}, default=str))


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table.startswith(("django_migrations", "django_session", "axes_")):
                continue
            if table.startswith(TABLES_BORN_AFTER_THE_SPLIT):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    later = ContentType.objects.filter(BORN_AFTER_THE_SPLIT)
    counts["django_content_type"] -= later.count()
    if "auth_permission" in counts:
        from django.contrib.auth.models import Permission

        counts["auth_permission"] -= Permission.objects.filter(content_type__in=later).count()
    return counts


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_split_migrates_forward_with_the_same_indicators(monkeypatch):
    # The kiosk demo step came after the split: the snapshot holds none of its audit entries.
    monkeypatch.setattr(dashboard_demo, "demo_kiosk_rules_load", lambda **kwargs: None)
    demo_network_load()
    demo_history_load(now=NOW)
    # The demo's plans and maintenance plans are audited (its lines are not, being history).
    audited = set(AuditEntry.objects.values_list("content_type__app_label", flat=True))
    assert {"maintenance", "plans"} <= audited
    figures = {"years": BEFORE["years"], "periods": BEFORE["periods"]}
    assert _figures() == figures  # the same demo, the same figures as the code before the split
    try:
        _migrate(BEFORE_THE_SPLIT)
        # As the old migrations made it: old table names, the same rows, the old content types.
        assert _row_counts() == BEFORE["table_rows"]
        old_types = set(ContentType.objects.values_list("app_label", "model"))
        assert set(MOVED_MODELS) <= old_types
    finally:
        _migrate(None)
    ContentType.objects.clear_cache()
    # Figures from the raw records that crossed the migration, not from what was cached.
    SiteSetYear.objects.all().delete()
    usage_rollup_rebuild()
    assert _figures() == figures
    assert _row_counts() == {MOVED.get(t, t): n for t, n in BEFORE["table_rows"].items()}
    # Every audit entry of a moved model still finds its model, now in its new app.
    for (app, model), new_app in MOVED_MODELS.items():
        assert not ContentType.objects.filter(app_label=app, model=model).exists()
        moved = ContentType.objects.get(app_label=new_app, model=model)
        assert moved.model_class() is not None
    entries = AuditEntry.objects.select_related("content_type")
    assert all(entry.content_type.model_class() is not None for entry in entries)

"""The 2017–2020 plan of the seed document, loaded by the demo through the plan services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pacnet.plans.models import Plan
from pacnet.plans.services import plan_create

REFERENCE = "484/KH-UBND"
# Signed 13/09/2017; the text says "bắt đầu triển khai từ 9/2017 đến hết ngày 31/12/2020".
# It is in force from its signature (it cannot govern days before it existed) to its end.
START, END = dt.date(2017, 9, 13), dt.date(2020, 12, 31)


def demo_plan_load() -> Plan:
    """Plan 484/KH-UBND: users +3 %/year, visits +5–7 %/year, 80–100 % points effective."""
    existing = Plan.objects.filter(reference=REFERENCE).first()
    if existing is not None:
        return existing
    return plan_create(
        actor=None,
        name=(
            "Duy trì bền vững kết quả Dự án “Nâng cao khả năng sử dụng máy tính và truy nhập "
            "internet công cộng tại Việt Nam” trên địa bàn tỉnh Đắk Nông giai đoạn 2017–2020"
        ),
        reference=REFERENCE,
        start=START,
        end=END,
        users_growth_min=Decimal("0.03"),
        visits_growth_min=Decimal("0.05"),
        visits_growth_max=Decimal("0.07"),
        effective_share_min=Decimal("0.80"),
        effective_share_max=Decimal("1.00"),
        days_with_visit_min=15,
        working_ratio_min=Decimal("0.60"),
        effective_months_share=Decimal("0.75"),
        source="demo",
    )

"""Small helpers of the fault tests."""

import datetime as dt

from django.utils import timezone

from pacnet.faults import services
from pacnet.geography.models import Site
from pacnet.inventory.models import Equipment


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def report(code: str = "X-DAKLAO-PC03", *, actor=None, day: dt.date | None = None, **kwargs):
    item = Equipment.objects.get(code=code)
    return services.fault_report(
        actor=actor,
        site=item.site,
        equipment=item,
        description=kwargs.pop("description", "Không lên nguồn"),
        at=at(day) if day else None,
        **kwargs,
    )


def report_on_point(code: str = "X-DAKLAO", **kwargs):
    return services.fault_report(
        actor=None, site=Site.objects.get(code=code), description="Mất mạng", **kwargs
    )

import datetime as dt

import factory

from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.models import Equipment, EquipmentStatus, EquipmentStatusChange


class EquipmentFactory(factory.django.DjangoModelFactory):
    """An item, working since `status_on` (1 June 2012 unless given)."""

    class Meta:
        model = Equipment
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"EQ-{n:05d}")
    site = factory.SubFactory(SiteFactory)
    kind = Equipment.Kind.COMPUTER

    @factory.post_generation
    def status_on(self, create, extracted, **kwargs):
        if create:
            EquipmentStatusChange.objects.create(
                equipment=self,
                status=kwargs.get("status", EquipmentStatus.WORKING),
                effective_on=extracted or dt.date(2012, 6, 1),
            )

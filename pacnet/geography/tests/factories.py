import datetime as dt

import factory

from pacnet.geography.models import AdministrativeUnit, Site, SitePlacement, UnitParentage


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"U-{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    level = AdministrativeUnit.Level.PROVINCE


class ParentageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitParentage

    unit = factory.SubFactory(UnitFactory, level=AdministrativeUnit.Level.COMMUNE)
    parent = factory.SubFactory(UnitFactory)


class SiteFactory(factory.django.DjangoModelFactory):
    """A point; give `unit=` to place it (a new province otherwise)."""

    class Meta:
        model = Site
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P-{n:04d}")
    name = factory.Sequence(lambda n: f"Điểm {n}")
    kind = Site.Kind.COMMUNE_LIBRARY
    origin = Site.Origin.BMGF_VN
    opened_on = dt.date(2012, 6, 1)

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if create:
            SitePlacement.objects.create(site=self, unit=extracted or UnitFactory())

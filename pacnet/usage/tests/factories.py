"""Usage factories. Patrons and guest passes are plain rows (they alone change no figure);
SessionFactory and ManualTallyFactory save the row and then refresh the rollups of its
(point, day), as the services do, so that the indicators always match the raw records.
Use the services themselves to test their rules.
"""

import datetime as dt

import factory
from django.utils import timezone

from pacnet.geography.tests.factories import SiteFactory
from pacnet.inventory.tests.factories import EquipmentFactory
from pacnet.usage.models import GuestPass, GuestPassBatch, ManualTally, Patron, Session
from pacnet.usage.rollups import usage_rollup_refresh

LOCAL = timezone.get_default_timezone()


class PatronFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patron

    card_number = factory.Sequence(lambda n: f"CARD-{n:06d}")
    display_name = factory.Sequence(lambda n: f"N.V.{n}")
    consent_given_on = dt.date(2018, 1, 2)
    registered_on = dt.date(2018, 1, 2)


class GuestPassBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestPassBatch

    site = factory.SubFactory(SiteFactory)
    issued_on = dt.date(2018, 1, 2)


class GuestPassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestPass

    code = factory.Sequence(lambda n: f"GP{n:06d}")
    batch = None


class RollupRefreshing(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = super()._create(model_class, *args, **kwargs)
        usage_rollup_refresh(site_days=[(row.site_id, row.day)])
        return row


class SessionFactory(RollupRefreshing):
    """A 45-minute session of a patron; `start` local 2019-03-04 09:00 unless given."""

    class Meta:
        model = Session

    site = factory.SubFactory(SiteFactory)
    computer = factory.SubFactory(EquipmentFactory, site=factory.SelfAttribute("..site"))
    patron = factory.SubFactory(PatronFactory)
    start = factory.LazyFunction(lambda: dt.datetime(2019, 3, 4, 9, 0, tzinfo=LOCAL))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(minutes=45))
    day = factory.LazyAttribute(lambda o: timezone.localtime(o.start, LOCAL).date())


class ManualTallyFactory(RollupRefreshing):
    class Meta:
        model = ManualTally

    site = factory.SubFactory(SiteFactory)
    day = dt.date(2019, 3, 4)
    visits = 10
    users = 7

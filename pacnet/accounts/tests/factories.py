import factory

from pacnet.accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    """A user of a role; pass `scope_units=[...]` or `scope_sites=[...]`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.INSPECTOR
    password = factory.django.Password("pacnet-test")

    @factory.post_generation
    def scope_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.scope_units.set(extracted)

    @factory.post_generation
    def scope_sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.scope_sites.set(extracted)

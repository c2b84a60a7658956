from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "pacnet.geography"
    label = "geography"
    verbose_name = _("Geography")

    def ready(self):
        # The permission service (accounts, below geography) reads scopes through the registry.
        from pacnet.accounts.permissions import ScopeHierarchy, scope_hierarchy_provide
        from pacnet.geography import selectors

        scope_hierarchy_provide(
            ScopeHierarchy(
                site_ids_under_units=selectors.site_ids_under_units,
                unit_ids_under_units=selectors.unit_ids_under_units,
                with_predecessors=selectors.with_predecessors,
                unit_ids_of_sites=selectors.unit_ids_of_sites,
            )
        )

"""Back office for Internet lines: edited on their point's page, outages read only."""

from django.contrib import admin

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.core.admin import ReadOnlyAdmin
from pacnet.geography.admin import SiteAdmin, StaffInline


class InternetLineInline(admin.TabularInline):
    model = InternetLine
    extra = 0


def _with_lines(inlines: tuple) -> tuple:
    """The point's inlines with its lines after its staff, where they were before the move."""
    inlines = tuple(i for i in inlines if i is not InternetLineInline)
    at = inlines.index(StaffInline) + 1 if StaffInline in inlines else len(inlines)
    return (*inlines[:at], InternetLineInline, *inlines[at:])


# Geography sits below connectivity and cannot name the lines: they join its point page here.
SiteAdmin.inlines = _with_lines(SiteAdmin.inlines)


@admin.register(LineOutage)
class LineOutageAdmin(ReadOnlyAdmin):
    """Outages are recorded by the line's buttons, forms and imports (`connectivity.services`)."""

    list_display = ("line", "start", "end", "cause", "reported_by")
    list_filter = ("cause",)
    search_fields = ("line__site__code", "note")
    date_hierarchy = "start"
    list_select_related = ("line__site",)

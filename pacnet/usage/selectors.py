"""Reads of usage records: patron search, a point's sessions, sessions still open."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from pacnet.geography.models import Site
from pacnet.usage.models import Patron, Session


def patron_search(queryset: QuerySet[Patron], query: str, limit: int = 50) -> QuerySet[Patron]:
    """Patrons whose card number or name contains every word of the query (not anonymised)."""
    for word in query.split():
        queryset = queryset.filter(Q(card_number__icontains=word) | Q(display_name__icontains=word))
    return queryset.filter(anonymised_on__isnull=True).order_by("card_number")[:limit]


def sessions_of_point(
    site: Site, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Session]:
    """The point's sessions on local days start..end, newest first, with computer and person."""
    sessions = Session.objects.filter(site=site)
    if start:
        sessions = sessions.filter(day__gte=start)
    if end:
        sessions = sessions.filter(day__lte=end)
    return sessions.select_related("computer", "patron", "guest_pass").order_by("-start")


def open_sessions(site: Site) -> QuerySet[Session]:
    """Sessions started at the point and not yet ended, by computer."""
    return (
        Session.objects.filter(site=site, end__isnull=True)
        .select_related("computer", "patron", "guest_pass")
        .order_by("computer__code")
    )

"""Refuse a request whose path or query string holds a NUL: PostgreSQL refuses it in a query."""

from django.core.exceptions import BadRequest


class RefuseNulMiddleware:
    """A 400 (the site's error page) before a view looks up `?site=X%00` or `/points/X%00/`.

    Form fields refuse NUL themselves (Django's CharField); the path and query string are read
    by views directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET.lists()
        if "\x00" in request.path or any("\x00" in v for _k, vs in query for v in [_k, *vs]):
            raise BadRequest("NUL in the path or the query string")
        return self.get_response(request)

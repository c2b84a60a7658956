"""Enumerate every route of the URL conf and turn each into a concrete URL.

Nothing here lists routes by hand: they come from django.urls.get_resolver(), with
their namespaces, so a route added anywhere is walked by pacnet/core/tests/test_routes.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize


@dataclass(frozen=True)
class Route:
    namespace: str
    name: str | None
    patterns: tuple  # the chain of pattern objects, outermost first
    callback: object

    @property
    def text(self) -> str:
        return "".join(str(p) for p in self.patterns)

    @property
    def label(self) -> str:
        """`namespace:name` when the route has a name, else its pattern text."""
        if self.name:
            return f"{self.namespace}:{self.name}" if self.namespace else self.name
        return f"{self.namespace}:<unnamed {self.text}>" if self.namespace else self.text

    @property
    def in_admin(self) -> bool:
        return self.namespace.split(":")[0] == "admin"

    @property
    def kwarg_names(self) -> tuple[str, ...]:
        names: list[str] = []
        for pattern in self.patterns:
            _format, params = normalize(pattern.regex.pattern)[0]
            names += [p for p in params if p not in names]
        return tuple(names)

    def url(self, values: Mapping[str, object]) -> str:
        """The concrete path of this route with `values` filled in by kwarg name."""
        candidates = [""]
        for pattern in self.patterns:
            text = _as_text(pattern, values)
            parts = [fmt % text for fmt, _params in normalize(pattern.regex.pattern)]
            candidates = [c + part for c in candidates for part in parts]
        for candidate in candidates:
            path = "/" + candidate
            if self.reaches(path):
                return path
        raise AssertionError(f"{self.label}: no URL built from {values} resolves to this route")

    def reaches(self, path: str) -> bool:
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.func is self.callback


def _as_text(pattern, values: Mapping[str, object]) -> dict[str, str]:
    """Values as they appear in a URL: a path converter may add to them (".json")."""
    converters = getattr(pattern, "converters", {})
    return {k: converters[k].to_url(v) if k in converters else str(v) for k, v in values.items()}


def all_routes(resolver: URLResolver | None = None, prefix=(), namespaces=()) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from all_routes(entry, (*prefix, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(":".join(namespaces), entry.name, (*prefix, entry.pattern), entry.callback)

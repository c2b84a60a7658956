"""A second step before a destructive action, that works without JavaScript.

A view posts its form as usual; while the `confirmed` field is missing, it answers this page,
which repeats the submitted values and asks again. A phone's stray tap then changes nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "yes"


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    confirm_label: str,
    cancel_url: str,
    action: str | None = None,
    consequences: list[str] | None = None,
    partial_id: str | None = None,
) -> HttpResponse:
    """The confirmation step: the submitted values again, with `confirmed=yes` added.

    With `partial_id` (an htmx request), only the box, in place of that element.
    """
    values = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    context = {
        "title": title,
        "question": question,
        "consequences": consequences or [],
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "action": action or request.path,
        "values": values,
        "confirm_field": CONFIRM_FIELD,
        "partial_id": partial_id,
    }
    template = "core/_confirm_box.html" if partial_id else "core/confirm.html"
    return render(request, template, context)

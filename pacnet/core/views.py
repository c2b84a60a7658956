"""The import page shared by the apps: upload a file, check it, import it, show the outcome."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pacnet.accounts.permissions import Action
from pacnet.core.access import require_model
from pacnet.core.forms import ImportForm


def import_page(request, *, model: type[Model], importer: Callable[..., Any], route: str, **page):
    """The page, or its result alone for htmx; `importer` is the app's `<entity>_import`.

    `route` names the page; its template is `<route>_template`. `page` fills the template
    core/import_page.html: title, intro, crumbs [(url or None, label)]. The summary gives
    `ok`, `errors`, `dry_run` and `by_kind`.
    """
    require_model(request, Action.IMPORT, model)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    summary = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        summary = importer(
            actor=request.user, file=upload, name=upload.name, dry_run=form.check_only
        )
    urls = {"action_url": reverse(route), "template_url": reverse(f"{route}_template")}
    context = {"form": form, "summary": summary, **urls, **page}
    if request.htmx and request.method == "POST":
        return render(request, "core/import_result.html", context)
    return render(request, "core/import_page.html", context)


def template_download(request, *, model: type[Model], text: Callable[[], str], filename: str):
    """The app's CSV template, for those who may import `model`."""
    require_model(request, Action.IMPORT, model)
    response = HttpResponse(text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

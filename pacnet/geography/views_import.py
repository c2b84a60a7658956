"""The import page: upload a file of units and points, check it, import it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from pacnet.accounts.permissions import Action
from pacnet.core.access import require_model
from pacnet.geography.forms_import import SiteImportForm
from pacnet.geography.imports import site_import as import_file
from pacnet.geography.imports_read import template_csv
from pacnet.geography.models import Site


@login_required
def site_import(request):
    require_model(request, Action.IMPORT, Site)
    if request.method == "POST":
        form = SiteImportForm(request.POST, request.FILES)
    else:
        form = SiteImportForm()
    summary = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        summary = import_file(
            actor=request.user, file=upload, name=upload.name, dry_run=form.check_only
        )
    context = {"form": form, "summary": summary}
    if request.htmx and request.method == "POST":
        return render(request, "geography/site_import_result.html", context)
    return render(request, "geography/site_import.html", context)


@login_required
def site_import_template(request):
    require_model(request, Action.IMPORT, Site)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pacnet-import-template.csv"'
    return response

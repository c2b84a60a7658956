"""The equipment import page: upload a register file, check it, import it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from pacnet.accounts.permissions import Action
from pacnet.core.access import require_model
from pacnet.geography.forms_import import SiteImportForm as ImportForm
from pacnet.inventory.imports import equipment_import as import_file
from pacnet.inventory.imports import template_csv
from pacnet.inventory.models import Equipment


@login_required
@require_http_methods(["GET", "POST"])
def equipment_import(request):
    require_model(request, Action.IMPORT, Equipment)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    summary = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        summary = import_file(
            actor=request.user, file=upload, name=upload.name, dry_run=form.check_only
        )
    context = {"form": form, "summary": summary}
    if request.htmx and request.method == "POST":
        return render(request, "inventory/equipment_import_result.html", context)
    return render(request, "inventory/equipment_import.html", context)


@login_required
def equipment_import_template(request):
    require_model(request, Action.IMPORT, Equipment)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pacnet-equipment-template.csv"'
    return response

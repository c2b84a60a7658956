"""The equipment import page: upload a register file, check it, import it."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from pacnet.core.views import import_page, template_download
from pacnet.inventory.imports import equipment_import as import_file
from pacnet.inventory.imports import template_csv
from pacnet.inventory.models import Equipment

PAGE = {
    "title": _("Import equipment"),
    "intro": _(
        "Add or update many items of the equipment register at once from a spreadsheet, "
        "one row per item, identified by its code. Nothing is written unless every row is "
        "correct, and importing the same file again changes nothing."
    ),
    "crumbs": [(reverse_lazy("inventory:equipment_list"), _("Equipment")), (None, _("Import"))],
}


@login_required
@require_http_methods(["GET", "POST"])
def equipment_import(request):
    return import_page(
        request, model=Equipment, importer=import_file, route="inventory:equipment_import", **PAGE
    )


@login_required
def equipment_import_template(request):
    return template_download(
        request, model=Equipment, text=template_csv, filename="pacnet-equipment-template.csv"
    )

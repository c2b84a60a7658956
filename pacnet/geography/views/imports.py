"""The import page: upload a file of units and points, check it, import it."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from pacnet.core.views import import_page, template_download
from pacnet.geography.imports import site_import as import_file
from pacnet.geography.imports.reading import template_csv
from pacnet.geography.models import Site

PAGE = {
    "title": _("Import access points"),
    "intro": _(
        "Add or update many administrative units and access points at once from a "
        "spreadsheet, one row per unit or point. Nothing is written unless every row is "
        "correct, and importing the same file again changes nothing."
    ),
}


@login_required
def site_import(request):
    return import_page(
        request, model=Site, importer=import_file, route="geography:site_import", **PAGE
    )


@login_required
def site_import_template(request):
    return template_download(
        request, model=Site, text=template_csv, filename="pacnet-import-template.csv"
    )

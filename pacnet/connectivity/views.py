"""Internet line pages: a new line, the outage buttons, a past outage, the edit page, the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from pacnet.accounts.permissions import Action, visible_sites
from pacnet.connectivity import selectors as line_selectors
from pacnet.connectivity import services as lines
from pacnet.connectivity.forms import (
    InternetLineForm,
    InternetLineUpdateForm,
    LineDownForm,
    LineOutageForm,
)
from pacnet.connectivity.models import InternetLine
from pacnet.connectivity.tables import lines_table
from pacnet.core.access import object_for, require_model
from pacnet.core.confirm import confirmation_page, is_confirmed
from pacnet.core.exports import FORMATS, export_filename, table_response, user_scope_code
from pacnet.geography.models import Site
from pacnet.geography.views import _data, _form_page, _save, _site_action


def _site_and_line(request, site_code) -> tuple[Site, InternetLine]:
    """The point (the user must be allowed to change it) and its line in service today."""
    site = object_for(request, Action.CHANGE, Site, code=site_code)
    line = line_selectors.current_line(site.internet_lines.all(), timezone.localdate())
    if line is None:
        raise Http404(_("This point has no Internet line in service."))
    return site, line


def _panel_url(site: Site) -> str:
    return reverse("geography:site_detail", kwargs={"site_code": site.code}) + "#line"


def _refusal(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@login_required
def internet_line_add(request, site_code):
    return _site_action(
        request,
        site_code,
        InternetLineForm,
        write=lines.internet_line_add,
        title=_("Add an Internet line"),
        submit=pgettext("add a row to a list", "Add"),
        done=_("The Internet line was added."),
    )


@login_required
@require_POST
def line_down(request, site_code):
    site, line = _site_and_line(request, site_code)
    form = LineDownForm(request.POST)
    cause = form.cleaned_data["cause"] if form.is_valid() else ""
    if not is_confirmed(request):
        # A stray tap on a phone must not record an outage (and raise a fault).
        return confirmation_page(
            request,
            title=_("Line is down?"),
            question=_("Record that the Internet line of %(point)s is down now?")
            % {"point": site.name},
            consequences=[_("A fault is raised for the technicians.")],
            confirm_label=_("Yes, the line is down"),
            cancel_url=_panel_url(site),
        )
    try:
        lines.line_outage_start(actor=request.user, line=line, cause=cause)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.warning(
            request,
            _("Recorded: the Internet line is down. Pressed by mistake? Undo it below."),
        )
    return redirect(_panel_url(site))


def _on_open_outage(request, site_code, service, done: str):
    """Apply `service` to the point's open outage (undo it, or end it) and say so."""
    site, line = _site_and_line(request, site_code)
    outage = line.outages.filter(end__isnull=True).first()
    if outage is None:
        messages.info(request, _("The line was not recorded as down."))
        return redirect(_panel_url(site))
    try:
        service(actor=request.user, outage=outage)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, done)
    return redirect(_panel_url(site))


@login_required
@require_POST
def line_down_undo(request, site_code):
    return _on_open_outage(
        request,
        site_code,
        lines.line_outage_undo,
        _("Undone: the line is not recorded as down."),
    )


@login_required
@require_POST
def line_back(request, site_code):
    return _on_open_outage(
        request, site_code, lines.line_outage_end, _("Recorded: the Internet line is back.")
    )


@login_required
def outage_record(request, site_code):
    site, line = _site_and_line(request, site_code)
    form = LineOutageForm(_data(request))
    if form.is_valid():
        data = dict(form.cleaned_data)
        if _save(form, lambda: lines.line_outage_record(actor=request.user, line=line, **data)):
            messages.success(request, _("The outage was recorded."))
            return redirect(_panel_url(site))
    return _form_page(
        request,
        form,
        title=_("Record a past outage") + f" · {site.code}",
        back_url=_panel_url(site),
        submit=_("Record"),
        status=400 if form.errors else 200,
    )


@login_required
def line_update(request, site_code):
    site, line = _site_and_line(request, site_code)
    form = InternetLineUpdateForm(_data(request), instance=InternetLine.objects.get(pk=line.pk))
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if _save(
            form, lambda: lines.internet_line_update(actor=request.user, line=line, **changes)
        ):
            messages.success(request, _("The changes were saved."))
            return redirect(_panel_url(site))
    return _form_page(
        request,
        form,
        title=_("Edit the Internet line") + f" · {site.code}",
        back_url=_panel_url(site),
        submit=_("Save"),
        status=400 if form.errors else 200,
    )


def _rows(request):
    require_model(request, Action.VIEW, Site)
    return line_selectors.lines_overview(visible_sites(request.user).order_by("code"))


@login_required
def line_list(request):
    rows = _rows(request)
    context = {
        "rows": rows,
        "year": timezone.localdate().year,
        "benchmark": line_selectors.BENCHMARK_KBPS,
    }
    return render(request, "connectivity/line_list.html", context)


@login_required
def line_export(request, format):  # noqa: A002  (the URL's name for it)
    if format not in FORMATS:
        raise Http404
    rows = _rows(request)
    # The file goes to the province's offices: always in Vietnamese.
    with translation.override("vi"):
        table = lines_table(rows)
        day = timezone.localdate().strftime("%d/%m/%Y")
        title = _("Internet lines on %(day)s") % {"day": day}
        scope = user_scope_code(request.user)
        filename = export_filename("lines", scope, timezone.localdate().isoformat())
        return table_response(table, title=title, filename=filename, file_format=format)

"""User management for the province administrator, and each user's own password pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from pacnet.accounts import forms as af
from pacnet.accounts import selectors, services
from pacnet.accounts.models import User
from pacnet.accounts.permissions import Action, user_may
from pacnet.core.access import object_for, require_model
from pacnet.core.audit import audit_entries_for
from pacnet.core.forms import add_service_error

AUDIT_SHOWN = 50
FORM_TEMPLATE = "core/form.html"


def _data(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, title: str, back_url: str, submit: str):
    context = {"form": form, "title": title, "back_url": back_url, "submit_label": submit}
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


def _saved(form, write) -> bool:
    """Run the service; its refusal becomes a form error and nothing is written."""
    try:
        write()
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


def _detail(user: User):
    return redirect("accounts:user_detail", user_id=user.pk)


@login_required
def user_list(request):
    require_model(request, Action.VIEW, User)
    users = list(selectors.users_managed_by(request.user))
    locked = selectors.locked_out_usernames([u.username for u in users])
    for user in users:
        user.locked_out = user.username in locked
    context = {"users": users, "may_add": user_may(request.user, Action.ADD, User)}
    return render(request, "accounts/user_list.html", context)


@login_required
def user_create(request):
    require_model(request, Action.ADD, User)
    form = af.UserCreateForm(_data(request), actor=request.user)
    created = []
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password2"}

        def write():
            created.append(services.user_create(actor=request.user, source=af.SOURCE, **data))

        if _saved(form, write):
            messages.success(request, _("The user %(name)s was added.") % {"name": created[0]})
            return _detail(created[0])
    return _form_page(
        request,
        form,
        title=_("New user"),
        back_url=reverse("accounts:user_list"),
        submit=_("Add the user"),
    )


@login_required
def user_detail(request, user_id):
    user = object_for(request, Action.VIEW, User, pk=user_id)
    context = {
        "account": user,
        "locked_out": bool(selectors.locked_out_usernames([user.username])),
        "may_change": user_may(request.user, Action.CHANGE, user),
        "is_self": user.pk == request.user.pk,
        "audit_entries": audit_entries_for(user)[:AUDIT_SHOWN],
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
def user_edit(request, user_id):
    user = object_for(request, Action.CHANGE, User, pk=user_id)
    initial = {
        "full_name": user.first_name,
        "email": user.email,
        "role": user.role,
        "scope_units": list(user.scope_units.all()),
        "scope_sites": list(user.scope_sites.all()),
    }
    form = af.UserForm(_data(request), initial=initial, actor=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if _saved(
            form,
            lambda: services.user_update(actor=request.user, user=user, source=af.SOURCE, **data),
        ):
            messages.success(request, _("The user %(name)s was changed.") % {"name": user})
            return _detail(user)
    return _form_page(
        request,
        form,
        title=_("Change the user %(name)s") % {"name": user},
        back_url=reverse("accounts:user_detail", kwargs={"user_id": user.pk}),
        submit=_("Save"),
    )


@login_required
def user_password(request, user_id):
    """An administrator gives the user a new password (to tell them in person)."""
    user = object_for(request, Action.CHANGE, User, pk=user_id)
    form = af.PasswordSetForm(user, _data(request))
    form.actor = request.user
    if form.is_valid() and _saved(form, form.save):
        messages.success(request, _("The password of %(name)s was changed.") % {"name": user})
        return _detail(user)
    return _form_page(
        request,
        form,
        title=_("New password for %(name)s") % {"name": user},
        back_url=reverse("accounts:user_detail", kwargs={"user_id": user.pk}),
        submit=_("Set the password"),
    )


def _post_action(request, user_id, write, done: str):
    user = object_for(request, Action.CHANGE, User, pk=user_id)
    try:
        write(actor=request.user, user=user, source=af.SOURCE)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"name": user})
    return _detail(user)


@login_required
@require_POST
def user_deactivate(request, user_id):
    return _post_action(
        request, user_id, services.user_deactivate, _("%(name)s can no longer log in.")
    )


@login_required
@require_POST
def user_activate(request, user_id):
    return _post_action(request, user_id, services.user_activate, _("%(name)s can log in again."))


@login_required
@require_POST
def user_unlock(request, user_id):
    return _post_action(
        request, user_id, services.user_unlock, _("%(name)s may try to log in again.")
    )


# --- Each user's own password ----------------------------------------------------------


HOME = reverse_lazy("dashboard:home")


def _page(title, submit, back_url=HOME) -> dict:
    return {"title": title, "submit_label": submit, "back_url": back_url}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = FORM_TEMPLATE
    form_class = af.PasswordOwnChangeForm
    success_url = reverse_lazy("accounts:password_change_done")
    extra_context = _page(gettext_lazy("Change your password"), gettext_lazy("Change the password"))


class MessageView(TemplateView):
    template_name = "accounts/message.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/message.html"
    extra_context = {"title": gettext_lazy("Your password was changed.")}


class PasswordResetView(auth_views.PasswordResetView):
    template_name = FORM_TEMPLATE
    form_class = af.PasswordResetRequestForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = _page(
        gettext_lazy("Forgot your password?"),
        gettext_lazy("Send me a link"),
        reverse_lazy("accounts:login"),
    )

    def form_valid(self, form):
        # Links point at the site's public address, as the alerts' do; mail goes in Vietnamese.
        self.extra_email_context = {"base_url": settings.PACNET_BASE_URL}
        with translation.override(settings.LANGUAGE_CODE):
            return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = af.PasswordSetForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = _page(
        gettext_lazy("Choose a new password"),
        gettext_lazy("Set the password"),
        reverse_lazy("accounts:login"),
    )

"""Forms of the user pages: they check input, the services write (and check the grant rules)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from pacnet.accounts import services
from pacnet.accounts.models import Role, User
from pacnet.accounts.permissions import (
    grantable_unit_ids,
    may_grant_role,
    unit_model,
    visible_sites,
)
from pacnet.core.forms import BootstrapMixin

SOURCE = "web"


class _UnitField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class UserForm(BootstrapMixin, forms.Form):
    """Name, e-mail, role and scope: only the roles and the scope the actor may give."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    scope_units = _UnitField(
        label=_("Administrative units in scope"),
        queryset=None,
        required=False,
        help_text=_("The user sees these units, every unit under them and their points."),
    )
    scope_sites = forms.ModelMultipleChoiceField(
        label=_("Access points in scope"), queryset=None, required=False
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if may_grant_role(actor, value)
        ]
        # Former units too: a scope may be a district that no longer exists (its history).
        units = unit_model().objects.order_by("level", "name")
        unit_ids = grantable_unit_ids(actor)
        self.fields["scope_units"].queryset = (
            units if unit_ids is None else units.filter(pk__in=unit_ids)
        )
        self.fields["scope_sites"].queryset = visible_sites(actor).order_by("name")
        for name in ("scope_units", "scope_sites"):
            self.fields[name].widget.attrs["size"] = 8


class UserCreateForm(UserForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "full_name", "email", "role", "scope_units", "scope_sites"]

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class _AuditedPasswordSave:
    """Django's password forms, saved through the service so that the trail records it."""

    actor: User | None = None  # an administrator; None when the user sets their own

    def save(self, commit=True):
        return services.user_set_password(
            actor=self.actor or self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            source=SOURCE,
        )


class PasswordSetForm(_AuditedPasswordSave, BootstrapMixin, SetPasswordForm):
    pass


class PasswordOwnChangeForm(_AuditedPasswordSave, BootstrapMixin, PasswordChangeForm):
    pass


class PasswordResetRequestForm(BootstrapMixin, PasswordResetForm):
    pass

"""Back office for user accounts: role and scope beside Django's fields; every change audited."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy, gettext_noop

from pacnet.accounts.models import User
from pacnet.core.admin import SOURCE, AuditedAdmin
from pacnet.core.audit import audit_record
from pacnet.core.models import AuditEntry


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:1],
        (gettext_lazy("Role and scope"), {"fields": ("role", "scope_units", "scope_sites")}),
        *DjangoUserAdmin.fieldsets[1:],
    )
    list_display = ("username", "first_name", "last_name", "role", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    filter_horizontal = ("scope_units", "scope_sites", "groups", "user_permissions")
    # Set by the system; a form round trip would only blur them to the second.
    readonly_fields = ("last_login", "date_joined")

    def user_change_password(self, request, id, form_url=""):
        # Django's view saves the password itself; the trail notes that it changed, never the hash.
        with transaction.atomic():
            stored = User.objects.filter(pk=unquote(id)).values_list("password", flat=True)
            before = stored.first()
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=unquote(id)).first()
            if request.method == "POST" and user is not None and user.password != before:
                audit_record(
                    actor=request.user,
                    instance=user,
                    action=AuditEntry.Action.UPDATE,
                    before={gettext_noop("password"): ""},
                    after={gettext_noop("password"): gettext_noop("changed")},
                    source=SOURCE,
                )
        return response

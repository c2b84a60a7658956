"""The menu: only the entries the user's role allows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pacnet.accounts.models import Role, User
from pacnet.accounts.permissions import Action, user_may
from pacnet.faults.models import Fault
from pacnet.geography.models import AdministrativeUnit, Site
from pacnet.inventory.models import Equipment
from pacnet.plans.models import Plan
from pacnet.usage.models import Session

# (url name, label, action, model)
MENU = [
    ("dashboard:dashboard", _("Dashboard"), Action.VIEW, Plan),
    ("geography:site_list", _("Access points"), Action.VIEW, Site),
    ("geography:unit_tree", _("Administrative units"), Action.VIEW, AdministrativeUnit),
    ("inventory:equipment_list", _("Equipment"), Action.VIEW, Equipment),
    ("faults:fault_list", _("Faults"), Action.VIEW, Fault),
    ("maintenance:schedule", _("Preventive maintenance"), Action.VIEW, Equipment),
    ("usage:home", _("Patrons and use"), Action.VIEW, Session),
    ("plans:plan_list", _("Plans"), Action.VIEW, Plan),
    ("accounts:user_list", pgettext_lazy("user accounts", "Users"), Action.VIEW, User),
]
# Read-only references point staff may open (their figures are judged against the plan) but
# cannot act on: not worth a line of their menu on a phone.
HIDDEN_FOR_ROLE = {Role.POINT_STAFF: {"plans:plan_list", "geography:unit_tree"}}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    hidden = HIDDEN_FOR_ROLE.get(getattr(user, "role", None), set())
    for url_name, label, action, model in MENU:
        if url_name not in hidden and user_may(user, action, model):
            url = reverse(url_name)
            items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    if user.is_staff:
        items.append({"url": reverse("admin:index"), "label": _("Back office"), "active": False})
    return {"nav_items": items}


def demo_notice(request):
    """Tell every page when the usage figures are the synthetic demo (evaluated only if shown)."""
    from pacnet.usage.demo import demo_usage_present

    return {"synthetic_usage": demo_usage_present}

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from pacnet.core.selectors import home_summary, point_days
from pacnet.usage.forms import PatronSearchForm
from pacnet.usage.views import computers_context


@login_required
def home(request):
    """Point staff land on their point's day; everyone else on the network's figures."""
    days = point_days(request.user)
    if days:
        context = {
            "days": [{"day": d, "tiles": computers_context(request, d.site)} for d in days],
            "search": PatronSearchForm(),
        }
        return render(request, "core/point_day.html", context)
    return render(request, "core/home.html", {"summary": home_summary(request.user)})

"""Forms of the usage pages: they check input, the services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from pacnet.core.forms import BootstrapMixin
from pacnet.geography.models import Site
from pacnet.geography.selectors import today
from pacnet.inventory.forms import SiteChoiceField
from pacnet.usage.constants import PATRON_GROUPS, Service
from pacnet.usage.models import Gender, Patron
from pacnet.usage.pins import PIN_PATTERN
from pacnet.usage.selectors import month_days

CONSENT_TEXT = _(
    "The library keeps the name or initials, birth year, gender and groups given here only "
    "to count how the free public computers are used. They are not shared with anyone, and "
    "they are erased when the card has not been used for a long time. Using the computers "
    "stays free of charge."
)
MAX_PASSES = 200


def _group_choices():
    return [(name, Patron._meta.get_field(name).verbose_name) for name in PATRON_GROUPS]


class PatronFieldsForm(BootstrapMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Name or initials"), max_length=120, required=False, strip=True
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=Gender.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups"),
        required=False,
        choices=_group_choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "btn-check"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].widget.attrs["max"] = today().year
        for name in ("gender", "groups"):  # toggles styled as buttons, not form controls
            self.fields[name].widget.attrs["class"] = "btn-check"

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is not None and year > today().year:
            raise forms.ValidationError(_("A birth year cannot be in the future."))
        return year

    def patron_fields(self) -> dict:
        """The cleaned data as Patron's own fields (groups as its boolean flags)."""
        data = self.cleaned_data
        chosen = set(data["groups"])
        return {
            "display_name": data["display_name"],
            "birth_year": data["birth_year"],
            "gender": data["gender"],
            **{name: name in chosen for name in PATRON_GROUPS},
        }

    @staticmethod
    def initial_of(patron: Patron) -> dict:
        return {
            "display_name": patron.display_name,
            "birth_year": patron.birth_year,
            "gender": patron.gender,
            "groups": [name for name in PATRON_GROUPS if getattr(patron, name)],
        }


def _pin_field(label, required: bool = False) -> forms.CharField:
    # Never rendered back (render_value=False): a PIN typed once is not shown again.
    return forms.CharField(
        label=label,
        required=required,
        strip=True,
        max_length=8,
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "new-password", "maxlength": "8"}
        ),
        error_messages={"max_length": _("A PIN is 4 to 8 digits.")},
    )


def _clean_pin(pin: str) -> str:
    if pin and not PIN_PATTERN.match(pin):
        raise forms.ValidationError(_("A PIN is 4 to 8 digits."))
    return pin


class PatronRegisterForm(PatronFieldsForm):
    site = SiteChoiceField(
        label=_("Access point"), queryset=Site.objects.none(), to_field_name="code"
    )
    consent = forms.BooleanField(
        label=_("The person has heard this text and agrees."),
        error_messages={"required": _("Without the person's consent nothing can be recorded.")},
    )

    pin = _pin_field(_("Kiosk PIN (4–8 digits)"))

    field_order = ["site", "display_name", "birth_year", "gender", "groups", "pin", "consent"]

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["consent"].widget.attrs["class"] = "form-check-input"

    def clean_pin(self):
        return _clean_pin(self.cleaned_data["pin"])


class PatronPinForm(BootstrapMixin, forms.Form):
    """Set a new kiosk PIN, or (`remove`) take the patron's PIN away."""

    pin = _pin_field(_("New kiosk PIN (4–8 digits)"))
    remove = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_pin(self):
        return _clean_pin(self.cleaned_data["pin"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("remove") and not cleaned.get("pin") and "pin" not in self.errors:
            self.add_error("pin", _("Type the new PIN, 4 to 8 digits."))
        return cleaned

    def new_pin(self) -> str | None:
        """The PIN to set, or None to remove it."""
        return None if self.cleaned_data["remove"] else self.cleaned_data["pin"]


class PatronSearchForm(forms.Form):
    q = forms.CharField(label=_("Card number or name"), required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-lg", "autofocus": True, "type": "search"}
        )


class GuestPassIssueForm(BootstrapMixin, forms.Form):
    count = forms.IntegerField(
        label=_("Number of passes"),
        min_value=1,
        max_value=MAX_PASSES,
        initial=20,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class SessionStartForm(forms.Form):
    computer = forms.IntegerField(widget=forms.HiddenInput)
    person_code = forms.CharField(
        label=_("Card or guest pass"), max_length=40, strip=True,
        error_messages={"required": _("Type or scan a card number or a guest pass code.")},
    )  # fmt: skip
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices, required=False)
    # Asked only for a card of another point, to confirm that its holder is here.
    holder_birth_year = forms.IntegerField(
        label=_("Card holder's birth year"), min_value=1900, max_value=2100, required=False
    )

    def clean_person_code(self):
        return self.cleaned_data["person_code"].strip().upper()


class SessionEndForm(forms.Form):
    pages_printed = forms.IntegerField(
        label=_("Pages printed"), min_value=0, max_value=10000, initial=0, required=False
    )

    def clean_pages_printed(self):
        return self.cleaned_data["pages_printed"] or 0


class TallyMonthForm(forms.Form):
    """One row per day of the month (visits, users); an empty row removes that day's tally."""

    def __init__(self, *args, year: int, month: int, tallies: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = month_days(year, month)
        self.row_errors: dict[dt.date, list] = {}
        for day in self.days:
            tally = tallies.get(day)
            for part in ("visits", "users"):
                self.fields[self.key(day, part)] = forms.IntegerField(
                    required=False,
                    initial=getattr(tally, part) if tally else None,
                    widget=forms.NumberInput(
                        attrs={
                            "class": "form-control form-control-sm text-end",
                            "inputmode": "numeric",
                            "min": "0",
                            "aria-label": f"{part} {day:%d/%m/%Y}",
                        }
                    ),
                    error_messages={"invalid": _("Enter a whole number.")},
                )

    @staticmethod
    def key(day: dt.date, part: str) -> str:
        return f"d{day.day:02d}_{part}"

    def clean(self):
        cleaned = super().clean()
        for day in self.days:
            visits = cleaned.get(self.key(day, "visits"))
            users = cleaned.get(self.key(day, "users"))
            problems = [
                e for p in ("visits", "users") for e in self.errors.get(self.key(day, p), [])
            ]
            if visits is None and users is None:
                pass
            elif visits is None or users is None:
                problems.append(_("Enter both visits and users, or leave both empty."))
            elif visits < 0 or users < 0:
                problems.append(_("Counts cannot be negative."))
            elif users > visits:
                problems.append(_("Users cannot be more than visits."))
            elif day > today():
                problems.append(_("This day has not come yet."))
            if problems:
                self.row_errors[day] = list(dict.fromkeys(str(p) for p in problems))
        if self.row_errors:
            raise forms.ValidationError(
                _("Some rows are wrong: nothing was saved. Fix them below.")
            )
        return cleaned

    def add_service_error(self, error: forms.ValidationError) -> None:
        """The service keys its refusals by the day's ISO date: show each on its row."""
        by_day = {day.isoformat(): day for day in self.days}
        by_key = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
        for key, errors in by_key.items():
            messages = [m for e in errors for m in e.messages]
            if key in by_day:
                self.row_errors.setdefault(by_day[key], []).extend(messages)
            else:
                self.add_error(None, messages)
        if self.row_errors:
            self.add_error(None, _("Some rows are wrong: nothing was saved. Fix them below."))

    def days_to_save(self) -> dict[dt.date, tuple[int, int] | None]:
        data = self.cleaned_data
        result = {}
        for day in self.days:
            visits, users = data.get(self.key(day, "visits")), data.get(self.key(day, "users"))
            result[day] = None if visits is None else (visits, users)
        return result

    def rows(self):
        for day in self.days:
            yield {
                "day": day,
                "visits": self[self.key(day, "visits")],
                "users": self[self.key(day, "users")],
                "errors": self.row_errors.get(day, []),
                "future": day > today(),
                "weekend": day.weekday() >= 5,
            }

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import BRUSSELS

from . import policy
from .models import Activity, Room
from .policy import WEEKDAYS, Audience, Window
from .recurrence import Frequency


class BookingForm(forms.Form):
    title = forms.CharField(label=_("What for?"), max_length=200, help_text=_("e.g. Homework club, birthday party, association meeting"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    frequency = forms.ChoiceField(label=_("Repeat"), choices=Frequency.choices, required=False)
    until = forms.DateField(
        label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only for a repeated booking."),
    )

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start") and data.get("end"):
            # Wall-clock time in Brussels, whatever the season.
            data["starts_at"] = datetime.combine(data["date"], data["start"], BRUSSELS)
            data["ends_at"] = datetime.combine(data["date"], data["end"], BRUSSELS)
            if not policy.ends_after_start(data["starts_at"], data["ends_at"]):
                self.add_error("end", policy.ENDS_BEFORE_START)
        if data.get("frequency") and not data.get("until"):
            self.add_error("until", _("Give the last date of the series."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the person will read it)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class MoveForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start") and data.get("end"):
            data["starts_at"] = datetime.combine(data["date"], data["start"], BRUSSELS)
            data["ends_at"] = datetime.combine(data["date"], data["end"], BRUSSELS)
            if not policy.ends_after_start(data["starts_at"], data["ends_at"]):
                self.add_error("end", policy.ENDS_BEFORE_START)
        return data


class ChangeDatesForm(MoveForm):
    """Move one date, or it and the following ones, to a new time or room."""

    room = forms.TypedChoiceField(label=_("Room"), coerce=int)
    following = forms.TypedChoiceField(
        label=_("Which dates?"),
        choices=[("0", _("This date only")), ("1", _("This date and all the following ones"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, rooms, is_recurring: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [(room.pk, room.name) for room in rooms]
        if not is_recurring:
            del self.fields["following"]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000)
    is_public = forms.BooleanField(label=_("Show it in the public agenda"), required=False, initial=True)
    capacity = forms.IntegerField(label=_("Places"), min_value=0, max_value=500, initial=0, help_text=_("0 means no registration."))


class RoomDetailsForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["description", "capacity", "equipment", "accessibility", "house_rules"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ["description", "equipment", "accessibility", "house_rules"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].max_value = 1000
        self.fields["capacity"].widget.attrs.update(min=1, max=1000)


class RoomPhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 5 MB)"), widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"}))
    alt_text = forms.CharField(
        label=_("Description for screen readers"), max_length=250,
        help_text=_("What the photo shows, e.g. “The kitchen with its long table and eight chairs”."),
    )


class ClosureForm(forms.Form):
    first_day = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last_day = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False, help_text=_("e.g. Painting works, summer holidays"))

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and not policy.closure_is_ordered(data["first_day"], data["last_day"]):
            self.add_error("last_day", policy.CLOSURE_ENDS_BEFORE_START)
        return data


class WindowForm(forms.Form):
    """One weekly slot of the room open to one audience."""

    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int, choices=[("", "—"), *[(i, label) for i, label in enumerate(WEEKDAYS)]])
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    audience = forms.ChoiceField(label=_("Who may book"), choices=[("", "—"), *[c for c in Audience.choices if c[0] != Audience.MANAGER]])
    needs_approval = forms.BooleanField(label=_("Needs the manager's approval (otherwise confirmed at once)"), required=False)

    def window(self) -> Window:
        data = self.cleaned_data
        return Window(data["audience"], data["weekday"], data["starts"], data["ends"], data["needs_approval"])


WindowFormSet = forms.formset_factory(WindowForm, extra=2, can_delete=True, max_num=70, validate_max=True)

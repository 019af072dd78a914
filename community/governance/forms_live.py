from django import forms
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import MINUTES_TEXT

from .models import Attendance


class AttendanceForm(forms.Form):
    member = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    mode = forms.ChoiceField(label=_("How"), choices=Attendance.Mode.choices, initial=Attendance.Mode.IN_PERSON)


class MinutesForm(forms.Form):
    body_html = forms.CharField(
        label=_("Text of the minutes"), widget=forms.Textarea(attrs={"rows": 24}), max_length=MINUTES_TEXT,
        help_text=_("Headings, paragraphs, lists, bold and links are kept; anything else is removed."),
    )

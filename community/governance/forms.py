from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT

from community.models import College, MeetingReply

from .engine.tally import Majority
from .models import AgendaItem, Body, Meeting, Question

BRUSSELS = timezone.get_default_timezone()


def _at(day, hour):
    return datetime.combine(day, hour, BRUSSELS)


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[(value, label) for value, label in MeetingReply.Answer.choices if value in Meeting.REPLY_ANSWERS],
        widget=forms.RadioSelect,
    )


class ProxyForm(forms.Form):
    holder = forms.TypedChoiceField(label=_("Give my proxy to"), coerce=int, choices=())

    def __init__(self, *args, holders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", _("Choose a member"))] + [(u.pk, str(u)) for u in holders]


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=MEDIUM_TEXT)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else Body.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start"):
            data["starts_at"] = _at(data["date"], data["start"])
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG_TEXT)


class DocumentForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File (PDF, image, text; 10 MB at most)"))

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["item"].queryset = meeting.agenda_items.all()


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    description = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG_TEXT)
    options = forms.CharField(
        label=_("Options or candidates, one per line"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=SHORT_TEXT,
        help_text=_("For an election write the college code, a colon and the name, e.g. residents: Fatima El Amrani."),
    )
    max_choices = forms.IntegerField(label=_("Choices per ballot (multiple choice)"), min_value=1, initial=1)
    seats = forms.CharField(
        label=_("Seats per college (election)"), required=False,
        help_text=_("e.g. residents: 2, civil_society: 1"),
    )
    majority = forms.ChoiceField(label=_("Majority"), choices=Question.MAJORITY_CHOICES, initial=Majority.SIMPLE.value)
    abstentions_count = forms.BooleanField(label=_("Abstentions count in the base"), required=False)
    double_majority_per_college = forms.BooleanField(label=_("Majority needed in every college"), required=False)
    is_secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        else:
            del self.fields["agenda_item"]

    def clean(self):
        data = super().clean()
        colleges = {c.code: c for c in College.objects.all()}
        lines = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        data["option_list"], data["candidate_list"], data["seat_map"] = [], [], {}
        if data.get("kind") == Question.Kind.ELECTION:
            for line in lines:
                code, _sep, name = line.partition(":")
                if not name.strip() or code.strip() not in colleges:
                    self.add_error("options", _("Write each candidate as: college code: name."))
                    break
                data["candidate_list"].append((name.strip(), None, colleges[code.strip()]))
            for part in (data.get("seats") or "").split(","):
                if not part.strip():
                    continue
                code, _sep, count = part.partition(":")
                try:
                    data["seat_map"][colleges[code.strip()]] = int(count)
                except (KeyError, ValueError):
                    self.add_error("seats", _("Write the seats as: college code: number, separated by commas."))
                    break
        else:
            data["option_list"] = lines
        return data


class OnlineVoteForm(QuestionForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    opens_date = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    opens_time = forms.TimeField(label=_("at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes_date = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_time = forms.TimeField(label=_("at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, meeting=None, **kwargs)
        self.fields["body"].queryset = bodies if bodies is not None else Body.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("opens_date") and data.get("opens_time"):
            data["opens_at"] = _at(data["opens_date"], data["opens_time"])
        if data.get("closes_date") and data.get("closes_time"):
            data["closes_at"] = _at(data["closes_date"], data["closes_time"])
        return data


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40, help_text=_("e.g. ABCD-EFGH-IJKL-MNOP"))


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every member reads it in the notice and on the meeting's page."),
    )


class PostponeMeetingForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added to the notice the members receive."),
    )

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start"):
            data["starts_at"] = _at(data["date"], data["start"])
        return data

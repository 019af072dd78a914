"""Forms of the votes taken in the room and of paper proxies: they parse the
figures; the service (``services.voting.room``, ``services.paper_proxies``) decides."""

from django import forms
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.uploads import DOCUMENTS, UploadValidator

from .models import RoomCount
from .services.paper_proxies import SCAN_MAX_SIZE


def _key(answer, college) -> str:
    return f"{answer or 'blank'}_{college or 'all'}"


class RoomCountForm(forms.Form):
    """One row per answer (and per college under the double majority): how
    many voted that way in the room and, where members have several votes
    (co-owners' shares), with how many votes."""

    method = forms.ChoiceField(label=_("How the room voted"), choices=RoomCount.Method.choices, widget=forms.RadioSelect)
    counted_by = forms.CharField(
        label=_("Counted by"), max_length=200,
        help_text=_("The tellers who counted the hands or the ballots, as the minutes will name them."),
    )

    def __init__(self, *args, answers, colleges, weighed: bool, secret: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if secret:
            # Totals only: a secret vote is counted from paper ballots.
            self.fields["method"].choices = [(RoomCount.Method.PAPER_BALLOTS, RoomCount.Method.PAPER_BALLOTS.label)]
            self.fields["method"].initial = RoomCount.Method.PAPER_BALLOTS
        self.rows = []
        for answer_id, answer_label in answers:
            for college in colleges:
                key = _key(answer_id, getattr(college, "pk", None))
                self.fields[f"voters_{key}"] = forms.IntegerField(label=_("Voters"), min_value=0, max_value=100000, required=False)
                if weighed:
                    self.fields[f"votes_{key}"] = forms.IntegerField(label=_("Votes (shares)"), min_value=0,
                                                                     max_value=10_000_000, required=False)
                self.rows.append({"answer": answer_label, "college": college, "answer_id": answer_id,
                                  "college_id": getattr(college, "pk", None), "key": key})
        self.weighed = weighed

    def bound_rows(self):
        return [{**row, "voters": self[f"voters_{row['key']}"],
                 "votes": self[f"votes_{row['key']}"] if self.weighed else None} for row in self.rows]

    def totals(self) -> dict:
        data = self.cleaned_data
        return {
            (row["answer_id"], row["college_id"]): (
                data.get(f"voters_{row['key']}") or 0, data.get(f"votes_{row['key']}") if self.weighed else None,
            )
            for row in self.rows
        }


class PaperProxyForm(forms.Form):
    principal = forms.TypedChoiceField(label=_("Given by"), coerce=int, choices=())
    holder = forms.TypedChoiceField(label=_("Holder"), coerce=int, choices=())
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    scan = forms.FileField(
        label=_("Scan of the signed proxy"), validators=[UploadValidator(DOCUMENTS, SCAN_MAX_SIZE)],
        help_text=_("PDF, PNG or JPEG, 5 MB at most."),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a member"))] + [(u.pk, str(u)) for u in members]
        self.fields["principal"].choices = choices
        self.fields["holder"].choices = choices

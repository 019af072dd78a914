from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CheckKind

DECLARATIONS = {
    CheckKind.OCCUPANCY: _("I confirm that our household lives in this home as its main residence."),
    CheckKind.INSURANCE: _("I confirm that this home is insured for this year."),
}


class AnswerForm(forms.Form):
    declared = forms.BooleanField(label=_("I confirm"), required=False)
    document = forms.FileField(label=_("Document"), required=False,
                               help_text=_("PDF, or a photo (JPEG, PNG or a phone's HEIC), 10 MB at most."))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared"].label = DECLARATIONS[kind]


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Why it is sent back (the household reads it)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

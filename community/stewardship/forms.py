from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CheckKind, RequestKind

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


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask?"), choices=RequestKind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("What you plan, and why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("For works: what, by whom; for a loan: the lender and what it is for."))
    starts_on = forms.DateField(label=_("Sublet from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Sublet until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label=_("Amount of the loan or estimated cost of the works (€)"), required=False,
                                max_digits=12, decimal_places=2, min_value=0)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Reason of the decision (the household reads it)"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    board_decided_on = forms.DateField(label=_("Date of the board's decision"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    approved_amount = forms.DecimalField(label=_("Approved amount (€), works only"), required=False, max_digits=12,
                                         decimal_places=2, min_value=0)


class InvoicesForm(forms.Form):
    invoiced_amount = forms.DecimalField(label=_("Total of the invoices (€)"), max_digits=12, decimal_places=2,
                                         min_value=0)


class SaleNoticeForm(forms.Form):
    wished_on = forms.DateField(label=_("When would you like to sell? (optional)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Anything the trust should know (optional)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FirstRefusalForm(forms.Form):
    note = forms.CharField(label=_("Reason of the decision (the household reads it)"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FeeStatementForm(forms.Form):
    statement = forms.FileField(label=_("Statement of the ground-lease account"),
                                help_text=_("The bank's file: CODA, CAMT.053 (XML) or CSV."))


class SetAsideForm(forms.Form):
    note = forms.CharField(label=_("Why it is not a fee"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

from django import forms
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.banking.iban import format_iban, normalise_iban, validate_iban
from socle_site.kernel.text_limits import MEDIUM_TEXT

from .models import BuildingDocument, Expense, Fund, Ticket

DATE = {"type": "date"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/heic,image/heif,.heic,.heif"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class TicketForm(forms.Form):
    title = forms.CharField(label=_("What is the problem?"), max_length=150)
    location = forms.CharField(label=_("Where (which common part)?"), max_length=150,
                               help_text=_("e.g. hall, staircase B, lift, bicycle room, roof"))
    description = forms.CharField(label=_("Describe it"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MEDIUM_TEXT)
    photos = MultipleFileField(label=_("Photos (JPEG or PNG, 5 MB each, five at most)"), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Ticket.Status.choices)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody"))] + [(m.pk, m.get_full_name() or m.email) for m in managers]


class ExpenseForm(forms.Form):
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    # Optional: without it the expense is paid by hand; with it, the "Pay suppliers"
    # page can put it in a pain.001 transfer file (coownership.services.transfers).
    supplier_iban = forms.CharField(label=_("Supplier's IBAN"), max_length=42, required=False,
                                    validators=[validate_iban],
                                    help_text=_("To pay it from the “Pay suppliers” page, e.g. BE62 5100 0754 7061."))
    spent_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    key = forms.TypedChoiceField(label=_("Distribution key"), coerce=int)
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0)
    kind = forms.ChoiceField(label=_("Kind"), choices=Expense.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=250, required=False)
    document = forms.FileField(label=_("Invoice (PDF, PNG or JPEG, 10 MB at most)"), required=False)

    def __init__(self, *args, keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(k.pk, k.name) for k in keys]

    def clean_supplier_iban(self) -> str:
        # Shown back grouped by four as printed (the kernel's format), stored compact by the service.
        iban = self.cleaned_data.get("supplier_iban", "")
        return format_iban(normalise_iban(iban)) if iban else ""


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    key = forms.TypedChoiceField(label=_("Distribution key"), coerce=int)
    amount = forms.DecimalField(label=_("Yearly amount (€)"), max_digits=12, decimal_places=2, min_value=0)
    is_reserve = forms.BooleanField(label=_("Contribution to the reserve fund"), required=False)

    def __init__(self, *args, keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(k.pk, k.name) for k in keys]


class CallForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, q) for q in (1, 2, 3, 4)])


class PaymentForm(forms.Form):
    household = forms.TypedChoiceField(label=_("Co-owner"), coerce=int)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0)
    reference = forms.CharField(label=_("Reference"), max_length=140, required=False)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [(h.pk, h.name) for h in households]


class BankImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (CODA, CAMT.053 or CSV, 20 MB at most)"),
        help_text=_("The file your bank gives you; the format is recognised from its content. A CSV has the "
                    "columns date, amount and communication. Payments are recognised by the co-owner's "
                    "structured communication, or by a communication naming one lot, e.g. “A1”."),
    )
    # A CSV names no account: the treasurer says whose statement it is (CODA and CAMT name theirs).
    fund = forms.ChoiceField(label=_("Account of a CSV file"), choices=Fund.choices, initial=Fund.WORKING,
                             required=False)
    # A CSV's columns, named as in its first line: checked by a dry run, then saved for the account.
    date_column = forms.CharField(label=_("Column of the date"), max_length=60, required=False)
    amount_column = forms.CharField(label=_("Column of the amount"), max_length=60, required=False)
    communication_column = forms.CharField(label=_("Column of the communication"), max_length=60, required=False)
    name_column = forms.CharField(label=_("Column of the payer's name"), max_length=60, required=False)
    iban_column = forms.CharField(label=_("Column of the payer's account"), max_length=60, required=False)

    def csv_columns(self) -> dict[str, str]:
        return {field: self.cleaned_data.get(f"{field}_column", "") for field in ("date", "amount", "communication",
                                                                                   "name", "iban")}


class CreditorIdForm(forms.Form):
    creditor_id = forms.CharField(label=_("SEPA creditor identifier"), max_length=40, required=False,
                                  help_text=_("Given by the bank that collects, e.g. BE69ZZZ050D000000008."))


class MandateForm(forms.Form):
    household = forms.TypedChoiceField(label=_("Co-owner"), coerce=int)
    reference = forms.CharField(label=_("Mandate reference"), max_length=35)
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    debtor_name = forms.CharField(label=_("Account holder"), max_length=70)
    debtor_iban = forms.CharField(label=_("Account debited (IBAN)"), max_length=42)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [(h.pk, h.name) for h in households]


class BankAccountForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"), choices=Fund.choices, initial=Fund.WORKING)
    iban = forms.CharField(label=_("IBAN of the fund's account"), max_length=42, validators=[validate_iban])
    account_name = forms.CharField(label=_("Account holder"), max_length=70, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BuildingDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, 10 MB at most)"))


class StatementForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class SaleForm(forms.Form):
    lot = forms.TypedChoiceField(label=_("Lot"), coerce=int)
    household = forms.TypedChoiceField(label=_("New owner (household)"), coerce=int)
    on_date = forms.DateField(label=_("Owner from"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, lots=(), households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [(lot.pk, lot.reference) for lot in lots]
        self.fields["household"].choices = [(h.pk, h.name) for h in households]


class SecondMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time of the second meeting"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place (if it changes)"), max_length=250, required=False)


class MeterReadingsForm(forms.Form):
    """One reading per lot of a meter key for one year; a blank lot is left out."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lot_fields = []
        for lot in lots:
            name = f"lot_{lot.pk}"
            self.fields[name] = forms.IntegerField(
                label=lot.reference, required=False, min_value=0, max_value=999_999_999,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.lot_fields.append((lot, name))

    def readings(self) -> dict[int, int | None]:
        return {lot.pk: self.cleaned_data.get(name) for lot, name in self.lot_fields}


class EmailConsentForm(forms.Form):
    household = forms.TypedChoiceField(label=_("Co-owner"), coerce=int)
    agreed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    document = forms.FileField(label=_("The signed agreement (PDF, PNG or JPEG, 10 MB at most)"))

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [(h.pk, h.name) for h in households]


class LettersSentForm(forms.Form):
    # The browser's date field reads ISO dates only, whatever the page's language.
    sent_on = forms.DateField(label=_("Registered letters posted on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class TransferBatchForm(forms.Form):
    expenses = forms.TypedMultipleChoiceField(label=_("Expenses to pay"), coerce=int)
    execute_on = forms.DateField(label=_("Execution date"), required=False,
                                 widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, expenses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expenses"].choices = [(e.pk, str(e)) for e in expenses]

from django import forms
from django.forms import formset_factory
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.municipalities import in_region, municipality_name

from community.models import HousingProject

from . import policy
from .models import Application, Deed, Operator, Person, SupportingDocument

# The 19 municipalities of the Brussels-Capital Region, by their French names
# (kernel.municipalities' table; the wish list is about homes in Brussels).
MUNICIPALITIES = sorted(m.name_fr for m in in_region("brussels"))


def current_municipality_choices() -> list:
    """Where a household lives now: any Belgian municipality of the kernel's
    table (the same the imports accept), Brussels first, each group in the
    reader's language's alphabetical order; or abroad. Called when a form is
    built, so the names are the reader's."""
    from socle_site.kernel.municipalities import all_municipalities

    def group(municipalities) -> list:
        return sorted(((m.name_fr, m.name()) for m in municipalities), key=lambda choice: choice[1].casefold())

    everything = all_municipalities()
    return [
        CHOOSE,
        (_("Brussels-Capital Region"), group(m for m in everything if m.region == "brussels")),
        (_("Elsewhere in Belgium"), group(m for m in everything if m.region != "brussels")),
        ("other", _("Outside Belgium")),
    ]


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Person.Relationship.choices)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100)
    national_number = forms.CharField(
        label=_("National register number"), max_length=15, required=False, help_text=_("Adults only. Kept encrypted.")
    )
    yearly_income = forms.DecimalField(
        label=_("Taxable yearly income (€)"), min_value=0, max_digits=10, decimal_places=2, required=False, initial=0,
        help_text=_("As on the latest tax assessment. Kept encrypted."),
    )

    def has_changed(self) -> bool:
        # A spare block the household left without a name is not a person,
        # whatever its select boxes post.
        return bool((self.data.get(self.add_prefix("full_name")) or "").strip())


PersonFormSet = formset_factory(PersonForm, extra=3, min_num=1, validate_min=True, max_num=12)


class ApplicationForm(forms.Form):
    # A blank first choice: staff copy the paper form's answer, never a default.
    current_tenure = forms.ChoiceField(label=_("Where do you live now?"), choices=[("", _("Choose…"))] + Application.Tenure.choices)
    current_municipality = forms.ChoiceField(label=_("Current municipality"), choices=current_municipality_choices)
    current_rent = forms.DecimalField(label=_("Current monthly rent (€)"), min_value=0, max_digits=8, decimal_places=2, initial=0)
    wished_municipalities = forms.MultipleChoiceField(
        label=_("Municipalities where you would like to live"), choices=[(m, lazy(municipality_name, str)(m)) for m in MUNICIPALITIES],
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    bedrooms_min = forms.IntegerField(label=_("Bedrooms, at least"), min_value=0, max_value=6, initial=1)
    bedrooms_max = forms.IntegerField(label=_("Bedrooms, at most"), min_value=0, max_value=6, initial=3)
    needs_accessible = forms.BooleanField(label=_("Someone in the household needs an accessible home"), required=False)
    operators = forms.ModelMultipleChoiceField(
        label=_("Which operators may consider your candidacy?"), queryset=Operator.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You register once; each operator you choose sees your candidacy, the others do not."),
    )
    consents = forms.BooleanField(
        label=_("I agree that my data are processed to examine my candidacy and kept while it is examined (Brussels Housing Code art. 166/1), and I accept the CLT's rules on occupation and resale."),
    )


# --- The stepped candidacy (views.apply_step) ---------------------------------
# Nothing the person must answer is chosen for them: no initial value, a
# blank first choice in every select, radio buttons with none checked.

MAX_MEMBERS = 12
CHOOSE = ("", _("Choose…"))


class MemberForm(forms.Form):
    """One person who will live in the home (step "members")."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    relationship = forms.ChoiceField(label=_("This person is"), choices=Person.Relationship.choices, widget=forms.RadioSelect)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100)
    national_number = forms.CharField(
        label=_("National register number"), max_length=15, required=False, help_text=_("Adults only. Kept encrypted.")
    )


class IncomesForm(forms.Form):
    """One yearly income per member (step "incomes"): an adult must give it;
    a dependant with none leaves it empty."""

    def __init__(self, *args, members: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for index, member in enumerate(members):
            is_adult = member.get("relationship") == Person.Relationship.ADULT
            self.fields[f"income_{index}"] = forms.DecimalField(
                label=_("Taxable yearly income of %(name)s (€)") % {"name": member.get("full_name", "")},
                min_value=0, max_digits=10, decimal_places=2, required=is_adult,
                help_text=_("As on the latest tax assessment; 0 if none. Kept encrypted.") if is_adult
                else _("Leave empty if this person has no income. Kept encrypted."),
            )

    def incomes(self) -> list:
        return [self.cleaned_data.get(name) or 0 for name in self.fields]


def _municipality_choices():
    return [(m, lazy(municipality_name, str)(m)) for m in MUNICIPALITIES]


class HousingForm(forms.Form):
    """Where the household lives now (step "housing")."""

    current_tenure = forms.ChoiceField(label=_("Where do you live now?"), choices=Application.Tenure.choices, widget=forms.RadioSelect)
    current_municipality = forms.ChoiceField(label=_("Current municipality"), choices=current_municipality_choices)
    current_rent = forms.DecimalField(
        label=_("Current monthly rent (€)"), min_value=0, max_digits=8, decimal_places=2, help_text=_("0 if you pay no rent.")
    )


class WishesForm(forms.Form):
    """The home the household hopes for and who may consider it (step "wishes")."""

    wished_municipalities = forms.MultipleChoiceField(
        label=_("Municipalities where you would like to live"), choices=_municipality_choices(),
        widget=forms.CheckboxSelectMultiple, required=False, help_text=_("None chosen: anywhere in Brussels."),
    )
    bedrooms_min = forms.IntegerField(label=_("Bedrooms, at least"), min_value=0, max_value=6)
    bedrooms_max = forms.IntegerField(label=_("Bedrooms, at most"), min_value=0, max_value=6)
    needs_accessible = forms.BooleanField(label=_("Someone in the household needs an accessible home"), required=False)
    operators = forms.ModelMultipleChoiceField(
        label=_("Which operators may consider your candidacy?"), queryset=Operator.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You register once; each operator you choose sees your candidacy, the others do not."),
        error_messages={"required": _("Choose at least one operator that may consider your candidacy.")},
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("bedrooms_min"), data.get("bedrooms_max")
        if low is not None and high is not None and low > high:
            self.add_error("bedrooms_max", _("The smallest number of bedrooms cannot exceed the largest."))
        return data


class SendForm(forms.Form):
    """The last step: the consent, given when sending."""

    consents = ApplicationForm.base_fields["consents"]


class PaperHouseholdForm(forms.Form):
    household_name = forms.CharField(label=_("Household name"), max_length=200)


class DocumentForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Whose document?"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=SupportingDocument.Kind.choices)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, 5 MB at most)"))

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is not None:
            self.fields["person"].queryset = application.persons.all()


class HomeForm(forms.Form):
    operator = forms.ModelChoiceField(label=_("Operator"), queryset=Operator.objects.none())
    housing_project = forms.ModelChoiceField(label=_("Project"), queryset=HousingProject.objects.all())
    label = forms.CharField(label=_("Home (e.g. 2nd floor, left)"), max_length=80)
    bedrooms = forms.IntegerField(label=_("Bedrooms"), min_value=0, max_value=8)
    floor_area = forms.DecimalField(label=_("Floor area (m²)"), min_value=10, max_digits=6, decimal_places=1)
    is_accessible = forms.BooleanField(label=_("Accessible to a wheelchair"), required=False)
    price = forms.DecimalField(label=_("Sale price (€)"), min_value=0, max_digits=10, decimal_places=2)
    cost_price = forms.DecimalField(label=_("Cost price (€)"), min_value=0, max_digits=10, decimal_places=2)
    land_value = forms.DecimalField(label=_("Value of the land (€)"), min_value=0, max_digits=10, decimal_places=2)

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators if operators is not None else Operator.objects.none()


class OwnershipCalculatorForm(forms.Form):
    adults = forms.IntegerField(label=_("Adults in the household"), min_value=1, max_value=8, initial=1)
    dependants = forms.IntegerField(label=_("Dependent children or persons"), min_value=0, max_value=12, initial=0)
    yearly_income = forms.DecimalField(
        label=_("Taxable yearly income of all adults together (€)"), min_value=0, max_digits=10, decimal_places=0
    )


class RentCalculatorForm(forms.Form):
    monthly_income = forms.DecimalField(label=_("Net monthly income of the household (€)"), min_value=0, max_digits=8, decimal_places=0)


class RegisterFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Income category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(Application.Status.choices))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + [(c.code, str(c)) for c in categories]


class AnswerForm(forms.Form):
    reason = forms.CharField(label=_("Reason (needed to decline)"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[c for c in Application.Status.choices if c[0] != "housed"])
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note for the household"), required=False, max_length=300)


class ResaleCalculatorForm(forms.Form):
    APPRAISAL, INDEX, FIXED_RATE = "appraisal", "index", "fixed_rate"
    formula = forms.ChoiceField(
        label=_("Formula of the deed"),
        choices=[
            (APPRAISAL, _("Appraisal-based: price paid plus a share of the increase in value")),
            (INDEX, _("Index-based: price paid moved by an index")),
            (FIXED_RATE, _("Fixed rate: price paid grown by a yearly rate")),
        ],
        widget=forms.RadioSelect,
        initial=APPRAISAL,
    )
    price_paid = forms.DecimalField(label=_("Price the owner paid (€)"), min_value=0, max_digits=10, decimal_places=2)
    improvements = forms.DecimalField(label=_("Recognised improvement works (€)"), min_value=0, max_digits=10, decimal_places=2, initial=0, required=False)
    appraisal_at_purchase = forms.DecimalField(label=_("Appraised value at purchase (€)"), min_value=0, max_digits=10, decimal_places=2, required=False)
    appraisal_now = forms.DecimalField(label=_("Appraised value today (€)"), min_value=0, max_digits=10, decimal_places=2, required=False)
    share_percent = forms.DecimalField(label=_("Owner's share of the increase (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2, initial=25, required=False)
    index_at_purchase = forms.DecimalField(label=_("Index at purchase"), min_value=0, max_digits=8, decimal_places=2, required=False)
    index_now = forms.DecimalField(label=_("Index today"), min_value=0, max_digits=8, decimal_places=2, required=False)
    rate_percent = forms.DecimalField(label=_("Yearly rate (%)"), min_value=0, max_value=20, max_digits=5, decimal_places=2, required=False)
    bought_on = forms.DateField(label=_("Bought on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sold_on = forms.DateField(label=_("Sold on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    NEEDED = {
        APPRAISAL: ["appraisal_at_purchase", "appraisal_now", "share_percent"],
        INDEX: ["index_at_purchase", "index_now"],
        FIXED_RATE: ["rate_percent", "bought_on", "sold_on"],
    }

    def clean(self):
        data = super().clean()
        for name in self.NEEDED.get(data.get("formula"), []):
            if data.get(name) in (None, ""):
                self.add_error(name, _("This formula needs this value."))
        # The deed's rules themselves (a positive index, no sale before the
        # purchase) are policy.check_deed_terms's, read through carried_out.
        return data


class DeedForm(forms.Form):
    """The buyer's deed: what they paid and the resale clause it holds."""

    bought_on = forms.DateField(label=_("Bought on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    price_paid = forms.DecimalField(label=_("Price paid (€)"), min_value=0, max_digits=10, decimal_places=2)
    formula = forms.ChoiceField(label=_("Resale formula of the deed"), choices=Deed.Formula.choices, widget=forms.RadioSelect,
                                initial=Deed.Formula.APPRAISAL)
    share_percent = forms.DecimalField(label=_("Owner's share of the increase (%)"), min_value=0, max_value=100, max_digits=5,
                                       decimal_places=2, initial=25, required=False,
                                       help_text=_("Appraisal-based formula; commonly 25%."))
    appraisal_at_purchase = forms.DecimalField(label=_("Appraised value at purchase (€)"), min_value=0, max_digits=10,
                                               decimal_places=2, required=False, help_text=_("Appraisal-based formula."))
    index_name = forms.CharField(label=_("Index"), max_length=80, required=False,
                                 help_text=_("Index-based formula, e.g. the health index."))
    index_at_purchase = forms.DecimalField(label=_("Index at purchase"), min_value=0, max_digits=8, decimal_places=2,
                                           required=False, help_text=_("Index-based formula."))
    rate_percent = forms.DecimalField(label=_("Yearly rate (%)"), min_value=0, max_value=20, max_digits=5, decimal_places=2,
                                      required=False, help_text=_("Fixed-rate formula, compounded once a year."))
    # The land lease signed with the deed: all four parts or none (policy.check_lease).
    lease_starts_on = forms.DateField(label=_("Land lease starts on"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                      help_text=_("Land lease (emphyteusis or building right): leave its four fields empty if the deed has none."))
    lease_years = forms.IntegerField(label=_("Land lease duration (years)"), required=False,
                                     help_text=_("As written in the deed."))
    lease_fee = forms.DecimalField(label=_("Land lease fee (€)"), max_digits=9, decimal_places=2, required=False)
    lease_fee_period = forms.ChoiceField(label=_("Land lease fee paid"), required=False,
                                         choices=[("", "—"), *Deed.FeePeriod.choices])
    lease_fee_indexed = forms.BooleanField(label=_("Land lease fee indexed"), required=False)

    _LEASE_FIELD = {"starts_on": "lease_starts_on", "years": "lease_years", "fee_cents": "lease_fee",
                    "fee_period": "lease_fee_period"}

    def clean(self):
        data = super().clean()
        fee = data.pop("lease_fee", None)
        data["lease_fee_cents"] = None if fee is None else int(fee * 100)
        if self.errors:
            return data
        lease = policy.LeaseTerms(
            starts_on=data.get("lease_starts_on"), years=data.get("lease_years"), fee_cents=data["lease_fee_cents"],
            fee_period=data.get("lease_fee_period", ""), indexed=bool(data.get("lease_fee_indexed")),
        )
        try:
            policy.check_lease(lease, bought_on=data.get("bought_on"))
        except policy.LeaseRefusal as refusal:
            self.add_error(self._LEASE_FIELD[refusal.field], refusal.message)
        return data


class ResaleForm(forms.Form):
    valued_on = forms.DateField(label=_("Sale date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    appraisal_now = forms.DecimalField(label=_("Appraised value today (€)"), min_value=0, max_digits=10, decimal_places=2,
                                       required=False, help_text=_("Appraisal-based deed."))
    index_now = forms.DecimalField(label=_("Index today"), min_value=0, max_digits=8, decimal_places=2, required=False,
                                   help_text=_("Index-based deed."))
    improvements = forms.DecimalField(label=_("Recognised improvement works (€)"), min_value=0, max_digits=10,
                                      decimal_places=2, initial=0, required=False)

    def __init__(self, *args, formula: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Only the value the deed's formula needs (a fixed rate needs none).
        if formula != Deed.Formula.APPRAISAL:
            del self.fields["appraisal_now"]
        if formula != Deed.Formula.INDEX:
            del self.fields["index_now"]

from django import forms
from django.utils.translation import gettext_lazy as _
from socle_site import policy
from socle_site.models import RecommendationStatus, RecommendationTheme, ResourceOrder

from community.models import HousingProject


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + HousingProject.Status.choices)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args, municipalities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("All"))] + [(m, m) for m in municipalities]


class RecommendationFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All"))] + RecommendationTheme.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + RecommendationStatus.choices)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), max_length=200, required=False)


class ResourceOrderForm(forms.ModelForm):
    class Meta:
        model = ResourceOrder
        fields = ["quantity_fr", "quantity_nl", "organisation", "contact_name", "email", "phone", "delivery_address"]
        widgets = {"delivery_address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("quantity_fr", "quantity_nl"):
            self.fields[name].max_value = policy.MAX_COPIES_PER_LANGUAGE
            self.fields[name].widget.attrs["max"] = policy.MAX_COPIES_PER_LANGUAGE
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["delivery_address"].widget.attrs["autocomplete"] = "street-address"


class VisitorRegistrationForm(forms.Form):
    """A visitor without an account registers for a public event (issue 26)."""

    name = forms.CharField(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        help_text=_("We send you a link to confirm. Your name and address serve this event only and are deleted "
                    "30 days after it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.municipalities import address_errors, is_belgium

from community.models import NotificationPreference, User


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.language = translation.get_language() or settings.LANGUAGE_CODE
        user.save(update_fields=["first_name", "last_name", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "language"]


class NotificationPreferencesForm(forms.Form):
    """One choice per notification category."""

    def __init__(self, *args, categories, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.current = {c.code: current.get(c.code, c.default_frequency) for c in categories}
        for category in categories:
            self.fields[category.code] = forms.ChoiceField(
                label=category.label,
                choices=NotificationPreference.Frequency.choices,
                initial=self.current[category.code],
                widget=forms.RadioSelect,
                # A category left out of the post keeps its current choice.
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        return {code: cleaned.get(code) or self.current[code] for code in self.fields}


class PostalAddressForm(forms.Form):
    """The postal address letters go to (the member's household's)."""

    street = forms.CharField(label=_("Street and number"), max_length=250, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=12, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    country = forms.CharField(label=_("Country"), max_length=80, required=False, help_text=_("Left empty for Belgium."))

    def clean(self):
        cleaned = super().clean()
        # A Belgian address names a known municipality, and its postcode serves it
        # (kernel.municipalities: the same check as the imports).
        if is_belgium(cleaned.get("country") or ""):
            for field, reason in address_errors(cleaned.get("postal_code") or "", cleaned.get("municipality") or "").items():
                self.add_error(field, reason)
        return cleaned


class MemberWithoutEmailForm(PostalAddressForm):
    """A member the staff create: no e-mail address, a household or a postal address."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(label=_("Language of the letters"), choices=settings.LANGUAGES)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    household = forms.ModelChoiceField(
        label=_("Household"), queryset=None, required=False, empty_label=_("A new household at the address below"),
        help_text=_("An existing household: the member's letters go to its address."),
    )
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=(), required=False, widget=forms.CheckboxSelectMultiple)

    field_order = ["first_name", "last_name", "language", "phone", "roles", "household", "street", "postal_code",
                   "municipality", "country"]

    def __init__(self, *args, households, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["roles"].choices = roles
        self.fields["language"].initial = translation.get_language() or settings.LANGUAGE_CODE


class EditMemberWithoutEmailForm(PostalAddressForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(label=_("Language of the letters"), choices=settings.LANGUAGES)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    field_order = ["first_name", "last_name", "language", "phone", "street", "postal_code", "municipality", "country"]

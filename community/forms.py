from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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

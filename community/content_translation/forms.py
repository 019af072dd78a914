"""The translate form: one field per registered text, the original beside it."""

from django import forms
from modeltranslation.utils import build_localized_fieldname

from .reading import original_language_of
from .registry import TranslatableKind


class TranslateForm(forms.Form):
    def __init__(self, *args, kind: TranslatableKind, obj, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.originals = []
        original = original_language_of(obj)
        for name in kind.fields:
            model_field = kind.model._meta.get_field(name)
            source = getattr(obj, build_localized_fieldname(name, original), None) or ""
            widget = forms.Textarea(attrs={"rows": 6}) if model_field.get_internal_type() == "TextField" else forms.TextInput
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name, required=False, widget=widget,
                max_length=getattr(model_field, "max_length", None),
                initial=getattr(obj, build_localized_fieldname(name, language), None) or "",
            )
            self.fields[name].original_text = source
            self.originals.append((self[name], source, name in kind.html_fields))

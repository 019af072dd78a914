"""Which version of a text a reader gets, and whether to say so."""

from dataclasses import dataclass

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .fields import active_content_language, content_languages
from .registry import kind_of, localized_value

# One whole sentence per language: "Only in French", never a name glued into a sentence.
ONLY_IN = {"fr": _("Only in French"), "nl": _("Only in Dutch"), "en": _("Only in English")}
# Some of the texts have the reader's version, others not yet.
PARTLY_IN = {"fr": _("Partly only in French"), "nl": _("Partly only in Dutch"), "en": _("Partly only in English")}


@dataclass(frozen=True)
class TranslatedText:
    text: str
    language: str  # the language of ``text``
    original_language: str
    reader_language: str

    @property
    def is_original(self) -> bool:
        return self.language == self.original_language

    @property
    def is_in_reader_language(self) -> bool:
        return self.language == self.reader_language

    def __str__(self) -> str:
        return self.text


def original_language_of(obj) -> str:
    return getattr(obj, "original_language", None) or "fr"


def translated(obj, field: str, reader_language: str | None = None) -> TranslatedText:
    """The reader's version of ``obj.field`` when it exists, otherwise the original."""
    reader = reader_language or active_content_language()
    original = original_language_of(obj)
    text = localized_value(obj, field, reader)
    if text:
        return TranslatedText(text, reader, original, reader)
    return TranslatedText(localized_value(obj, field, original), original, original, reader)


def missing_translation(obj, reader_language: str | None = None) -> str | None:
    """The original language when a registered, non-empty text of ``obj`` lacks
    the reader's version (the page then says "Only in French"), else None."""
    kind = kind_of(obj)
    if kind is None:
        return None
    reader = reader_language or active_content_language()
    original = original_language_of(obj)
    if reader == original:
        return None
    for field in kind.fields:
        if localized_value(obj, field, original) and not localized_value(obj, field, reader):
            return original
    return None


def is_partly_translated(obj, reader_language: str | None = None) -> bool:
    """Whether some registered text of ``obj`` already has the reader's version."""
    kind = kind_of(obj)
    reader = reader_language or active_content_language()
    return kind is not None and any(localized_value(obj, field, reader) for field in kind.fields)


def in_reader_language(field: str, reader_language: str | None = None):
    """A query expression for the text a reader gets (their language, else the
    row's original): what a list ordered by ``field`` orders by, so that a
    Dutch page is in Dutch alphabetical order, not the French column's."""
    reader = reader_language or active_content_language()
    original = Case(
        *[When(original_language=code, then=NullIf(F(build_localized_fieldname(field, code)), Value("")))
          for code in content_languages()],
        default=F(field), output_field=TextField(),
    )
    return Coalesce(
        NullIf(F(build_localized_fieldname(field, reader)), Value("")), original, F(field), output_field=TextField()
    )


def ordered_by_reader_text(queryset, *fields: str, reader_language: str | None = None):
    """``queryset.order_by(*fields)`` where each registered text field of the
    model sorts in the reader's language (others as given)."""
    from .registry import _kinds

    translatable = set()
    for kind in _kinds.values():
        if kind.model is queryset.model:
            translatable.update(kind.fields)
    ordering = []
    for field in fields:
        name = field.lstrip("-")
        if name in translatable:
            expression = in_reader_language(name, reader_language)
            ordering.append(expression.desc() if field.startswith("-") else expression.asc())
        else:
            ordering.append(field)
    return queryset.order_by(*ordering)

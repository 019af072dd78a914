"""Which version of a text a reader gets, and whether to say so."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .fields import active_content_language
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

"""What each feature registers: which models carry translatable text, which
fields, who may translate them (the perm that edits the object) and where the
object's page is."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from modeltranslation.utils import build_localized_fieldname

from .fields import active_content_language


@dataclass(frozen=True)
class TranslatableKind:
    code: str  # in URLs, e.g. "events.room"
    model: type[models.Model]
    fields: tuple[str, ...]
    label: str | Promise
    # The perm that edits the object, and the object it is asked about
    # (an agenda item is edited by whoever may run its meeting).
    edit_perm: str
    perm_object: Callable[[Any], Any] = lambda obj: obj
    page_url: Callable[[Any], str] = lambda obj: ""
    # Fields whose text is HTML (goes through the one sanitiser when translated).
    html_fields: tuple[str, ...] = field(default=())

    def may_translate(self, user, obj) -> bool:
        return bool(user and user.is_authenticated and user.has_perm(self.edit_perm, self.perm_object(obj)))


_kinds: dict[str, TranslatableKind] = {}


class OriginalFallbackDescriptor:
    """Reading ``obj.title`` gives the reader's language, or else the original
    language (never a third one); writing it sets the reader's language when
    that version exists or is the original, and the original otherwise (an edit
    from a page whose language has no version yet corrects the original)."""

    def __init__(self, wrapped, name: str):
        self.wrapped, self.name = wrapped, name

    def __getattr__(self, name):
        # modeltranslation's queryset reads its descriptor's settings (fallback_languages).
        if name == "wrapped":
            raise AttributeError(name)
        return getattr(self.wrapped, name)

    def __get__(self, instance, owner):
        if instance is None:
            return self
        text = localized_value(instance, self.name, active_content_language())
        if text:
            return text
        original = localized_value(instance, self.name, getattr(instance, "original_language", None))
        if original:
            return original
        # Rows from before the registration, or an object being built: modeltranslation's reading.
        return self.wrapped.__get__(instance, owner)

    def __set__(self, instance, value):
        instance.__dict__[self.name] = value
        if getattr(instance, "_mt_init", False) or getattr(instance, "_mt_disable", False):
            return
        language = active_content_language()
        original = getattr(instance, "original_language", None) or language
        if language != original and not localized_value(instance, self.name, language):
            language = original
        setattr(instance, build_localized_fieldname(self.name, language), value)


def localized_value(instance, name: str, language: str | None) -> str:
    if not language:
        return ""
    return getattr(instance, build_localized_fieldname(name, language), None) or ""


def register_translatable(kind: TranslatableKind) -> None:
    """Called from a feature's ``AppConfig.ready()``, after modeltranslation
    registered the fields (its ``translation.py``)."""
    _kinds[kind.code] = kind
    for name in kind.fields:
        current = kind.model.__dict__.get(name) or getattr(kind.model, name)
        if not isinstance(current, OriginalFallbackDescriptor):
            setattr(kind.model, name, OriginalFallbackDescriptor(current, name))


def kind_named(code: str) -> TranslatableKind | None:
    return _kinds.get(code)


def kind_of(obj) -> TranslatableKind | None:
    model = type(obj)
    return next((k for k in _kinds.values() if k.model is model or isinstance(obj, k.model)), None)


def all_kinds() -> list[TranslatableKind]:
    return list(_kinds.values())

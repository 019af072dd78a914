"""Names the code makes from a translated template, in the reader's language.

A distribution key made with a building ("General (shares)"), a household
named after its first adult ("Household of %(name)s"), the site's moderation
workflow ("Moderators approval"): the row keeps the name written in one
language (the creator's, or English for rows made by setup), and a page
writes it again in its reader's language. The template's message id is the
stable key: a stored name is recognised as that template written in any of
the site's languages, its parameters read back, and the template filled in the
reader's language. Old rows, whatever the language they were made in, read
the same way; a name a person typed (or changed) is shown as typed.

Features register their templates in their ``AppConfig.ready()``
(``register_generated_name(gettext_lazy("Household of %(name)s"))``);
``in_reader_language`` (template filter ``|generated_name``) writes a name out,
``GeneratedNameDescriptor`` does it on a model's field for pages we do not
write (Wagtail's admin)."""

import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

_templates: dict[str, Promise] = {}
_FIELD = re.compile(r"%\((\w+)\)s")


def register_generated_name(template: Promise) -> None:
    """``template``: a lazily translated message, %(name)s fields allowed."""
    _templates[_msgid(template)] = template
    _patterns.cache_clear()


def _msgid(template: Promise) -> str:
    with translation.override(None):
        return str(template)


def renderings(template: Promise, **params) -> set[str]:
    """The template written in each of the site's languages (for lookups that
    must find a row whatever language it was made in)."""
    written = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            written.add(str(template) % params if params else str(template))
    with translation.override(None):
        written.add(str(template) % params if params else str(template))
    return written


@cache
def _patterns() -> list[tuple[re.Pattern, Promise]]:
    patterns = []
    for template in _templates.values():
        texts = set()
        for code in [*dict(settings.LANGUAGES), None]:
            with translation.override(code):
                texts.add(str(template))
        for text in texts:
            parts, position = [], 0
            for match in _FIELD.finditer(text):
                parts.append(re.escape(text[position:match.start()].replace("%%", "%")))
                parts.append(f"(?P<{match.group(1)}>.+?)")
                position = match.end()
            parts.append(re.escape(text[position:].replace("%%", "%")))
            patterns.append((re.compile("".join(parts) + r"\Z", re.DOTALL), template))
    # The longest (most specific) written form first.
    patterns.sort(key=lambda pair: -len(pair[0].pattern))
    return patterns


def in_reader_language(name: str, language: str | None = None) -> str:
    """``name`` in ``language`` (default: the active one) when it is a
    registered template written in any language; otherwise ``name`` as is."""
    if not name or not _templates:
        return name
    text = str(name)
    for pattern, template in _patterns():
        match = pattern.match(text)
        if match is None:
            continue
        with translation.override(language or translation.get_language()):
            written = str(template)
            params = match.groupdict()
            return written % params if params else written
    return name


def as_stored(name: str) -> str:
    """A registered name written in any language, as its message id (English):
    what the row keeps, so that lookups by that name still find it."""
    if not name or not _templates:
        return name
    for pattern, template in _patterns():
        match = pattern.match(str(name))
        if match is not None:
            written, params = _msgid(template), match.groupdict()
            return written % params if params else written
    return name


class GeneratedNameDescriptor:
    """Reading the field gives the name in the reader's language; writing it
    (an editor saving the form in French) stores the message id. For models
    whose pages we do not render ourselves (Wagtail's admin)."""

    def __init__(self, wrapped, name: str):
        self.wrapped, self.name = wrapped, name

    def __get__(self, instance, owner):
        if instance is None:
            return self.wrapped.__get__(None, owner)
        value = self.stored(instance)
        return in_reader_language(value) if isinstance(value, str) else value

    def __set__(self, instance, value):
        instance.__dict__[self.name] = as_stored(value) if isinstance(value, str) else value

    def stored(self, instance):
        if self.name not in instance.__dict__:
            self.wrapped.__get__(instance, type(instance))  # a deferred field: loads it
        return instance.__dict__.get(self.name)


def translate_field_on_reading(model, field: str = "name") -> None:
    """Install ``GeneratedNameDescriptor`` on ``model.field`` (once); saving
    writes the stored form, not the reader's."""
    current = model.__dict__.get(field)
    if isinstance(current, GeneratedNameDescriptor):
        return
    descriptor = GeneratedNameDescriptor(current, field)
    setattr(model, field, descriptor)
    model_field = model._meta.get_field(field)
    model_field.pre_save = lambda instance, add: descriptor.stored(instance)

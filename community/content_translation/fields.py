"""The language a row was written in."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def content_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def active_content_language() -> str:
    """The language an author writes in: the page's (the active translation)."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in content_languages() else settings.LANGUAGE_CODE


class TranslatableContent(models.Model):
    """A model whose text members type: it remembers the author's language."""

    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, default=active_content_language,
        editable=False,
    )

    class Meta:
        abstract = True


def in_every_language(field: str, make) -> dict[str, str]:
    """``{field_fr: …, field_nl: …, field_en: …}`` for a name the code makes
    from a translated template (e.g. a building's co-owners' meeting), so
    that it reads in each reader's language."""
    values = {}
    for language in content_languages():
        with translation.override(language):
            values[f"{field}_{language}"] = str(make())
    return values

"""``{% translated obj "description" as t %}`` gives the reader's version of a
text or the original (``t.text``, ``t.language``, ``t.is_original``);
``{% translation_notice obj %}`` says "Only in French" when the reader's
version is missing, with a link to translate for those who may edit."""

from django import template
from django.urls import reverse
from socle_site.kernel.generated_names import in_reader_language
from socle_site.kernel.municipalities import municipality_name

from community.content_translation.fields import active_content_language
from community.content_translation.reading import (
    ONLY_IN,
    PARTLY_IN,
    is_partly_translated,
    missing_translation,
)
from community.content_translation.reading import translated as translated_text
from community.content_translation.registry import kind_of

register = template.Library()


@register.simple_tag
def translated(obj, field: str):
    return translated_text(obj, field)


@register.inclusion_tag("community/includes/translation_notice.html", takes_context=True)
def translation_notice(context, obj):
    original = missing_translation(obj)
    if original is None:
        return {"show": False}
    kind = kind_of(obj)
    request = context.get("request")
    user = getattr(request, "user", None)
    reader = active_content_language()
    url = ""
    if kind is not None and kind.may_translate(user, obj):
        url = reverse("community:translate", kwargs={"kind": kind.code, "pk": obj.pk, "language": reader})
    labels = PARTLY_IN if is_partly_translated(obj, reader) else ONLY_IN
    return {"show": True, "only_in": labels.get(original, original), "translate_url": url, "original_language": original}


# The language's code as a reader sees it on a badge ("FR"), whatever the
# interface language: the accessible label says it in words.
BADGE = {"fr": "FR", "nl": "NL", "en": "EN"}


@register.inclusion_tag("community/includes/translation_badge.html")
def translation_badge(obj):
    """In a list: a small "FR" beside an item whose text is not in the reader's
    language, labelled "Only in French" for screen readers and on hover. Reads
    only the row's own columns: no query per item."""
    original = missing_translation(obj)
    if original is None:
        return {"show": False}
    reader = active_content_language()
    labels = PARTLY_IN if is_partly_translated(obj, reader) else ONLY_IN
    return {"show": True, "code": BADGE.get(original, original.upper()), "label": labels.get(original, original),
            "original_language": original}


@register.filter
def municipality(name: str) -> str:
    """A municipality under its official name in the reader's language ("Forest" → "Vorst")."""
    return municipality_name(name)


@register.filter
def generated_name(name: str) -> str:
    """A name the code made from a template ("Household of …", "Equal parts"),
    in the reader's language; a typed name as typed."""
    return in_reader_language(name)

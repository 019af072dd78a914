from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One entry per language, each leading to this same page in that language:
    a Wagtail page's own translation when there is one, else the same URL."""
    request = context.get("request")
    current = translation.get_language()
    page = context.get("page")
    translations = {}
    if page is not None and hasattr(page, "get_translations"):
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated.get_url(request)
    path = request.get_full_path() if request else "/"
    languages = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None and page is not None and getattr(page, "pk", None) and hasattr(page, "get_translations"):
            # Not translated yet: this page in its own language, with a notice
            # in the visitor's language, rather than a 404.
            with translation.override(code):
                url = reverse("socle_site:untranslated_page", args=[page.pk])
        languages.append(
            {
                "code": code,
                "name": name,
                "url": url or translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {"languages": languages, "request": request, "csrf_token": context.get("csrf_token")}


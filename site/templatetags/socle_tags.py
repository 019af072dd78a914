from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


def _translation_urls(request, page) -> dict[str, str]:
    """{language code: URL} of the page's live translations, remembered per
    publication (a publish anywhere starts a new generation)."""
    from socle_site import page_cache

    key = None
    if request is not None and page.pk and page.live and not getattr(request, "is_preview", False):
        key = f"socle_site:translations:{page_cache.generation(request)}:{request.get_host()}:{page.pk}"
        stored = cache.get(key)
        if stored is not None:
            return stored
    urls = {
        translated.locale.language_code: translated.get_url(request)
        for translated in page.get_translations(inclusive=True).live().select_related("locale")
    }
    if key is not None:
        cache.set(key, urls, page_cache.PAGE_TTL)
    return urls


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One entry per language, each leading to this same page in that language:
    a Wagtail page's own translation when there is one, else the same URL."""
    request = context.get("request")
    current = translation.get_language()
    page = context.get("page")
    translations = _translation_urls(request, page) if page is not None and hasattr(page, "get_translations") else {}
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
    return {"languages": languages}



class PublicFragmentNode(template.Node):
    def __init__(self, name: str, vary_on: list, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        from socle_site import page_cache

        request = context.get("request")
        name = "|".join([self.name, *(str(value.resolve(context)) for value in self.vary_on)])
        key = page_cache.fragment_key(request, context.get("page"), name)
        if key is None:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            # A form in a shared fragment is stored with the token mark, never
            # one visitor's CSRF token; each visitor gets their own below.
            with context.push(csrf_token=page_cache.CSRF_TOKEN_MARK):
                html = self.nodelist.render(context)
            cache.set(key, html, page_cache.PAGE_TTL)
        # The stored fragment was safe HTML; a token is letters and digits.
        return mark_safe(page_cache.with_visitor_token(html, request))


@register.tag
def public_fragment(parser, token):
    """{% public_fragment "name" [value …] %}…{% endpublic_fragment %}: a part
    of a public page that is the same for every visitor (or for every
    visitor giving the same values, e.g. ``user.is_authenticated``),
    rendered once per publication (socle_site.page_cache.fragment_key says
    when it is not). It must not show anything else about the visitor; a
    CSRF token in it is the visitor's own."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("public_fragment takes a quoted name, then the values it varies on")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(bits[1][1:-1], vary_on, nodelist)


@register.inclusion_tag("socle_site/footer_links.html", takes_context=True)
def site_footer_links(context):
    """The footer's links to the generic pages of the visitor's language,
    remembered per publication (base.html draws them on every page)."""
    from socle_site import page_cache, selectors

    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"socle_site:footer:{page_cache.generation(context.get('request'))}:{language}"
    links = cache.get(key)
    if links is None:
        links = selectors.footer_pages(language)
        cache.set(key, links, page_cache.PAGE_TTL)
    return {"links": links}


def _page_errors(context):
    # Gathered once per rendering: the title and the summary both ask.
    from socle_site.kernel.form_errors import page_errors

    cache_key = "socle_site:page_errors"
    if cache_key not in context.render_context:
        context.render_context[cache_key] = page_errors(context.flatten().values())
    return context.render_context[cache_key]


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context):
    """The box at the top of every page whose forms have errors (base.html)."""
    return {"errors": _page_errors(context)}


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """"Error: " before the page title when its forms have errors, so a screen
    reader announces the failure first (the GOV.UK pattern)."""
    from django.utils.translation import gettext

    return gettext("Error:") + " " if _page_errors(context) else ""

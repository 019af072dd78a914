"""What every public page shares: the page base class and the deferred context value."""

from socle_site import blocks
from wagtail.models import Page

RICH_FEATURES = blocks.RICH_FEATURES


PAGE_SIZE = 12


class deferred:
    """A context value computed when a template first asks for it (templates
    call callables), once. A page's content fragment is usually already
    cached (socle_site.page_cache.fragment_key), so its queries never run."""

    def __init__(self, function, *args, **kwargs):
        self._call = (function, args, kwargs)
        self._value = None
        self._done = False

    def __call__(self):
        if not self._done:
            function, args, kwargs = self._call
            self._value, self._done = function(*args, **kwargs), True
        return self._value


class PublicPage(Page):
    """What every public page shares: Open Graph data and whole-page caching."""

    # Whole-page caching (socle_site.page_cache) is on for every public page;
    # a page type whose content changes outside publishing says so here.
    cache_whole_page = True
    # The content, breadcrumbs and meta tags are the same for every visitor,
    # logged in or not: they are rendered once per publication. A page type
    # whose content depends on the visitor or on live counts says False.
    cache_content_fragment = True

    class Meta:
        abstract = True

    def og_image(self):
        """The image used for Open Graph previews, if any."""
        return None

    def get_view_restrictions(self):
        # Wagtail checks on every page served; almost no public page has a
        # restriction, and that answer is remembered per publication.
        from socle_site import page_cache
        from wagtail.models import PageViewRestriction

        if self.pk and not page_cache.has_view_restrictions(self):
            none = PageViewRestriction.objects.none()
            none._result_cache = []  # already evaluated: not even an empty query is compiled
            return none
        return super().get_view_restrictions()

    def meta_description(self) -> str:
        from django.utils.html import strip_tags

        text = self.search_description or strip_tags(str(getattr(self, "intro", "") or getattr(self, "quote", ""))) or self.title
        return text[:200]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ancestors"] = deferred(self.breadcrumb_ancestors)
        return context

    def breadcrumb_ancestors(self) -> list:
        if self.depth <= 2:
            return []
        return list(self.get_ancestors().filter(depth__gt=2).specific(defer=True))

from django.contrib.sitemaps.views import sitemap as django_sitemap
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    """Every live public page in every language (Wagtail's own sitemap lists
    only the active language's tree)."""

    def items(self):
        return Page.objects.live().public().filter(depth__gt=1).order_by("path").defer_streamfields().specific()


def sitemap(request):
    return django_sitemap(request, sitemaps={"pages": AllLanguagesSitemap(request)})

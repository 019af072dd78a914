"""RSS and Atom feeds of the news, in the language of the URL."""

from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from socle_site import selectors
from wagtail.models import Locale


class NewsFeed(Feed):
    title = _("Community land trust news")
    description = _("The latest news of the community land trust and its projects.")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return Locale.get_active()

    def link(self, locale):
        return f"/{translation.get_language()}/"

    def items(self, locale):
        return selectors.news_in_locale(locale.pk)[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description

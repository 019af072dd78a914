"""News pages and their tags."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from socle_site import blocks
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .base import PAGE_SIZE, RICH_FEATURES, PublicPage, deferred


class NewsIndexPage(PublicPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["socle_site.HomePage"]
    subpage_types = ["socle_site.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors

        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "")[:100]
        context["tag"] = tag
        context["news"] = deferred(lambda: Paginator(selectors.news_under(self, tag=tag), PAGE_SIZE).get_page(request.GET.get("page")))
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("socle_site.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPage(PublicPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(_("introduction"), max_length=300)
    body = StreamField(blocks.BodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField(_("alternative text of the image"), max_length=250, blank=True)
    housing_project = models.ForeignKey(
        "community.HousingProject", verbose_name=_("housing project"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")]),
        FieldPanel("body"),
        FieldPanel("housing_project"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["socle_site.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt:
            raise ValidationError({"image_alt": _("Say what the image shows.")})

    def og_image(self):
        return self.image

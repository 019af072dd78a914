"""Generic content pages."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from socle_site import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .base import PublicPage


class ContentPage(PublicPage):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(blocks.BodyBlock(), verbose_name=_("body"), blank=True)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["socle_site.HomePage", "socle_site.ContentPage"]

    class Meta:
        verbose_name = _("content page")

    @cached_property
    def children(self):
        return list(self.get_children().live().specific())

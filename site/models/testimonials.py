"""Residents' testimonials, published with their consent."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import SHORT_TEXT, bounded
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import PAGE_SIZE, RICH_FEATURES, PublicPage, deferred


class TestimonialIndexPage(PublicPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["socle_site.HomePage"]
    subpage_types = ["socle_site.TestimonialPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("testimonial index")

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors

        context = super().get_context(request, *args, **kwargs)
        context["testimonials"] = deferred(lambda: Paginator(selectors.testimonials_under(self), PAGE_SIZE).get_page(request.GET.get("page")))
        return context


class TestimonialPage(PublicPage):
    quote = models.TextField(_("testimonial"), **bounded(SHORT_TEXT))
    author_name = models.CharField(_("shown as"), max_length=120, help_text=_("A first name or a description, as the person agreed."))
    author_description = models.CharField(_("who they are"), max_length=200, blank=True)
    housing_project = models.ForeignKey(
        "community.HousingProject",
        verbose_name=_("housing project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    portrait = models.ForeignKey("wagtailimages.Image", verbose_name=_("portrait"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    portrait_alt = models.CharField(_("alternative text of the portrait"), max_length=250, blank=True)
    # GDPR art. 7(1): the publisher must be able to show who consented, when,
    # and to which text.
    consent_given_by = models.CharField(_("consent given by"), max_length=160)
    consent_given_on = models.DateField(_("consent given on"))
    consent_text_version = models.CharField(
        _("version of the text consented to"), max_length=60, help_text=_("For instance: v2, read back on 3 March 2025.")
    )

    search_fields = [*Page.search_fields, index.SearchField("quote"), index.SearchField("author_description")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("quote"),
        FieldRowPanel([FieldPanel("author_name"), FieldPanel("author_description")]),
        FieldPanel("housing_project"),
        FieldRowPanel([FieldPanel("portrait"), FieldPanel("portrait_alt")]),
        MultiFieldPanel(
            [FieldPanel("consent_given_by"), FieldPanel("consent_given_on"), FieldPanel("consent_text_version")],
            heading=_("Consent"),
        ),
    ]
    parent_page_types = ["socle_site.TestimonialIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("testimonial")

    def clean(self):
        super().clean()
        if self.portrait_id and not self.portrait_alt:
            raise ValidationError({"portrait_alt": _("Say what the portrait shows.")})

    def og_image(self):
        return self.portrait

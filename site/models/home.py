"""The home page of each language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from socle_site import blocks
from socle_site.kernel.charts import bar_chart
from wagtail.admin.panels import FieldPanel
from wagtail.blocks import PageChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .base import RICH_FEATURES, PublicPage, deferred


class HomePage(PublicPage):
    """The root of each language's site."""

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        help_text=_("What the CLT is, in one or two sentences."),
    )
    body = RichTextField(_("body"), blank=True, features=RICH_FEATURES)
    key_figures = StreamField(
        [("figures", blocks.KeyFiguresBlock())],
        verbose_name=_("other key figures"),
        blank=True,
        help_text=_("Households and registered candidates are counted live; add the other figures here."),
    )
    featured_projects = StreamField(
        [("project", PageChooserBlock(page_type="socle_site.ProjectPage", label=_("project")))],
        verbose_name=_("featured projects"),
        blank=True,
    )
    testimonial = models.ForeignKey(
        "socle_site.TestimonialPage",
        verbose_name=_("testimonial"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("key_figures"),
        FieldPanel("featured_projects"),
        FieldPanel("testimonial"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "socle_site.ProjectIndexPage",
        "socle_site.TestimonialIndexPage",
        "socle_site.RecommendationIndexPage",
        "socle_site.NewsIndexPage",
        "socle_site.EventIndexPage",
        "socle_site.ContentPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors

        context = super().get_context(request, *args, **kwargs)
        context["live_figures"] = deferred(selectors.live_key_figures)
        # The counted figures as a chart beside their table (issue 24; socle_site.kernel.charts).
        context["key_figures_chart"] = deferred(lambda: bar_chart(
            _("Key figures"), [(figure.label, figure.value) for figure in context["live_figures"]()],
            label_header=_("Figure"), series=[_("Number")],
        ) if context["live_figures"]() else None)
        context["latest_news"] = deferred(lambda: list(selectors.news_in_locale(self.locale_id)[:3]))
        context["next_events"] = deferred(lambda: list(selectors.upcoming_events(self.locale_id)[:3]))
        context["projects"] = deferred(selectors.featured_projects, self)
        context["testimonial_page"] = deferred(selectors.home_testimonial, self)
        return context

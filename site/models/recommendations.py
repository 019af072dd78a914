"""Recommendations to the authorities and how each one fares."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from socle_site.kernel.text_limits import MEDIUM_TEXT, bounded
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .base import RICH_FEATURES, PublicPage, deferred


class RecommendationTheme(models.TextChoices):
    """The memorandum's themes (DOMAIN.md §2), then its other measures."""

    URBAN_RENEWAL = "A", _("A. The CLT as a tool for non-speculative urban renewal")
    OWNERS_IN_DIFFICULTY = "B", _("B. Helping owners in difficulty")
    SCALING_UP = "C", _("C. Scaling up")
    SAME_TOOLS = "D", _("D. The same tools as other social-housing actors")
    COMPLEMENTARY = "E", _("E. Complementary measures")
    OTHER = "F", _("Other measures")


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DISCUSSED = "discussed", _("Under discussion")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    REJECTED = "rejected", _("Not taken up")


class RecommendationIndexPage(PublicPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro"), InlinePanel("recommendations", label=_("Recommendations"))]
    parent_page_types = ["socle_site.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("recommendations page")

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors
        from socle_site.forms import RecommendationFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = RecommendationFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["themes"] = deferred(selectors.recommendations_by_theme, self, theme=filters.get("theme"), status=filters.get("status"))
        return context


class Recommendation(Orderable, ClusterableModel):
    page = ParentalKey(RecommendationIndexPage, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("number"))
    theme = models.CharField(_("theme"), max_length=1, choices=RecommendationTheme.choices)
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("text"), blank=True, **bounded(MEDIUM_TEXT))
    status = models.CharField(_("status"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.PROPOSED)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("theme"), FieldPanel("status")]),
        FieldPanel("title"),
        FieldPanel("text"),
        InlinePanel("history", label=_("Status history")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("recommendation")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RecommendationStatusChange(Orderable):
    """A dated change of a recommendation's status."""

    recommendation = ParentalKey(Recommendation, on_delete=models.CASCADE, related_name="history")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=RecommendationStatus.choices)
    note = models.CharField(_("note"), max_length=250, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("status")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("status change")

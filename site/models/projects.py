"""The housing projects told on the public site, their milestones and gallery."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from socle_site import blocks, policy
from socle_site.kernel import maps
from socle_site.kernel.text_limits import SHORT_TEXT, bounded
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community import showcase

from .base import PAGE_SIZE, RICH_FEATURES, PublicPage, deferred


class ProjectIndexPage(PublicPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["socle_site.HomePage"]
    subpage_types = ["socle_site.ProjectPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("project index")

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors
        from socle_site.forms import ProjectFilterForm

        context = super().get_context(request, *args, **kwargs)

        def form():
            return ProjectFilterForm(request.GET or None, municipalities=selectors.project_municipalities(self))

        def filters() -> dict:
            bound = context["filter_form"]()
            cleaned = bound.cleaned_data if bound.is_valid() else {}
            return {"status": cleaned.get("status"), "municipality": cleaned.get("municipality")}

        def projects():
            found = selectors.projects_under(self, **filters())
            return Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))

        context["filter_form"] = deferred(form)
        context["projects"] = deferred(projects)
        # The map shows the projects the filters chose, all of them (not one page's).
        context["places"] = deferred(lambda: selectors.project_places(self, **filters()))
        context["map_tiles"] = maps.tile_server()
        return context


class ProjectPage(PublicPage):
    housing_project = models.ForeignKey(
        "community.HousingProject",
        verbose_name=_("housing project"),
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_("The project as the platform knows it: municipality, address, status and homes come from it."),
    )
    intro = models.CharField(_("introduction"), max_length=300)
    body = StreamField(blocks.BodyBlock(), verbose_name=_("body"), blank=True)
    homes_by_size = StreamField(
        [("homes", blocks.HomeTypeBlock())], verbose_name=_("homes by size"), blank=True
    )
    community_spaces = models.TextField(_("community spaces"), blank=True, **bounded(SHORT_TEXT))
    partners = StreamField([("partner", blocks.PartnerBlock())], verbose_name=_("partners"), blank=True)
    financing = StreamField(
        [("share", blocks.FundingShareBlock())], verbose_name=_("financing split"), blank=True
    )
    # WGS 84 degrees, as OpenStreetMap shows them ("Show address" on a right click);
    # the address itself is the housing project's (community.HousingProject.address).
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(maps.LATITUDE_RANGE[0]), MaxValueValidator(maps.LATITUDE_RANGE[1])],
        help_text=_("Degrees north, between -90 and 90, e.g. 50.846557 for Brussels."),
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(maps.LONGITUDE_RANGE[0]), MaxValueValidator(maps.LONGITUDE_RANGE[1])],
        help_text=_("Degrees east, between -180 and 180, e.g. 4.351697 for Brussels."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("community_spaces")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("housing_project"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("milestones", label=_("Timeline")),
        FieldPanel("homes_by_size"),
        FieldPanel("community_spaces"),
        FieldPanel("partners"),
        FieldPanel("financing"),
        InlinePanel("gallery_images", label=_("Gallery")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Map position"),
            help_text=_("Where the project stands on the maps of the site. On openstreetmap.org, right-click the "
                        "building, choose \"Show address\" and copy the two numbers shown. The address printed "
                        "beside the map is the housing project's."),
        ),
    ]
    parent_page_types = ["socle_site.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("project page")

    def clean(self):
        super().clean()
        shares = [child.value["percent"] for child in self.financing]
        if policy.funding_total(shares) > 100:
            raise ValidationError(
                {"financing": _("The shares add up to %(total)s%%, more than 100%%.") % {"total": policy.funding_total(shares)}}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))

    @property
    def openstreetmap_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return policy.openstreetmap_url(self.latitude, self.longitude)

    def og_image(self):
        first = self.gallery_images.first()
        return first.image if first else None

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors

        context = super().get_context(request, *args, **kwargs)
        context["milestones"] = deferred(lambda: list(self.milestones.all()))
        context["gallery"] = deferred(selectors.gallery, self)
        context["testimonials"] = deferred(selectors.testimonials_for_project, self)
        context["news"] = deferred(selectors.news_for_project, self)
        # What the apps add about the housing project (the rooms to book…).
        context["sections"] = deferred(lambda: showcase.project_sections(self.housing_project))
        context["places"] = [self] if self.latitude is not None and self.longitude is not None else []
        context["map_tiles"] = maps.tile_server()
        return context


class ProjectMilestone(Orderable):
    """One dated step of the project's timeline."""

    class Stage(models.TextChoices):
        STUDY = "study", _("Study")
        PERMIT = "permit", _("Building permit")
        WORKS = "works", _("Works")
        INHABITED = "inhabited", _("Inhabited")

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=250, blank=True)

    panels = [FieldPanel("stage"), FieldPanel("date"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("timeline step")


class ProjectGalleryImage(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+")
    # WCAG 1.1.1: every gallery image says what it shows.
    alt = models.CharField(_("alternative text"), max_length=250)
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("gallery image")

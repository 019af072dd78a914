"""The public Wagtail pages. Pages are the story; the facts they tell about
(a housing project, a registration) are plain models (house style 7)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from socle_site import blocks, policy
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.blocks import PageChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from community import showcase

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


# --- Home -----------------------------------------------------------------


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
        context["latest_news"] = deferred(lambda: list(selectors.news_in_locale(self.locale_id)[:3]))
        context["next_events"] = deferred(lambda: list(selectors.upcoming_events(self.locale_id)[:3]))
        context["projects"] = deferred(selectors.featured_projects, self)
        context["testimonial_page"] = deferred(selectors.home_testimonial, self)
        return context


# --- Projects ---------------------------------------------------------------


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

        def projects():
            bound = context["filter_form"]()
            filters = bound.cleaned_data if bound.is_valid() else {}
            found = selectors.projects_under(self, status=filters.get("status"), municipality=filters.get("municipality"))
            return Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))

        context["filter_form"] = deferred(form)
        context["projects"] = deferred(projects)
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
    community_spaces = models.TextField(_("community spaces"), blank=True)
    partners = StreamField([("partner", blocks.PartnerBlock())], verbose_name=_("partners"), blank=True)
    financing = StreamField(
        [("share", blocks.FundingShareBlock())], verbose_name=_("financing split"), blank=True
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

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
        MultiFieldPanel([FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])], heading=_("Map position")),
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


# --- Testimonials -------------------------------------------------------------


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
    quote = models.TextField(_("testimonial"))
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


# --- Recommendations --------------------------------------------------------


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
    text = models.TextField(_("text"), blank=True)
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


# --- News ---------------------------------------------------------------------


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


# --- Public events --------------------------------------------------------------


class EventIndexPage(PublicPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["socle_site.HomePage"]
    subpage_types = ["socle_site.PublicEventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("public event index")

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors

        context = super().get_context(request, *args, **kwargs)
        events = deferred(selectors.events_under, self)
        context["upcoming"], context["past"] = deferred(lambda: events()[0]), deferred(lambda: events()[1])
        return context


class PublicEventPage(PublicPage):
    # Places left change with each registration: the registration services
    # invalidate the page cache on commit.
    cache_content_fragment = False
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=250)
    intro = models.CharField(_("introduction"), max_length=300)
    body = StreamField(blocks.BodyBlock(), verbose_name=_("body"), blank=True)
    programme = StreamField([("item", blocks.ProgrammeItemBlock())], verbose_name=_("programme"), blank=True)
    speakers = StreamField([("speaker", blocks.SpeakerBlock())], verbose_name=_("speakers"), blank=True)
    key_figures = StreamField([("figures", blocks.KeyFiguresBlock())], verbose_name=_("key figures"), blank=True)
    resources = StreamField([("document", blocks.DocumentBlock())], verbose_name=_("resources"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=0, help_text=_("0 means no limit."))
    registration_open = models.BooleanField(_("registration open"), default=True)
    takes_resource_orders = models.BooleanField(
        _("printed resources can be ordered"), default=False, help_text=_("Shows the order form for free printed copies.")
    )

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("venue")]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("programme"),
        FieldPanel("speakers"),
        FieldPanel("key_figures"),
        FieldPanel("resources"),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_open"), FieldPanel("takes_resource_orders")],
            heading=_("Registration and orders"),
        ),
    ]
    parent_page_types = ["socle_site.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("public event")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def get_context(self, request, *args, **kwargs):
        from socle_site import selectors

        context = super().get_context(request, *args, **kwargs)
        context["seats"] = selectors.event_seats(self)
        context["registration"] = selectors.registration_of(self, request.user)
        return context


class EventRegistration(models.Model):
    """A member's seat (or place on the waiting list) at a public event.
    Registrations count across the event's translations: they share its
    translation_key."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event_key = models.UUIDField(_("event"), db_index=True)
    event_title = models.CharField(_("event title"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "user"],
                condition=~models.Q(status="cancelled"),
                name="socle_site_one_active_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event_title}"


class ResourceOrder(models.Model):
    """An order of free printed copies (e.g. the eviction-forum brochures)."""

    event_key = models.UUIDField(_("event"), db_index=True)
    event_title = models.CharField(_("event title"), max_length=255)
    quantity_fr = models.PositiveSmallIntegerField(_("copies in French"), default=0)
    quantity_nl = models.PositiveSmallIntegerField(_("copies in Dutch"), default=0)
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=160)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    delivery_address = models.TextField(_("delivery address"))
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource order")
        verbose_name_plural = _("resource orders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.event_title}"


# --- Generic content --------------------------------------------------------------


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

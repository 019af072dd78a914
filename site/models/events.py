"""Public events, members' registrations for them and orders of printed resources."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site import blocks
from socle_site.kernel.text_limits import SHORT_TEXT, bounded
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .base import RICH_FEATURES, PublicPage, deferred


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
    accepts_visitors = models.BooleanField(
        _("visitors without an account may register"), default=False,
        help_text=_("With a name and an e-mail address, confirmed from the e-mail (an information session, for instance)."),
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
            [FieldPanel("capacity"), FieldPanel("registration_open"), FieldPanel("accepts_visitors"),
             FieldPanel("takes_resource_orders")],
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
        if self.accepts_visitors:
            from socle_site.forms import VisitorRegistrationForm

            context["visitor_form"] = VisitorRegistrationForm()
        return context


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
    delivery_address = models.TextField(_("delivery address"), **bounded(SHORT_TEXT))
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource order")
        verbose_name_plural = _("resource orders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.event_title}"

"""Community rooms of the housing projects, their bookings and the
activities residents and associations run there."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.formatting import format_moment
from socle_site.kernel.text_limits import MEDIUM_TEXT, SHORT_TEXT, bounded

from community.content_translation.fields import TranslatableContent
from community.models import Household, HousingProject, Organisation

from . import policy
from .policy import Audience


class Room(TranslatableContent):
    """A community space of a housing project (DOMAIN.md §2)."""

    housing_project = models.ForeignKey(
        HousingProject, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("housing project")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, **bounded(MEDIUM_TEXT))
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), default=30)
    equipment = models.TextField(_("equipment"), blank=True, **bounded(MEDIUM_TEXT))
    accessibility = models.TextField(_("accessibility"), blank=True, **bounded(MEDIUM_TEXT))
    house_rules = models.TextField(_("house rules"), blank=True, **bounded(MEDIUM_TEXT))
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_rooms",
        verbose_name=_("manager"),
        help_text=_("Approves the requests that need it. Staff may always act too."),
    )
    partner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_rooms",
        verbose_name=_("partner association"),
        help_text=_("Its members book in the partner association's hours."),
    )
    min_minutes = models.PositiveSmallIntegerField(_("minimum duration (minutes)"), default=30)
    max_minutes = models.PositiveSmallIntegerField(_("maximum duration (minutes)"), default=240)
    horizon_days = models.PositiveSmallIntegerField(_("booking horizon (days)"), default=180)
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer between bookings (minutes)"), default=15)
    monthly_quota = models.PositiveSmallIntegerField(
        _("bookings per household per month"), default=4, help_text=_("0 means no quota.")
    )

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["housing_project__name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def limits(self) -> policy.Limits:
        return policy.Limits(
            min_minutes=self.min_minutes,
            max_minutes=self.max_minutes,
            horizon_days=self.horizon_days,
            buffer_minutes=self.buffer_minutes,
            monthly_quota=self.monthly_quota,
        )


class RoomPhoto(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="photos", verbose_name=_("room"))
    image = models.ImageField(_("image"), upload_to="rooms/")
    alt_text = models.CharField(_("description for screen readers"), max_length=250)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class AvailabilityWindow(models.Model):
    """A weekly slot of a room open to one audience."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="windows", verbose_name=_("room"))
    audience = models.CharField(
        _("audience"), max_length=12, choices=[c for c in Audience.choices if c[0] != Audience.MANAGER]
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=[(i, label) for i, label in enumerate(policy.WEEKDAYS)]
    )
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    needs_approval = models.BooleanField(_("needs the manager's approval"), default=False)

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["weekday", "starts"]

    def __str__(self) -> str:
        return f"{self.room} {self.as_policy().label()}"

    def as_policy(self) -> policy.Window:
        return policy.Window(self.audience, self.weekday, self.starts, self.ends, self.needs_approval)


class Closure(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="closures", verbose_name=_("room"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["first_day"]

    def __str__(self) -> str:
        return f"{self.room} {self.first_day}–{self.last_day}"

    def as_policy(self) -> policy.Closure:
        return policy.Closure(self.first_day, self.last_day, self.reason)


class Booking(models.Model):
    """A request for a room: once, or a recurring series of occurrences."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("room"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_bookings", verbose_name=_("booked by")
    )
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="room_bookings", verbose_name=_("household")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="room_bookings", verbose_name=_("organisation")
    )
    audience = models.CharField(_("booked as"), max_length=12, choices=Audience.choices)
    title = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    recurrence = models.CharField(_("recurrence rule"), max_length=200, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True, **bounded(SHORT_TEXT))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    # "This date and the following ones" changed: the original series ends the
    # day before and this one continues it, so both histories stay readable.
    split_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="continuations", verbose_name=_("continues the series")
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


ACTIVE = (Booking.Status.PENDING, Booking.Status.CONFIRMED)


class Occurrence(models.Model):
    """One dated use of the room. A one-off booking has one; a series one per
    date. The database has the last word on the buffer rule
    (``policy.clashes``): two active occurrences of a room never come closer
    than its ``buffer_minutes``. On PostgreSQL an exclusion constraint over
    [starts_at, held_until), where ``held_until`` is a column the database
    alone writes (the end plus the room's buffer; migrations 0002 and 0004);
    on SQLite a trigger (migration 0004; a table rebuild by a later
    migration must create it again)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("booking"))
    # Copied from the booking so that the exclusion constraint sees it.
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("room"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=12, choices=Booking.Status.choices)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["room", "starts_at"], name="occurrence_room_start_idx")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="occurrence_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.booking.title} {format_moment(self.starts_at, length='medium')}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class WaitingEntry(models.Model):
    """Someone waiting for a taken slot; offered it if it comes free."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="waiting_entries", verbose_name=_("room"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_waiting_entries", verbose_name=_("member")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.room} {format_moment(self.starts_at, length='medium')} {self.user}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The private key of a person's calendar feeds; reset makes old links fail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("member")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return str(self.user)


class Activity(TranslatableContent):
    """What residents and associations run in the room, tied to a booking."""

    class Kind(models.TextChoices):
        KITCHEN = "kitchen", _("Neighbourhood kitchen")
        BICYCLE = "bicycle", _("Bicycle lessons")
        COMPUTER = "computer", _("Computer class")
        CONVERSATION = "conversation", _("Conversation table")
        HOMEWORK = "homework", _("Homework club")
        SALE = "sale", _("Second-hand sale")
        OTHER = "other", _("Other activity")

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="activity", verbose_name=_("booking"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, **bounded(MEDIUM_TEXT))
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Public activities appear in the agenda; others only for members.")
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=0, help_text=_("0 means no registration."))
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organised_activities", verbose_name=_("organiser")
    )
    # Its places, through the one registration service of the base. A booking
    # split in two continues as a second activity holding the same places.
    gathering = models.ForeignKey(
        "community.Gathering", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="activities", verbose_name=_("places"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_registration(self) -> bool:
        return self.capacity > 0

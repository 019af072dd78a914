"""Governance bodies and who sits in them, with which weight, between dates."""

from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from socle_site.kernel.text_limits import MEDIUM_TEXT, bounded

from community.models import College


def body_kinds() -> list[tuple[str, str]]:
    """The kinds of body: the base's, then those the features registered with their rule set."""
    from ..rulesets import registered_kinds

    return [*Body.Kind.choices, *registered_kinds()]


class Body(models.Model):
    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
        BOARD = "board", _("Board")
        # A feature adds its own kinds with their rule set (``rulesets.register_rule_set``).

    class ProxyHolders(models.TextChoices):
        ANY_MEMBER = "any_member", _("Any member of the body")
        SAME_COLLEGE = "same_college", _("A member of the same college")
        NOBODY = "nobody", _("No proxies")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=body_kinds, default=Kind.GENERAL_ASSEMBLY)
    description = models.TextField(_("description"), blank=True, **bounded(MEDIUM_TEXT))
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=15, help_text=_("Convocations go out at least this many days before a meeting.")
    )
    quorum_share = models.DecimalField(
        _("quorum (share of the votes present or represented)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("For example 0.5 for half. Co-owners' meetings use the legal double quorum instead."),
    )
    quorum_per_college = models.BooleanField(_("quorum in every college"), default=False)
    max_proxies_per_holder = models.PositiveSmallIntegerField(_("proxies a member may hold"), default=1)
    proxy_holders = models.CharField(
        _("who may hold a proxy"), max_length=20, choices=ProxyHolders.choices, default=ProxyHolders.ANY_MEMBER
    )
    secret_ballot_minimum = models.PositiveSmallIntegerField(
        _("fewest voters for a secret vote"), default=10, validators=[MinValueValidator(2)],
        help_text=_(
            "With fewer voters present or represented, a secret result can reveal who chose what: "
            "the chair is warned before opening, and a co-owners' meeting refuses to open the vote."
        ),
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="governance_bodies_as_secretary",
        verbose_name=_("secretaries"),
        help_text=_("Besides staff, they prepare and run this body's meetings."),
    )

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum_share)

    @property
    def rule_set(self):
        from ..rulesets import rule_set_for

        return rule_set_for(self)


class BodyMembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(active_from__lte=day).filter(Q(active_until__isnull=True) | Q(active_until__gte=day))


class BodyMembership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships", verbose_name=_("member")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("college")
    )
    weight = models.PositiveIntegerField(
        _("votes"), default=1, help_text=_("1 in the general assembly; the lot's shares in a co-owners' meeting.")
    )
    may_hold_proxies = models.BooleanField(
        _("may hold proxies"), default=True, help_text=_("Off for the syndic of a co-ownership (Civil Code art. 3.87 §7).")
    )
    active_from = models.DateField(_("member from"), default=timezone.localdate)
    active_until = models.DateField(_("member until"), null=True, blank=True)

    objects = BodyMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        ordering = ["body", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"], condition=Q(active_until__isnull=True), name="one_open_membership_per_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.body}"

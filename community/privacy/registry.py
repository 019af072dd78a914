"""The record of processing (GDPR art. 30), written in code.

Each app declares, in its own ``privacy.py``, every model that holds personal
data::

    from community.privacy.registry import Category, LegalBasis, Retention, declare

    declare(
        Booking,
        purpose=_("Book the community rooms and tell the household about it"),
        legal_basis=LegalBasis.CONTRACT,
        categories=[Category.IDENTITY, Category.PARTICIPATION],
        visible_to=_("the person, the room's manager and the staff"),
        retention=Retention(_("Two years after the booking"), expired=lambda now: ...),
        subject=["booked_by"],
    )

The administration, the public privacy page, the retention job, "my data"
exports and erasure all read this one record, so they cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (GDPR art. 6.1.a)")
    CONTRACT = "contract", _("Contract or steps before a contract (GDPR art. 6.1.b)")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR art. 6.1.c)")
    PUBLIC_INTEREST = "public_interest", _("Task in the public interest (GDPR art. 6.1.e; Brussels Housing Code art. 166/1)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (GDPR art. 6.1.f)")


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity (name)")
    CONTACT = "contact", _("Contact details (e-mail, phone, address)")
    ACCOUNT = "account", _("Account and security data")
    HOUSEHOLD = "household", _("Household composition")
    NATIONAL_NUMBER = "national_number", _("National register number")
    INCOME = "income", _("Incomes and property")
    DISABILITY = "disability", _("Recognised disability or accessibility needs")
    HOUSING = "housing", _("Housing situation, rents and charges")
    DISPUTES = "disputes", _("Disputes and arrears")
    PARTICIPATION = "participation", _("Participation (bookings, votes, messages, registrations)")
    IMAGE = "image", _("Pictures and testimonials")
    TECHNICAL = "technical", _("Technical logs")


# Categories that GDPR art. 9 or the Housing Code treat as sensitive: who
# reads them is logged and they are encrypted at rest.
SENSITIVE_CATEGORIES = {Category.NATIONAL_NUMBER, Category.INCOME, Category.DISABILITY, Category.DISPUTES}


@dataclass(frozen=True)
class Retention:
    """How long rows are kept. ``expired(now)`` returns the queryset of rows
    past their retention that still hold personal data (so running twice does
    nothing more); ``anonymise(queryset)`` takes the person out and keeps the
    row (votes, minutes, forum posts), otherwise the rows are deleted, by
    ``delete(queryset)`` when more than the rows must go (their files)."""

    rule: str | Promise
    expired: Callable[[datetime], models.QuerySet] | None = None
    anonymise: Callable[[models.QuerySet], int] | None = None
    delete: Callable[[models.QuerySet], int] | None = None


@dataclass(frozen=True)
class Hold:
    """Why a person's data cannot be erased yet, and when it will be."""

    rule: str | Promise
    until: date | None


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    purpose: str | Promise
    legal_basis: str
    categories: tuple[str, ...]
    visible_to: str | Promise
    retention: Retention
    sensitive_fields: tuple[str, ...] = ()
    # Lookups from the model to the person the row is about (``user``,
    # ``household__members__user``): exports and erasure follow them.
    subject: tuple[str, ...] = ()
    # Fields never exported (secrets, binary blobs).
    not_exported: tuple[str, ...] = ()
    # What erasure does to the person's rows: "delete" or a callable taking
    # (queryset, user) that anonymises them.
    on_erasure: str | Callable[[models.QuerySet, Any], Any] = "delete"
    # Legal reasons to keep the person's rows for now: (user, today) -> Hold | None.
    hold: Callable[[Any, date], Hold | None] | None = None
    public: bool = True

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def is_sensitive(self) -> bool:
        return bool(self.sensitive_fields) or bool(SENSITIVE_CATEGORIES & set(self.categories))

    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories]

    def legal_basis_label(self) -> str:
        return str(LegalBasis(self.legal_basis).label)

    def rows_of(self, user) -> models.QuerySet:
        query = models.Q()
        for lookup in self.subject:
            query |= models.Q(**{lookup: user.pk if lookup == "pk" else user})
        return self.model._default_manager.filter(query).distinct() if self.subject else self.model._default_manager.none()


_record: dict[str, Declaration] = {}


def declare(
    model: type[models.Model],
    *,
    purpose: str | Promise,
    legal_basis: str,
    categories: Sequence[str],
    visible_to: str | Promise,
    retention: Retention,
    sensitive_fields: Sequence[str] = (),
    subject: Sequence[str] = (),
    not_exported: Sequence[str] = (),
    on_erasure: str | Callable = "delete",
    hold: Callable | None = None,
    public: bool = True,
) -> Declaration:
    """Declare a model holding personal data. Declaring it again replaces the
    earlier declaration (module reloads in tests)."""
    if legal_basis not in LegalBasis.values:
        raise ValueError(f"{model._meta.label}: unknown legal basis {legal_basis!r}")
    unknown = [c for c in categories if c not in Category.values]
    if unknown or not categories:
        raise ValueError(f"{model._meta.label}: categories must be chosen from Category, got {list(categories)!r}")
    names = {f.name for f in model._meta.get_fields()}
    missing = [f for f in (*sensitive_fields, *not_exported) if f not in names]
    if missing:
        raise ValueError(f"{model._meta.label}: no field named {missing!r}")
    declaration = Declaration(
        model=model,
        purpose=purpose,
        legal_basis=legal_basis,
        categories=tuple(categories),
        visible_to=visible_to,
        retention=retention,
        sensitive_fields=tuple(sensitive_fields),
        subject=tuple(subject),
        not_exported=tuple(not_exported),
        on_erasure=on_erasure,
        hold=hold,
        public=public,
    )
    _record[declaration.label] = declaration
    return declaration


def declarations() -> list[Declaration]:
    return sorted(_record.values(), key=lambda d: d.label)


def declaration_for(model: type[models.Model]) -> Declaration | None:
    return _record.get(model._meta.label)


# --- What counts as a personal model (the completeness test) -------------------
PERSONAL_FIELD_NAMES = re.compile(
    r"(^|_)(name|first_name|last_name|full_name|email|e_mail|phone|telephone|address|income|"
    r"national_number|birth|birth_date|birth_year|date_of_birth|iban)($|_)"
)
# Names that match the pattern above but hold no personal data.
NOT_PERSONAL_FIELD_NAMES = {"name", "filename", "file_name", "site_name", "slug", "old_path", "email_frequency"}


def _base_name(name: str) -> str:
    """``name_fr`` (a modeltranslation copy) is judged as ``name``."""
    for code, _label in settings.LANGUAGES:
        if name.endswith(f"_{code}"):
            return name[: -len(code) - 1]
    return name


def personal_fields(model: type[models.Model]) -> list[str]:
    """The fields that make a model personal: a link to the person or the
    household, or a field named like a name, e-mail, phone, address, income,
    national number or birth date (a bare ``name`` counts only next to other
    personal fields, since projects, rooms and colleges have names too)."""
    from community.models import Household

    found = []
    person_models = {settings.AUTH_USER_MODEL.lower(), Household._meta.label_lower}
    for f in model._meta.get_fields():
        # Fields inherited from a concrete parent (Wagtail's Page) belong to
        # the parent's declaration.
        if not getattr(f, "concrete", False) or getattr(f, "model", model) is not model:
            continue
        if f.is_relation and f.related_model is not None and f.related_model._meta.label_lower in person_models:
            found.append(f.name)
        elif not f.is_relation and _base_name(f.name) not in NOT_PERSONAL_FIELD_NAMES and PERSONAL_FIELD_NAMES.search(_base_name(f.name)):
            found.append(f.name)
    return found


_not_personal: dict[str, str | Promise] = {}


def declare_not_personal(model: type[models.Model], *, reason: str | Promise) -> None:
    """A model whose fields look personal but are not (a housing project's
    address is a building's). The reason is shown in the administration."""
    _not_personal[model._meta.label] = reason


def not_personal() -> dict[str, str | Promise]:
    return dict(_not_personal)


def undeclared_personal_models() -> list[tuple[type[models.Model], list[str]]]:
    from django.apps import apps

    missing = []
    for model in apps.get_models():
        if model._meta.proxy or declaration_for(model) is not None or model._meta.label in _not_personal:
            continue
        fields = personal_fields(model)
        if fields:
            missing.append((model, fields))
    return missing

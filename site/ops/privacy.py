from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import Category, LegalBasis, Retention, declare

from .models import Bounce

BOUNCES_KEPT = timedelta(days=365)

declare(
    Bounce,
    purpose=_("Know which e-mail addresses no longer receive our messages"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.CONTACT, Category.TECHNICAL],
    visible_to=_("the staff"),
    retention=Retention(_("One year, then deleted"), expired=rr.rows_older_than(Bounce, "occurred_at", BOUNCES_KEPT)),
    subject=["user"],
)

"""The public website's entries in the record of processing, and what
withdrawing a testimonial or photo consent does: the testimonial comes off
the site in every language and the cached pages are dropped."""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from community.privacy import retention_rules as rr
from community.privacy.consents import ConsentPurpose, register_purpose
from community.privacy.registry import Category, LegalBasis, Retention, declare

from . import page_cache
from .models import ResourceOrder, TestimonialPage

ORDERS_KEPT = timedelta(days=365)

declare(
    Page,
    purpose=_("Know who wrote and who owns each page of the website"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY],
    visible_to=_("the editors and the staff"),
    retention=Retention(_("As long as the page exists; the author is anonymised on erasure")),
    subject=["owner", "locked_by"],
    on_erasure=rr.null_out("owner", "locked_by"),
    public=False,
)
declare(
    TestimonialPage,
    purpose=_("Publish residents' testimonials, with their consent"),
    legal_basis=LegalBasis.CONSENT,
    categories=[Category.IDENTITY, Category.IMAGE],
    visible_to=_("everyone, while the consent lasts"),
    retention=Retention(_("Until the person withdraws their consent: the testimonial is then unpublished at once")),
)
declare(
    ResourceOrder,
    purpose=_("Send the printed copies ordered"),
    legal_basis=LegalBasis.CONTRACT,
    categories=[Category.IDENTITY, Category.CONTACT],
    visible_to=_("the staff"),
    retention=Retention(_("One year, then deleted"), expired=rr.rows_older_than(ResourceOrder, "created_at", ORDERS_KEPT)),
)


def _testimonial_pages(consent):
    page = consent.target
    if not isinstance(page, Page):
        return []
    return list(Page.objects.filter(translation_key=page.translation_key).specific())


def unpublish_testimonial(consent) -> None:
    for page in _testimonial_pages(consent):
        if page.live:
            page.unpublish(log_action=True)
    transaction.on_commit(page_cache.invalidate)


def remove_portrait(consent) -> None:
    for page in _testimonial_pages(consent):
        if getattr(page, "portrait_id", None):
            page.portrait = None
            page.portrait_alt = ""
            revision = page.save_revision(log_action=True)
            if page.live:
                revision.publish()
    transaction.on_commit(page_cache.invalidate)


register_purpose(
    ConsentPurpose(
        key="testimonial_publication",
        label=_("Publication of my testimonial on the website"),
        text_version="v2",
        text=_("I agree that the CLT publishes my testimonial on its website, under the name I chose, until I withdraw this consent."),
        on_withdraw=unpublish_testimonial,
        self_service=False,
    )
)
register_purpose(
    ConsentPurpose(
        key="photo_publication",
        label=_("Publication of my photo on the website"),
        text_version="v1",
        text=_("I agree that the CLT publishes my photo with my testimonial, until I withdraw this consent."),
        on_withdraw=remove_portrait,
        self_service=False,
    )
)
register_purpose(
    ConsentPurpose(
        key="newsletter",
        label=_("The CLT's newsletter by e-mail"),
        text_version="v1",
        text=_("I agree to receive the CLT's newsletter by e-mail, at most once a month, until I withdraw this consent."),
    )
)

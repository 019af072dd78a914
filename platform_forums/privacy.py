"""Platforms' forums and meetings in the record of processing. A post
outlives its author's account: it then reads "former member"."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from community.privacy import retention_rules as rr
from community.privacy.registry import Category, LegalBasis, Retention, declare

from .models import (
    AgendaItem,
    Opinion,
    OpinionComment,
    OpinionFollowUp,
    OpinionRevision,
    Post,
    PostFlag,
    Practice,
    SubCommissionMember,
    Thread,
    ThreadReadMark,
)

PLATFORM_MEMBERS = _("the platform's member organisations and the staff")

declare(
    Thread,
    purpose=_("Discuss in the platforms' forums"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=PLATFORM_MEMBERS,
    retention=Retention(_("As long as the forum; the author is anonymised on erasure")),
    subject=["author"],
    on_erasure=rr.null_out("author"),
)
declare(
    Post,
    purpose=_("Discuss in the platforms' forums"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=PLATFORM_MEMBERS,
    retention=Retention(_("As long as the forum; the author is anonymised on erasure (the post reads \"former member\")")),
    subject=["author"],
    on_erasure=rr.null_out("author"),
)
declare(
    PostFlag,
    purpose=_("Let members report a post to the moderators"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=_("the moderators"),
    retention=Retention(_("One year after it was resolved, then deleted"), expired=rr.rows_older_than(PostFlag, "resolved_at", timedelta(days=365))),
    subject=["flagged_by"],
)
declare(
    ThreadReadMark,
    purpose=_("Show which threads have new posts for the member"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.TECHNICAL],
    visible_to=_("the person only"),
    retention=Retention(_("One year after the last reading, then deleted"), expired=rr.rows_older_than(ThreadReadMark, "read_at", timedelta(days=365))),
    subject=["user"],
)
declare(
    AgendaItem,
    purpose=_("Let members propose items for the platforms' meetings"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=PLATFORM_MEMBERS,
    retention=Retention(_("With the meeting's minutes; the author is anonymised on erasure")),
    subject=["proposed_by"],
    on_erasure=rr.null_out("proposed_by"),
)
declare(
    SubCommissionMember,
    purpose=_("Know who works in each sub-commission of a platform"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.IDENTITY, Category.PARTICIPATION],
    visible_to=PLATFORM_MEMBERS,
    retention=Retention(
        _("Five years after the person left the sub-commission, then deleted"),
        expired=rr.rows_older_than(SubCommissionMember, "left_at", rr.AFTER_LEAVING),
    ),
    subject=["user"],
)
for _model, _fields in [
    (Opinion, ("created_by", "approved_by")),
    (OpinionRevision, ("author",)),
    (OpinionComment, ("author",)),
    (OpinionFollowUp, ("recorded_by",)),
]:
    declare(
        _model,
        purpose=_("Write the platforms' opinions together and follow what became of them"),
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        categories=[Category.PARTICIPATION],
        visible_to=PLATFORM_MEMBERS,
        retention=Retention(_("As long as the platform's opinions are kept; the author is anonymised on erasure")),
        subject=list(_fields),
        on_erasure=rr.null_out(*_fields),
    )
declare(
    Practice,
    purpose=_("Share good practices between the platforms' members"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=[Category.PARTICIPATION],
    visible_to=_("the platforms' members, or everyone for public practices"),
    retention=Retention(_("As long as the practice is shared; the author is anonymised on erasure")),
    subject=["created_by"],
    on_erasure=rr.null_out("created_by"),
)
del _model, _fields

"""Writes of opinions to decision-makers and of the catalogue of good
practices. Same rules as services.py: keyword-only, one transaction,
refusals translated, notifications after commit, governance writes audited."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import User
from community.notification_messages import text_of
from community.services.audit import record_audit
from community.services.notifications import notify

from .errors import ForumRefusal
from .meetings import platform_people
from .models import (
    Meeting,
    Opinion,
    OpinionComment,
    OpinionFollowUp,
    OpinionRevision,
    Platform,
    PlatformRole,
    Practice,
)
from .predicates import platform_roles_of
from .rules_opinions import may_publish_on, who_may_approve
from .text import render_post

TITLE_MAX = 200
TEXT_MAX = 50_000


def _clean_text(text: str, empty: str) -> str:
    if len(text) > TEXT_MAX:
        raise ForumRefusal(_("The text is too long (at most 50,000 characters)."))
    html = render_post(text) if text.strip() else ""
    if not html.strip():
        raise ForumRefusal(empty)
    return html


def _clean_line(value: str, empty: str, limit: int = TITLE_MAX) -> str:
    value = value.strip()
    if not value:
        raise ForumRefusal(empty)
    if len(value) > limit:
        raise ForumRefusal(_("A field is too long (at most %(n)s characters).") % {"n": limit})
    return value


def draft_opinion(
    *, acting_user: User, platform: Platform, title: str, addressee: str, text: str
) -> Opinion:
    if not acting_user.has_perm("platform_forums.draft_opinion", platform):
        raise ForumRefusal(_("Only the platform's members may draft an opinion."))
    title = _clean_line(title, _("Give the opinion a title."))
    addressee = _clean_line(addressee, _("Say to whom the opinion is addressed."))
    html = _clean_text(text, _("Write the text of the opinion."))
    with transaction.atomic():
        now = timezone.now()
        opinion = Opinion.objects.create(
            platform=platform,
            title=title,
            addressee=addressee,
            body_html=html,
            created_by=acting_user,
            created_at=now,
            updated_at=now,
        )
        OpinionRevision.objects.create(
            opinion=opinion, body_html=html, author=acting_user, created_at=now
        )
        record_audit(actor=acting_user, action="platform.opinion_drafted", target=opinion)
        notify(
            [p for p in platform_people(platform) if p.pk != acting_user.pk],
            category="platform",
            title=gettext_lazy("New draft opinion to discuss: %(title)s"),
            body=gettext_lazy("Read it, comment and improve it before the platform approves it."),
            url=lambda: reverse("platform_forums:opinion", args=[opinion.pk]),
            params={"title": text_of(opinion, "title")},
        )
    return opinion


def revise_opinion(
    *, acting_user: User, opinion: Opinion, title: str, addressee: str, text: str
) -> Opinion:
    """Any member improves the draft; each version is kept with its author."""
    if not acting_user.has_perm("platform_forums.edit_opinion", opinion):
        if opinion.is_published:
            raise ForumRefusal(_("This opinion is published: its text can no longer change."))
        raise ForumRefusal(_("Only the platform's members may revise this draft."))
    title = _clean_line(title, _("Give the opinion a title."))
    addressee = _clean_line(addressee, _("Say to whom the opinion is addressed."))
    html = _clean_text(text, _("Write the text of the opinion."))
    with transaction.atomic():
        opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if opinion.is_published:
            raise ForumRefusal(_("This opinion is published: its text can no longer change."))
        now = timezone.now()
        opinion.title, opinion.addressee, opinion.body_html, opinion.updated_at = (
            title,
            addressee,
            html,
            now,
        )
        opinion.save(update_fields=["title", "addressee", "body_html", "updated_at"])
        OpinionRevision.objects.create(
            opinion=opinion, body_html=html, author=acting_user, created_at=now
        )
    return opinion


def comment_opinion(*, acting_user: User, opinion: Opinion, text: str) -> OpinionComment:
    if not acting_user.has_perm("platform_forums.comment_opinion", opinion):
        raise ForumRefusal(_("Only the platform's members may comment on this opinion."))
    if len(text) > 5_000:
        raise ForumRefusal(_("The comment is too long (at most 5,000 characters)."))
    html = _clean_text(text, _("Write a comment first."))
    with transaction.atomic():
        return OpinionComment.objects.create(opinion=opinion, author=acting_user, body_html=html)


def approve_opinion(
    *,
    acting_user: User,
    opinion: Opinion,
    sent_on: datetime.date,
    meeting: Meeting | None = None,
) -> Opinion:
    """The platform approves the opinion and it is published on the public
    page with the date it was sent and its addressee."""
    roles = platform_roles_of(acting_user).get(opinion.platform_id, frozenset())
    if meeting is not None and (
        meeting.platform_id != opinion.platform_id or meeting.minutes_recorded_at is None
    ):
        raise ForumRefusal(
            _("Cite a meeting of this platform whose minutes are recorded.")
        )
    if not acting_user.has_perm("platform_forums.approve_opinion", opinion) or not who_may_approve(
        is_pilot=PlatformRole.PILOT in roles,
        leads=bool(roles & {PlatformRole.PILOT, PlatformRole.SECRETARIAT}),
        decided_in_meeting=meeting is not None,
    ):
        if opinion.is_published:
            raise ForumRefusal(_("This opinion is already published."))
        raise ForumRefusal(
            _(
                "Only the pilot approves an opinion, or the secretariat citing the meeting that decided it."
            )
        )
    if sent_on is None or not may_publish_on(sent_on, timezone.localdate()):
        raise ForumRefusal(_("Give the date the opinion was sent (today or earlier)."))
    with transaction.atomic():
        opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if opinion.is_published:
            raise ForumRefusal(_("This opinion is already published."))
        opinion.status = Opinion.Status.PUBLISHED
        opinion.approved_by = acting_user
        opinion.approved_in = meeting
        opinion.published_on = sent_on
        opinion.save(update_fields=["status", "approved_by", "approved_in", "published_on"])
        record_audit(
            actor=acting_user,
            action="platform.opinion_approved",
            target=opinion,
            meeting=meeting.pk if meeting else None,
            sent_on=sent_on.isoformat(),
        )
        notify(
            platform_people(opinion.platform),
            category="platform",
            title=gettext_lazy("Opinion approved and published: %(title)s"),
            url=lambda: reverse("platform_forums:opinion", args=[opinion.pk]),
            params={"title": text_of(opinion, "title")},
        )
    return opinion


def record_follow_up(
    *,
    acting_user: User,
    opinion: Opinion,
    kind: str,
    happened_on: datetime.date | None,
    note: str = "",
) -> OpinionFollowUp:
    if not acting_user.has_perm("platform_forums.follow_up_opinion", opinion):
        if not opinion.is_published:
            raise ForumRefusal(_("An opinion is followed up once it is published."))
        raise ForumRefusal(_("Only the platform's pilot or secretariat may do this."))
    if kind not in OpinionFollowUp.Kind.values:
        raise ForumRefusal(_("Choose what became of the opinion."))
    if happened_on is None or happened_on > timezone.localdate():
        raise ForumRefusal(_("Give the date of the follow-up (today or earlier)."))
    if opinion.published_on and happened_on < opinion.published_on:
        raise ForumRefusal(_("A follow-up cannot be dated before the opinion was sent."))
    with transaction.atomic():
        entry = OpinionFollowUp.objects.create(
            opinion=opinion,
            kind=kind,
            happened_on=happened_on,
            note=note.strip()[:500],
            recorded_by=acting_user,
        )
        record_audit(
            actor=acting_user, action="platform.opinion_follow_up", target=opinion, kind=kind
        )
    return entry


def add_practice(
    *,
    acting_user: User | None,
    platform: Platform,
    kind: str,
    title: str,
    theme: str,
    summary: str,
    text: str = "",
    place: str = "",
    is_public: bool = False,
) -> Practice:
    """A member adds a good practice or an innovative project to the catalogue
    (acting_user None: set up by the CLT, as in the demo)."""
    if acting_user is not None and not acting_user.has_perm(
        "platform_forums.add_practice", platform
    ):
        raise ForumRefusal(_("Only the platform's members may add to its catalogue."))
    practice = Practice(platform=platform, created_by=acting_user)
    _fill_practice(practice, kind, title, theme, summary, text, place, is_public)
    with transaction.atomic():
        practice.save()
        record_audit(actor=acting_user, action="platform.practice_added", target=practice)
    return practice


def update_practice(
    *,
    acting_user: User,
    practice: Practice,
    kind: str,
    title: str,
    theme: str,
    summary: str,
    text: str = "",
    place: str = "",
    is_public: bool = False,
) -> Practice:
    if not acting_user.has_perm("platform_forums.edit_practice", practice):
        raise ForumRefusal(
            _("Only who added it, or the platform's pilot or secretariat, may change it.")
        )
    _fill_practice(practice, kind, title, theme, summary, text, place, is_public)
    with transaction.atomic():
        practice.save()
        record_audit(
            actor=acting_user,
            action="platform.practice_updated",
            target=practice,
            is_public=practice.is_public,
        )
    return practice


def _fill_practice(practice, kind, title, theme, summary, text, place, is_public) -> None:
    if kind not in Practice.Kind.values:
        raise ForumRefusal(_("Choose a good practice or an innovative project."))
    practice.kind = kind
    practice.title = _clean_line(title, _("Give it a title."))
    practice.theme = _clean_line(theme, _("Choose a theme."), limit=100)
    practice.summary = _clean_line(summary, _("Write a short summary."), limit=400)
    practice.place = place.strip()[:200]
    practice.body_html = render_post(text) if text.strip() else ""
    if len(text) > TEXT_MAX:
        raise ForumRefusal(_("The text is too long (at most 50,000 characters)."))
    practice.is_public = bool(is_public)

"""Inviting imported members to set their password (issue 23).

An import never carries a password: each imported member with an e-mail
address has an account without a usable password and an ``Invitation``. Staff
send the invitations when they choose, as a separate step: the batch goes
through django-q2 at most ``PER_MINUTE`` e-mails a minute (the mail server's
and the recipients' providers' limits), and one person is not invited again
within ``AGAIN_AFTER``. Each e-mail is in the member's language and carries a
link made with allauth's password-reset key (the one machinery the project
uses for "forgotten password"): it is valid until the password changes or a
login happens, so it works once. Following it, the person sets a password, their
address is thereby confirmed, and they are logged in."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.utils import url_str_to_user_pk, user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task, schedule
from socle_site.kernel.identity import site_identity
from socle_site.kernel.identity import subject as site_subject

from community.exceptions import CommunityError
from community.models import Invitation, User
from community.services.audit import record_audit

PERM = "community.manage_people"
# The mail server's limits: a batch is sent at this pace, the rest a minute later.
PER_MINUTE = getattr(settings, "SOCLE_INVITATIONS_PER_MINUTE", 30)
# One person is not invited twice within this time (a reminder, not a flood).
AGAIN_AFTER = timedelta(days=3)


class InvitationRefusal(CommunityError):
    pass


# Who knows which addresses bounce: the operations app records the mail
# server's delivery reports (socle_site.ops.bounces) and registers itself here
# when it loads; the base names it not (STYLE 18).
_bounce_sources: list = []


def register_bounce_source(source) -> None:
    """``source(addresses) -> {address: reason}`` for those that bounced."""
    _bounce_sources.append(source)


def bounces(addresses: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for source in _bounce_sources:
        found.update(source(addresses))
    return found


def pending() -> QuerySet[Invitation]:
    """Imported accounts never activated: no password set, never logged in."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True, user__last_login__isnull=True, user__is_active=True,
                                  user__email__isnull=False)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def may_invite_again(invitation: Invitation, now) -> bool:
    """Whether staff may (re)send it now: never sent, or sent longer ago than AGAIN_AFTER."""
    last = invitation.queued_at or invitation.sent_at
    return last is None or last <= now - AGAIN_AFTER


def invite_members(*, acting_user: User, invitation_ids: list[int] | None = None) -> int:
    """Queue the invitations chosen (all that may be sent when ``None``);
    returns how many go out. The e-mails leave through django-q2."""
    if acting_user is None or not acting_user.has_perm(PERM):
        raise InvitationRefusal(_("Only the staff invite imported members."))
    now = timezone.now()
    with transaction.atomic():
        chosen = pending().select_for_update(of=("self",))
        if invitation_ids is not None:
            chosen = chosen.filter(pk__in=invitation_ids)
        ready = [invitation.pk for invitation in chosen if may_invite_again(invitation, now)]
        if not ready:
            raise InvitationRefusal(_(
                "Nobody to invite: these members were invited less than three days ago, or have already set their password."
            ))
        Invitation.objects.filter(pk__in=ready).update(queued_at=now)
        record_audit(actor=acting_user, action="community.invitations.queued", count=len(ready))
        transaction.on_commit(lambda: async_task("community.services.invitations.send_invitations", ready))
    return len(ready)


def send_invitations(invitation_ids: list[int]) -> int:
    """Task: send PER_MINUTE invitations now and schedule the rest a minute
    later. A failure is recorded on the invitation, for staff to follow up."""
    now, batch, rest = timezone.now(), invitation_ids[:PER_MINUTE], invitation_ids[PER_MINUTE:]
    if rest:
        schedule(
            "community.services.invitations.send_invitations", rest, name=f"invitations-{now.timestamp()}-{rest[0]}",
            schedule_type="O", next_run=now + timedelta(minutes=1),
        )
    sent = 0
    for invitation in Invitation.objects.filter(pk__in=batch, accepted_at__isnull=True).select_related("user"):
        try:
            invitation_email(invitation.user).send()
        except Exception as error:  # noqa: BLE001 - any failure of the mail server is recorded for staff
            invitation.failed_at, invitation.failure = timezone.now(), str(error)[:300]
            invitation.save(update_fields=["failed_at", "failure"])
            continue
        invitation.sent_at, invitation.times_sent = timezone.now(), invitation.times_sent + 1
        invitation.failed_at, invitation.failure = None, ""
        invitation.save(update_fields=["sent_at", "times_sent", "failed_at", "failure"])
        sent += 1
    return sent


def invitation_link(user: User) -> str:
    """The set-password page in the member's language, with allauth's key."""
    with translation.override(user.language):
        path = reverse("community:account_welcome", args=[user_pk_to_url_str(user), default_token_generator.make_token(user)])
    return f"{site_identity().base_url}{path}"


def invitation_email(user: User) -> EmailMultiAlternatives:
    with translation.override(user.language):
        context = {"user": user, "link": invitation_link(user), "site": site_identity()}
        message = EmailMultiAlternatives(
            subject=site_subject(_("Your account is ready: choose your password")),
            body=render_to_string("community/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        )
        message.attach_alternative(render_to_string("community/email/invitation.html", context), "text/html")
    return message


def invited_user(uidb36: str, key: str) -> User | None:
    """The member an invitation link is for, while its key is valid."""
    try:
        user = User.objects.get(pk=url_str_to_user_pk(uidb36), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, key) else None


def accept_invitation(*, user: User, password: str) -> User:
    """The member chose their password: it is set, their address is confirmed
    (the link reached it), the invitation is accepted."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
        Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now())
        record_audit(actor=user, action="community.invitation.accepted", target=user)
    return user

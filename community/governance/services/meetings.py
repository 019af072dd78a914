"""Preparing, convening and running meetings; replies, attendance and proxies."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel import formatting
from socle_site.kernel.sanitise import sanitise_html

from community.meetings import rules as meeting_rules
from community.meetings.convocation import send_notice
from community.models import MeetingReply, User
from community.notification_messages import text_of
from community.services import meeting_replies
from community.services.audit import record_audit
from community.services.notifications import notify

from .. import live, paper, selectors
from ..engine.proxies import ProxyProblem
from ..errors import GovernanceRefusal
from ..ical import meeting_event
from ..models import AgendaDocument, AgendaItem, Attendance, Body, Meeting, Proxy, Question
from ..rulesets import body_rules

BRUSSELS = timezone.get_default_timezone()
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf", "image/png", "image/jpeg", "text/plain", "application/vnd.oasis.opendocument.text"}
REMIND_BEFORE = timedelta(hours=48)


def _meeting_url(meeting: Meeting):
    return lambda: reverse("governance:meeting", args=[meeting.pk])


def _editable(meeting: Meeting) -> None:
    if meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        raise GovernanceRefusal(_("This meeting has started or ended: its agenda can no longer change."))


def create_meeting(
    *, body: Body, acting_user: User, title: str, starts_at: datetime, place: str = "", online_url: str = "",
    description: str = "", ends_at: datetime | None = None, chair: User | None = None,
    secretary: User | None = None, second_meeting_of: Meeting | None = None,
) -> Meeting:
    title = (title or "").strip()
    if not title:
        raise GovernanceRefusal(_("Give the meeting a title."))
    if not (place or "").strip() and not (online_url or "").strip():
        raise GovernanceRefusal(_("Say where the meeting takes place, or give its online link (or both)."))
    if ends_at is not None and ends_at <= starts_at:
        raise GovernanceRefusal(_("The meeting must end after it starts."))
    if second_meeting_of is not None and second_meeting_of.body_id != body.pk:
        raise GovernanceRefusal(_("A second meeting belongs to the same body as the first."))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body, title=title, starts_at=starts_at, ends_at=ends_at, place=(place or "").strip(),
            online_url=(online_url or "").strip(), description=sanitise_html(description or ""),
            chair=chair, secretary=secretary, second_meeting_of=second_meeting_of, created_by=acting_user,
        )
        record_audit(actor=acting_user, action="governance.meeting.created", target=meeting)
    return meeting


def add_agenda_item(*, meeting: Meeting, acting_user: User, title: str, kind: str = AgendaItem.Kind.INFORMATION,
                    description: str = "") -> AgendaItem:
    title = (title or "").strip()
    if not title:
        raise GovernanceRefusal(_("Give the agenda item a title."))
    if kind not in AgendaItem.Kind.values:
        raise GovernanceRefusal(_("Choose the kind of agenda item."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _editable(meeting)
        order = meeting_rules.next_position(meeting.agenda_items.aggregate(last=Max("order"))["last"])
        item = AgendaItem.objects.create(
            meeting=meeting, order=order, title=title, kind=kind, description=sanitise_html(description or "")
        )
        if meeting.status == Meeting.Status.CONVENED:
            record_audit(actor=acting_user, action="governance.agenda.amended", target=meeting, item=item.pk, title=title)
    return item


def attach_document(*, item: AgendaItem, acting_user: User, title: str, filename: str, content: bytes,
                    content_type: str) -> AgendaDocument:
    if content_type not in DOCUMENT_TYPES:
        raise GovernanceRefusal(_("Attach a PDF, an image (PNG or JPEG), a text or an OpenDocument file."))
    if not content:
        raise GovernanceRefusal(_("The file is empty."))
    if len(content) > MAX_DOCUMENT_BYTES:
        raise GovernanceRefusal(_("The file is larger than 10 MB."))
    with transaction.atomic():
        _editable(item.meeting)
        document = AgendaDocument.objects.create(
            item=item, title=(title or "").strip() or filename, filename=filename[:200],
            content_type=content_type, content=content, size=len(content),
        )
        record_audit(actor=acting_user, action="governance.document.attached", target=item.meeting, document=document.pk)
    return document


def convene_meeting(*, meeting: Meeting, acting_user: User, now: datetime | None = None) -> Meeting:
    """Send the convocation to every member of the body, in their language,
    with the agenda; refused when the notice period would not be respected."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if meeting.status != Meeting.Status.DRAFT:
            raise GovernanceRefusal(_("This meeting has already been convened."))
        body = meeting.body
        # The body's notice period (15 days by default; Civil Code art. 3.87 §3 for co-owners).
        if not meeting_rules.respects_notice(starts_at=meeting.starts_at, now=now, notice_days=body.notice_days):
            raise GovernanceRefusal(
                _("Too late to convene: members must be convened at least %(days)d days before the meeting (on %(date)s at the latest).")
                % {"days": body.notice_days, "date": formatting.moment(meeting_rules.latest_convocation(meeting.starts_at, body.notice_days))}
            )
        items = list(meeting.agenda_items.order_by("order", "pk").prefetch_related("documents"))
        if not items:
            raise GovernanceRefusal(_("Add the agenda before convening the meeting."))
        meeting.status = Meeting.Status.CONVENED
        meeting.convened_at = now
        meeting.save(update_fields=["status", "convened_at"])
        recipients, by_letter, letters = _convened(meeting)
        send_notice(
            recipients,
            not_by_email=by_letter,
            events=[meeting_event(meeting)],
            pk=meeting.pk,
            category="governance",
            title=gettext_lazy("Convocation: %(meeting)s on %(when)s"),
            body=gettext_lazy("%(body)s meets on %(when)s. Place: %(place)s\n\nAgenda:\n%(agenda)s\n\nThe documents, your reply and proxies are on the meeting's page."),
            url=_meeting_url(meeting),
            params={"meeting": text_of(meeting, "title"), "when": formatting.moment(meeting.starts_at), "body": text_of(body, "name"),
                    "place": meeting_rules.where(meeting.place, meeting.online_url),
                    "agenda": meeting_rules.agenda_text((item.title, [d.title for d in item.documents.all()]) for item in items)},
        )
        record_audit(actor=acting_user, action="governance.meeting.convened", target=meeting,
                     recipients=len(recipients) - len(by_letter), letters=letters)
    return meeting


def start_meeting(*, meeting: Meeting, acting_user: User) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.CONVENED:
            raise GovernanceRefusal(_("Only a convened meeting can start."))
        meeting.status = Meeting.Status.IN_PROGRESS
        meeting.started_at = timezone.now()
        meeting.save(update_fields=["status", "started_at"])
        record_audit(actor=acting_user, action="governance.meeting.started", target=meeting)
    return meeting


def close_meeting(*, meeting: Meeting, acting_user: User) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.IN_PROGRESS:
            raise GovernanceRefusal(_("Only a meeting in progress can be closed."))
        if meeting.questions.filter(status=Question.Status.OPEN).exists():
            raise GovernanceRefusal(_("Close the open votes before closing the meeting."))
        now = timezone.now()
        meeting.status = Meeting.Status.CLOSED
        meeting.closed_at = now
        meeting.save(update_fields=["status", "closed_at"])
        Attendance.objects.filter(meeting=meeting, checked_out_at__isnull=True).update(checked_out_at=now)
        record_audit(actor=acting_user, action="governance.meeting.closed", target=meeting)
    return meeting


REPLY_KIND = "assembly"


def convocation_of(meeting: Meeting):
    """The meeting's row in the meeting core, made at the first reply; its
    title and date follow the meeting."""
    # Under the meeting's row lock: two first replies at once make one row, not two.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk) if meeting.convocation_id is None else meeting
    convocation = meeting_replies.convocation_for(
        kind=REPLY_KIND, title=meeting.title, starts_at=meeting.starts_at, convocation=meeting.convocation
    )
    if meeting.convocation_id != convocation.pk:
        meeting.convocation = convocation
        Meeting.objects.filter(pk=meeting.pk).update(convocation=convocation)
    return convocation


def answer_rsvp(*, meeting: Meeting, acting_user: User, answer: str) -> MeetingReply:
    """A member says whether they will come, through the meeting core's one
    reply service (which refuses an answer assemblies do not offer)."""
    if not meeting_rules.replies_open(convened=meeting.status == Meeting.Status.CONVENED, starts_at=meeting.starts_at,
                                      now=timezone.now()):
        raise GovernanceRefusal(_("Replies are open only until the meeting starts."))
    if selectors.membership(meeting.body, acting_user) is None:
        raise GovernanceRefusal(_("Only members of %(body)s reply to its meetings.") % {"body": text_of(meeting.body, "name")})
    with transaction.atomic():
        return meeting_replies.reply(
            acting_user=acting_user, convocation=convocation_of(meeting), answer=answer, offered=Meeting.REPLY_ANSWERS
        )


def check_in(*, meeting: Meeting, member: User, acting_user: User, mode: str = Attendance.Mode.IN_PERSON) -> Attendance:
    """Record a member's arrival (in person or online). Their own vote
    comes back to them: a proxy they gave stops counting (DOMAIN.md §8)."""
    if mode not in Attendance.Mode.values:
        raise GovernanceRefusal(_("Choose in person or online."))
    if meeting.status not in (Meeting.Status.CONVENED, Meeting.Status.IN_PROGRESS):
        raise GovernanceRefusal(_("Check-in is open only on the day of a convened meeting."))
    if meeting.status == Meeting.Status.CONVENED and meeting.starts_at - timezone.now() > timedelta(hours=2):
        raise GovernanceRefusal(_("Check-in opens two hours before the meeting."))
    if selectors.membership(meeting.body, member) is None:
        raise GovernanceRefusal(_("%(name)s is not a member of %(body)s.") % {"name": member, "body": text_of(meeting.body, "name")})
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(meeting=meeting, member=member, mode=mode, checked_in_by=acting_user)
            record_audit(actor=acting_user, action="governance.attendance.checked_in", target=meeting, member=member.pk, mode=mode)
            live.presence_changed_in([meeting.pk])
    except IntegrityError:
        raise GovernanceRefusal(_("%(name)s is already checked in.") % {"name": member}) from None
    return attendance


def check_out(*, meeting: Meeting, member: User, acting_user: User) -> Attendance:
    with transaction.atomic():
        attendance = Attendance.objects.select_for_update().filter(meeting=meeting, member=member, checked_out_at__isnull=True).first()
        if attendance is None:
            raise GovernanceRefusal(_("%(name)s is not checked in.") % {"name": member})
        attendance.checked_out_at = timezone.now()
        attendance.save(update_fields=["checked_out_at"])
        record_audit(actor=acting_user, action="governance.attendance.checked_out", target=meeting, member=member.pk)
        live.presence_changed_in([meeting.pk])
    return attendance


PROXY_MESSAGES = {
    "started": gettext_lazy("Proxies are given before the meeting starts."),
    "self": gettext_lazy("You cannot give a proxy to yourself."),
    "outside": gettext_lazy("A proxy goes to another member of the same body."),
    # The body's own stored limit; a law's cap carries its own message (``engine.proxies.LegalProxyCap``).
    "limit": gettext_lazy("%(holder)s already holds as many proxies as this body allows: %(limit)d."),
    "college": gettext_lazy("In this body a proxy goes to a member of your own college."),
    "cannot_hold": gettext_lazy("%(holder)s may not hold proxies in this body."),
    "none": gettext_lazy("This body does not allow proxies."),
}


def give_proxy(*, meeting: Meeting, principal: User, holder: User, acting_user: User) -> Proxy:
    """``principal`` asks ``holder`` to vote for them at ``meeting``, within the body's rules."""
    if acting_user.pk != principal.pk:
        raise GovernanceRefusal(_("Only the member themself gives their proxy."))
    return store_proxy(meeting=meeting, principal=principal, holder=holder, acting_user=acting_user)


# A paper proxy is recorded by staff or a secretary: the refusals speak of the principal, not to them.
ON_PAPER_MESSAGES = {
    "started": gettext_lazy("Proxies are recorded before the meeting starts."),
    "self": gettext_lazy("A proxy cannot name its own giver as holder."),
    "college": gettext_lazy("In this body a proxy goes to a member of the principal's own college."),
    "already": gettext_lazy("%(principal)s has already given a proxy for this meeting: it must be withdrawn first."),
}


def store_proxy(*, meeting: Meeting, principal: User, holder: User, acting_user: User, paper: dict | None = None) -> Proxy:
    """The one place a proxy is checked and stored, given online by the
    principal (``give_proxy``) or on paper (``paper_proxies.record_paper_proxy``
    passes the scan's fields in ``paper``): the same rules and limits
    (``RuleSet.check_proxy``, ``engine.proxies.proxy_limit_reached``)."""
    texts = {**PROXY_MESSAGES, **(ON_PAPER_MESSAGES if paper else {})}
    with transaction.atomic():
        # The meeting's row lock serialises proxies of one meeting, so two
        # principals cannot both take a holder's last place.
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED, Meeting.Status.CLOSED):
            raise GovernanceRefusal(_("Proxies are given for a convened meeting only."))
        body = meeting.body
        members = selectors.members_of(body)
        proxies = selectors.active_proxies(meeting)
        if principal.pk in proxies:
            if paper:
                raise GovernanceRefusal(str(texts["already"]) % {"principal": principal})
            raise GovernanceRefusal(_("You have already given your proxy for this meeting: withdraw it first."))
        if holder.pk in proxies:
            raise GovernanceRefusal(_("%(holder)s has given their own proxy for this meeting.") % {"holder": holder})
        held = {p for p, h in proxies.items() if h == holder.pk}
        try:
            body.rule_set.check_proxy(
                body_rules(body), members, principal=principal.pk, holder=holder.pk, held=held,
                started=meeting.has_started,
            )
        except ProxyProblem as problem:
            limit = problem.limit
            message = limit.refusal if limit is not None and limit.refusal else texts[problem.code]
            raise GovernanceRefusal(
                str(message) % {"holder": holder, "limit": limit.proxies if limit is not None else 0}
            ) from None
        proxy = Proxy.objects.create(meeting=meeting, principal=principal, holder=holder, **(paper or {}))
        record_audit(actor=acting_user, action="governance.proxy.recorded_on_paper" if paper else "governance.proxy.given",
                     target=meeting, principal=principal.pk, holder=holder.pk)
        notify(
            [holder], category="governance",
            title=gettext_lazy("%(principal)s gives you their proxy for %(meeting)s"),
            body=gettext_lazy("You will vote for them on %(when)s, as long as you are checked in and they are not."),
            url=_meeting_url(meeting),
            params={"principal": str(principal), "meeting": text_of(meeting, "title"), "when": formatting.moment(meeting.starts_at)},
        )
    return proxy


def withdraw_proxy(*, proxy: Proxy, acting_user: User) -> Proxy:
    if acting_user.pk != proxy.principal_id:
        raise GovernanceRefusal(_("Only the member who gave a proxy withdraws it."))
    with transaction.atomic():
        proxy = Proxy.objects.select_for_update().select_related("meeting", "holder", "principal").get(pk=proxy.pk)
        if proxy.withdrawn_at is not None:
            raise GovernanceRefusal(_("This proxy was already withdrawn."))
        if proxy.meeting.has_started:
            raise GovernanceRefusal(_("The meeting has started: come in person to take your vote back."))
        proxy.withdrawn_at = timezone.now()
        proxy.save(update_fields=["withdrawn_at"])
        record_audit(actor=acting_user, action="governance.proxy.withdrawn", target=proxy.meeting,
                     principal=proxy.principal_id, holder=proxy.holder_id)
        notify(
            [proxy.holder], category="governance",
            title=gettext_lazy("%(principal)s has withdrawn their proxy for %(meeting)s"),
            url=_meeting_url(proxy.meeting),
            params={"principal": str(proxy.principal), "meeting": text_of(proxy.meeting, "title")},
        )
    return proxy


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the members of meetings starting within two days, once. Scheduled hourly."""
    now = now or timezone.now()
    sent = 0
    due = Meeting.objects.filter(
        status=Meeting.Status.CONVENED, reminded_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE
    ).select_related("body")
    for meeting in due:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            # Cancelled or postponed since the list was read: no reminder for a date that is gone.
            if locked.reminded_at is not None or locked.status != Meeting.Status.CONVENED or locked.starts_at != meeting.starts_at:
                continue
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            notify(
                User.objects.filter(pk__in=list(selectors.members_of(meeting.body).keys())),
                category="governance",
                title=gettext_lazy("Reminder: %(meeting)s on %(when)s"),
                body=gettext_lazy("Tell us if you come, or give your proxy before the meeting starts."),
                url=_meeting_url(meeting),
                params={"meeting": text_of(meeting, "title"), "when": formatting.moment(meeting.starts_at)},
            )
            sent += 1
    return sent


# --- cancelling and postponing ---------------------------------------------------------

MAX_REASON_LENGTH = 2000


def has_begun(meeting: Meeting) -> bool:
    """Whether the meeting has begun in fact: started or closed, someone
    checked in (check-in opens before the start), or a vote opened. The
    clock alone does not count: a convened meeting whose hour passed with
    nobody in the room may still be cancelled or moved."""
    if meeting.status in (Meeting.Status.IN_PROGRESS, Meeting.Status.CLOSED):
        return True
    return (
        Attendance.objects.filter(meeting=meeting).exists()
        or Question.objects.filter(meeting=meeting).exclude(status=Question.Status.DRAFT).exists()
    )


def earliest_new_date(meeting: Meeting, now: datetime | None = None) -> datetime:
    """A postponed meeting is convened again: the body's notice period runs from now."""
    return meeting_rules.earliest_start(now or timezone.now(), meeting.body.notice_days)


def refuse_if_cancelled(meeting: Meeting | None) -> None:
    """The votes of a cancelled meeting never open and take no ballot."""
    if meeting is not None and meeting.status == Meeting.Status.CANCELLED:
        raise GovernanceRefusal(_("This meeting was cancelled: its votes will not take place."))


def _may_reschedule(meeting: Meeting, acting_user: User) -> None:
    if acting_user is None or not acting_user.has_perm("governance.reschedule_meeting", meeting):
        raise GovernanceRefusal(_("Only staff and the secretaries of %(body)s may cancel or postpone its meetings.")
                                % {"body": text_of(meeting.body, "name")})


def _locked_for_rescheduling(meeting: Meeting, acting_user: User) -> Meeting:
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    _may_reschedule(meeting, acting_user)
    if meeting.status == Meeting.Status.CANCELLED:
        raise GovernanceRefusal(_("This meeting is already cancelled."))
    if has_begun(meeting):
        raise GovernanceRefusal(_(
            "This meeting has begun (members are checked in or a vote was opened): it can no longer be cancelled or postponed."
        ))
    return meeting


def _members(meeting: Meeting):
    return User.objects.filter(pk__in=list(selectors.members_of(meeting.body).keys()))


def _convened(meeting: Meeting) -> tuple[list[User], set[int], int]:
    """Every member convened, those of them convened by letter, and how many
    letters: a member without e-mail, or one whose law wants a letter (a
    co-owner who did not agree to e-mail, Civil Code art. 3.87 §3), gets the
    letter and reads the convocation in the portal, never by e-mail."""
    letters = paper.letters_for(meeting)
    by_letter = {member for letter in letters for member in letter.member_ids}
    return list(_members(meeting)), by_letter, len(letters)


def cancel_meeting(*, meeting: Meeting, acting_user: User, reason: str, now: datetime | None = None) -> Meeting:
    """Cancel a meeting that has not begun. Its members are told why, in
    their language, with a calendar file that removes the event; reminders
    stop; replies and proxies lapse (kept for the record, no longer active)."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise GovernanceRefusal(_("Say why the meeting is cancelled: the members will read it."))
    if len(reason) > MAX_REASON_LENGTH:
        raise GovernanceRefusal(_("Keep the reason under %(max)d characters.") % {"max": MAX_REASON_LENGTH})
    with transaction.atomic():
        meeting = _locked_for_rescheduling(meeting, acting_user)
        was_convened = meeting.status == Meeting.Status.CONVENED
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = now
        meeting.cancelled_by = acting_user
        meeting.cancellation_reason = reason
        meeting.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason"])
        replies = meeting_replies.lapse(convocation=meeting.convocation, now=now)
        proxies = Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).update(withdrawn_at=now, lapsed_at=now)
        recipients = list(_members(meeting)) if was_convened else []
        if recipients:
            send_notice(
                recipients,
                events=[meeting_event(meeting)],
                pk=meeting.pk,
                cancelled=True,
                category="governance",
                title=gettext_lazy("Cancelled: %(meeting)s on %(when)s"),
                body=gettext_lazy(
                    "%(body)s will not meet on %(when)s: the meeting is cancelled.\n\nReason: %(reason)s\n\n"
                    "Your reply and any proxy given for this meeting lapse. The attached calendar file removes it from your calendar."
                ),
                url=_meeting_url(meeting),
                params={"meeting": text_of(meeting, "title"), "when": formatting.moment(meeting.starts_at), "body": text_of(meeting.body, "name"), "reason": reason},
            )
        record_audit(actor=acting_user, action="governance.meeting.cancelled", target=meeting, reason=reason,
                     starts_at=meeting.starts_at.isoformat(), recipients=len(recipients),
                     replies_lapsed=replies, proxies_lapsed=proxies)
    return meeting


def postpone_meeting(*, meeting: Meeting, acting_user: User, starts_at: datetime, reason: str = "",
                     now: datetime | None = None) -> Meeting:
    """Move a meeting that has not begun to another date. A convened meeting is
    convened again: the body's notice period runs anew from now, the members
    get the new date with a calendar file, the reminder will go out again
    before the new date, replies are asked again, and proxies stay (the
    member may withdraw theirs)."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise GovernanceRefusal(_("Keep the reason under %(max)d characters.") % {"max": MAX_REASON_LENGTH})
    with transaction.atomic():
        meeting = _locked_for_rescheduling(meeting, acting_user)
        if starts_at == meeting.starts_at:
            raise GovernanceRefusal(_("Choose a date other than the current one."))
        if starts_at <= now:
            raise GovernanceRefusal(_("Choose a date to come."))
        was_convened = meeting.status == Meeting.Status.CONVENED
        # The body's notice period (15 days by default; Civil Code art. 3.87 §3 for co-owners),
        # counted from this new convocation. A draft is checked when it is convened.
        earliest = earliest_new_date(meeting, now)
        if was_convened and not meeting_rules.respects_notice(starts_at=starts_at, now=now, notice_days=meeting.body.notice_days):
            raise GovernanceRefusal(
                _("Members must be convened at least %(days)d days before the meeting: the earliest possible date is %(date)s.")
                % {"days": meeting.body.notice_days, "date": formatting.moment(earliest)}
            )
        before = meeting.starts_at
        if meeting.ends_at is not None:
            meeting.ends_at = starts_at + (meeting.ends_at - before)
        meeting.starts_at = starts_at
        meeting.first_starts_at = meeting.first_starts_at or before
        fields = ["starts_at", "ends_at", "first_starts_at"]
        replies = 0
        recipients, by_letter = [], set()
        if was_convened:
            meeting.postponements += 1
            meeting.convened_at = now
            meeting.reminded_at = None
            fields += ["postponements", "convened_at", "reminded_at"]
            # A reply was for the former date.
            replies = meeting_replies.lapse(convocation=meeting.convocation, now=now)
            # Those convened by letter get a new letter (the letters' page prints the new date).
            recipients, by_letter, _letters = _convened(meeting)
        meeting.save(update_fields=fields)
        if meeting.convocation_id:
            convocation_of(meeting)  # the replies' meeting moves too (it dates their retention)
        if recipients:
            body = (
                gettext_lazy(
                    "%(body)s no longer meets on %(before)s but on %(when)s. Place: %(place)s\n\nReason: %(reason)s\n\n"
                    "The attached calendar file moves the meeting in your calendar. Your reply was for the former date: "
                    "reply again on the meeting's page. A proxy you gave stays valid for the new date unless you withdraw it there."
                ) if reason else gettext_lazy(
                    "%(body)s no longer meets on %(before)s but on %(when)s. Place: %(place)s\n\n"
                    "The attached calendar file moves the meeting in your calendar. Your reply was for the former date: "
                    "reply again on the meeting's page. A proxy you gave stays valid for the new date unless you withdraw it there."
                )
            )
            send_notice(
                recipients,
                not_by_email=by_letter,
                events=[meeting_event(meeting)],
                pk=meeting.pk,
                category="governance",
                title=gettext_lazy("Postponed: %(meeting)s, now on %(when)s"),
                body=body,
                url=_meeting_url(meeting),
                params={"meeting": text_of(meeting, "title"), "when": formatting.moment(starts_at), "before": formatting.moment(before),
                        "body": text_of(meeting.body, "name"), "reason": reason,
                        "place": meeting_rules.where(meeting.place, meeting.online_url)},
            )
        record_audit(actor=acting_user, action="governance.meeting.postponed", target=meeting, reason=reason,
                     before=before.isoformat(), after=starts_at.isoformat(), recipients=len(recipients) - len(by_letter),
                     replies_lapsed=replies)
    return meeting

"""Sending what convenes, moves or cancels a meeting: one notification to
every person concerned, in their language, with the calendar file that puts
the meeting in (or takes it out of) their calendar."""

from collections.abc import Callable, Iterable, Sequence

from socle_site.kernel import ical

from community.services.notifications import notify

from .calendar import filename, meetings_calendar


def send_notice(
    recipients: Iterable,
    *,
    events: Sequence[ical.CalendarEvent],
    pk: int,
    category: str,
    title,
    body,
    url: Callable[[], str],
    params: dict,
    cancelled: bool = False,
    not_by_email: Iterable[int] = (),
) -> None:
    """The convocation (or its change): an invitation (METHOD:REQUEST) the
    reader's calendar adds or updates, or a cancellation (METHOD:CANCEL) that
    removes it. ``pk`` names the file after the (first) meeting. Those in
    ``not_by_email`` are convened by letter: they read it in the portal only."""
    notify(
        recipients,
        category=category,
        title=title,
        body=body,
        url=url,
        params=params,
        attachments=[ical.attachment(meetings_calendar(events, sent=True, cancelled=cancelled), filename(pk))],
        not_by_email=not_by_email,
    )

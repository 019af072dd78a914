"""Every kind of e-mail Socle sends, sent in winter and in summer time, read
back in French and in Dutch: each time in it is the Brussels time (a thing at
18:30 in Brussels reads "18:30", never the UTC 17:30 or 16:30), each date is
written in the reader's language (never ISO), each e-mail names the site and
gives its contact address, and each calendar file says Europe/Brussels.

The kinds, and how each is sent here (through its real service):

- notification e-mails (community.tasks.send_notification_emails), one per
  dated kind: public event registration (socle_site.services), room booking
  confirmed and its reminder the day before (events.services), general
  assembly convocation with its .ics, its reminder and its postponement
  (community.governance.services.meetings), platform meeting convocation with
  its .ics and the action decided in its minutes (platform_forums.meetings),
  overdue action reminder (platform_forums.tasks), call for funds
  (coownership.services.calls), personal data request to the officers
  (community.privacy.services);
- the daily digest (community.tasks.send_daily_digests);
- allauth's e-mails: sign-up confirmation, confirmation again at login,
  password reset, password reset for an unknown address, sign-up with an
  address already taken (community.adapters.AccountAdapter).

The admins' alerts and backup reports (mail_admins) go to the operators, in
the settings' language; they carry no appointment and are tested in
tests/site/ops and tests/site/test_backups.py.
"""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from socle_site.kernel.formatting import BRUSSELS

from community.models import NotificationPreference
from tests.factories import (
    TEST_PASSWORD,
    HouseholdFactory,
    HouseholdMemberFactory,
    UserFactory,
    make_staff,
)
from tests.refusals import assert_redirected

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_site_identity")]

SITE_NAME, CONTACT = "CLT Test Brussels", "contact@clt-test.example"

# The day things happen, 21 days after "now" (a general assembly needs 15
# days' notice): a Monday, so residents book the room's evening at once.
SEASONS = {
    "winter": (datetime(2027, 1, 4, 10, 0, tzinfo=BRUSSELS), date(2027, 1, 25)),
    "summer": (datetime(2026, 6, 29, 10, 0, tzinfo=BRUSSELS), date(2026, 7, 20)),
}
DAY_TEXT = {
    ("winter", "fr"): "25 janvier 2027", ("winter", "nl"): "25 januari 2027",
    ("summer", "fr"): "20 juillet 2026", ("summer", "nl"): "20 juli 2026",
}
WRONG_TIMES = ("17:30", "16:30")


@pytest.fixture
def _site_identity():
    with override_settings(SOCLE_SITE_NAME=SITE_NAME, SOCLE_CONTACT_EMAIL=CONTACT,
                           ACCOUNT_EMAIL_SUBJECT_PREFIX=f"[{SITE_NAME}] "):
        yield


@pytest.fixture(params=["winter", "summer"])
def season(request, time_machine):
    now, _day = SEASONS[request.param]
    time_machine.move_to(now, tick=False)
    return request.param


@pytest.fixture(params=["fr", "nl"])
def lang(request):
    return request.param


@pytest.fixture
def at_1830(season):
    """18:30 in Brussels on the season's day, and the day itself."""
    day = SEASONS[season][1]
    return datetime.combine(day, time(18, 30), BRUSSELS), day


class Mail(str):
    """What the reader reads (subject, text, HTML); ``files`` holds the attachments."""

    def __new__(cls, text: str, files: str):
        mail_text = super().__new__(cls, text)
        mail_text.files = files
        return mail_text


def texts_to(address: str) -> list[Mail]:
    """Each e-mail to ``address``: subject, text, HTML and attached files, as one text."""
    found = []
    for message in mail.outbox:
        if address not in message.to:
            continue
        parts = [message.subject, message.body]
        parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
        files = [a[1].decode() if isinstance(a[1], bytes) else str(a[1]) for a in message.attachments]
        found.append(Mail("\n".join(parts), "\n".join(files)))
    assert found, f"no e-mail to {address}"
    return found


def assert_reads_right(text: str, *, times=("18:30",), day_text: str | None = None):
    for expected in times:
        assert expected in text
    for wrong in WRONG_TIMES:
        assert wrong not in text, f"UTC time {wrong} in {text!r}"
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), f"ISO date in {text!r}"
    if day_text:
        assert day_text in text
    assert SITE_NAME in text and CONTACT in text


def assert_calendar_in_brussels(text: str, day: date):
    # The .ics: a TZID'd local time (with its VTIMEZONE), so calendars show 18:30 in Brussels.
    assert f"DTSTART;TZID=Europe/Brussels:{day:%Y%m%d}T183000" in text.files
    assert "BEGIN:VTIMEZONE" in text.files and "TZID:Europe/Brussels" in text.files


def member(lang: str, email: str, **kwargs):
    return UserFactory(language=lang, email=email, **kwargs)


# --- Notification e-mails ---------------------------------------------------------


def test_public_event_registration(season, lang, at_1830, django_capture_on_commit_callbacks):
    from socle_site import services

    from tests.site import factories as site_factories

    starts_at, day = at_1830
    site = site_factories.make_site()
    event = site_factories.add_event(site["events"], capacity=10, starts_at=starts_at)
    visitor = member(lang, "visitor@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.register_for_event(event=event, acting_user=visitor)
    (text,) = texts_to(visitor.email)
    assert_reads_right(text, day_text=DAY_TEXT[season, lang])


def _room_and_resident(lang):
    from community.models import Role
    from tests.events.factories import RoomFactory

    room = RoomFactory(manager=member(lang, "manager@example.org"))
    resident = member(lang, "resident@example.org", roles=[Role.RESIDENT])
    HouseholdMemberFactory(user=resident, household=HouseholdFactory(housing_project=room.housing_project))
    return room, resident


def test_room_booking_confirmed_and_reminded_the_day_before(season, lang, at_1830, time_machine,
                                                            django_capture_on_commit_callbacks):
    from events.services import bookings, reminders

    starts_at, day = at_1830
    room, resident = _room_and_resident(lang)
    with django_capture_on_commit_callbacks(execute=True):
        bookings.request_booking(acting_user=resident, room=room, starts_at=starts_at,
                                 ends_at=starts_at + timedelta(hours=2), title="Soirée jeux")
    (confirmed,) = texts_to(resident.email)
    assert_reads_right(confirmed, times=("18:30",), day_text=DAY_TEXT[season, lang])
    mail.outbox.clear()
    time_machine.move_to(datetime.combine(day - timedelta(days=1), time(9), BRUSSELS), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_booking_reminders() == 1
    (reminder,) = texts_to(resident.email)
    assert_reads_right(reminder, day_text=DAY_TEXT[season, lang])


def _general_assembly(lang, starts_at):
    from community.governance.services import bodies, meetings
    from tests.governance.helpers import make_body

    body = make_body()
    ana = member(lang, "ana@example.org")
    bodies.add_member(body=body, user=ana, acting_user=None)
    staff = make_staff(email="staff@example.org", language=lang)
    meeting = meetings.create_meeting(body=body, acting_user=staff, title="AG", starts_at=starts_at,
                                      place="Rue Vandenpeereboom 12")
    meetings.add_agenda_item(meeting=meeting, acting_user=staff, title="Comptes", kind="decision")
    return meeting, ana, staff


def test_general_assembly_convocation_reminder_and_postponement(season, lang, at_1830, time_machine,
                                                                django_capture_on_commit_callbacks):
    from community.governance.services import meetings

    starts_at, day = at_1830
    meeting, ana, staff = _general_assembly(lang, starts_at)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.convene_meeting(meeting=meeting, acting_user=staff)
    (convocation,) = texts_to(ana.email)
    assert_reads_right(convocation, day_text=DAY_TEXT[season, lang])
    assert_calendar_in_brussels(convocation, day)

    mail.outbox.clear()
    time_machine.move_to(starts_at - timedelta(days=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert meetings.send_reminders() >= 1
    (reminder,) = texts_to(ana.email)
    assert_reads_right(reminder, day_text=DAY_TEXT[season, lang])

    mail.outbox.clear()
    later = starts_at + timedelta(days=21)  # the same 18:30, three weeks on (same season)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.postpone_meeting(meeting=meeting, acting_user=staff, starts_at=later, reason="Salle indisponible")
    (postponed,) = texts_to(ana.email)
    assert_reads_right(postponed)
    assert_calendar_in_brussels(postponed, later.date())


def _platform(lang):
    from community.models import OrganisationMembership
    from platform_forums.models import PlatformRole
    from tests.factories import OrganisationFactory
    from tests.platform_forums import factories

    platform = factories.PlatformFactory()
    organisation = OrganisationFactory()
    factories.PlatformMembershipFactory(platform=platform, organisation=organisation, role=PlatformRole.PILOT)
    pilot = member(lang, "pilot@example.org")
    OrganisationMembership.objects.create(organisation=organisation, user=pilot)
    # Platforms send a daily digest unless the member asks for each e-mail at once.
    NotificationPreference.objects.create(user=pilot, category="platform",
                                          email_frequency=NotificationPreference.Frequency.IMMEDIATELY)
    return platform, organisation, pilot


def test_platform_meeting_convocation_action_and_overdue_reminder(season, lang, at_1830, time_machine,
                                                                  django_capture_on_commit_callbacks):
    from platform_forums import meetings, tasks

    starts_at, day = at_1830
    platform, organisation, pilot = _platform(lang)
    with django_capture_on_commit_callbacks(execute=True):
        (meeting,) = meetings.convene_meetings(acting_user=pilot, platform=platform, title="Plénière",
                                               first_starts_at=starts_at, place="Esneux", agenda=["Bilan"])
    (convocation,) = texts_to(pilot.email)
    assert_reads_right(convocation, day_text=DAY_TEXT[season, lang])
    assert_calendar_in_brussels(convocation, day)

    mail.outbox.clear()
    time_machine.move_to(starts_at + timedelta(hours=2), tick=False)
    due_on = day + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.record_minutes(acting_user=pilot, meeting=meeting, minutes="Bilan fait.",
                                actions=[("Écrire au CPAS", organisation, due_on)])
    (action,) = texts_to(pilot.email)
    due_text = {("winter", "fr"): "1 février 2027", ("winter", "nl"): "1 februari 2027",
                ("summer", "fr"): "27 juillet 2026", ("summer", "nl"): "27 juli 2026"}[season, lang]
    assert_reads_right(action, times=(), day_text=due_text)

    mail.outbox.clear()
    time_machine.move_to(datetime.combine(due_on + timedelta(days=1), time(9), BRUSSELS), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_overdue_actions() == 1
    (overdue,) = texts_to(pilot.email)
    assert_reads_right(overdue, times=(), day_text=due_text)


def test_call_for_funds(season, lang, at_1830, django_capture_on_commit_callbacks):
    from coownership import services
    from coownership.models import DistributionKey
    from tests.coownership.conftest import make_building

    _starts_at, day = at_1830
    building = make_building("maple")
    home = HouseholdFactory(housing_project=building.housing_project)
    owner = member(lang, "owner@example.org")
    HouseholdMemberFactory(user=owner, household=home)
    for lot in building.lots.all():
        services.transfer_lot(acting_user=None, lot=lot, household=home, on_date=date(2024, 1, 1))
    general = building.keys.get(kind=DistributionKey.Kind.GENERAL)
    services.set_budget_line(acting_user=None, building=building, year=day.year, key=general, amount="4000.00")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_call_for_funds(acting_user=None, building=building, year=day.year, quarter=3, due_on=day)
    (call,) = texts_to(owner.email)
    assert_reads_right(call, times=(), day_text=DAY_TEXT[season, lang])


def test_personal_data_request_to_the_officers(season, lang, django_capture_on_commit_callbacks):
    from community.privacy import services

    officer = make_staff(email="officer@example.org", language=lang)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_correction(acting_user=member(lang, "asker@example.org"), details="Mon nom est mal écrit.")
    (notice,) = texts_to(officer.email)
    # A month after the request, counted in Brussels.
    deadline = {("winter", "fr"): "4 février 2027", ("winter", "nl"): "4 februari 2027",
                ("summer", "fr"): "29 juillet 2026", ("summer", "nl"): "29 juli 2026"}[season, lang]
    assert request.deadline.day == int(deadline.split()[0])
    assert_reads_right(notice, times=(), day_text=deadline)


def test_daily_digest(season, lang, at_1830, django_capture_on_commit_callbacks):
    from community.tasks import send_daily_digests
    from events.services import bookings

    starts_at, day = at_1830
    room, resident = _room_and_resident(lang)
    NotificationPreference.objects.create(user=resident, category="bookings",
                                          email_frequency=NotificationPreference.Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        bookings.request_booking(acting_user=resident, room=room, starts_at=starts_at,
                                 ends_at=starts_at + timedelta(hours=2), title="Soirée jeux")
    assert not mail.outbox  # gathered for the digest
    assert send_daily_digests() == 1
    (digest,) = texts_to(resident.email)
    assert_reads_right(digest, day_text=DAY_TEXT[season, lang])


# --- allauth's e-mails ------------------------------------------------------------------


def _post(client, lang, urlname, data):
    with translation.override(lang):
        url = reverse(urlname)
    return client.post(url, data)


def test_allauths_emails_name_the_site_and_give_the_contact_address(season, lang, client):
    # Sign-up: the confirmation.
    data = {"email": "new@example.org", "first_name": "An", "last_name": "Peeters",
            "password1": TEST_PASSWORD, "password2": TEST_PASSWORD}
    assert_redirected(_post(client, lang, "account_signup", data), f"/{lang}/accounts/confirm-email/")
    # Logging in before confirming sends the confirmation again.
    client.logout()
    UserFactory(email="pending@example.org", verified=False, language=lang)
    _post(client, lang, "account_login", {"login": "pending@example.org", "password": TEST_PASSWORD})
    # Password reset, for a member and for an address that has no account.
    UserFactory(email="member@example.org", language=lang)
    _post(client, lang, "account_reset_password", {"email": "member@example.org"})
    _post(client, lang, "account_reset_password", {"email": "nobody@example.org"})
    # Signing up with an address already taken.
    client.logout()
    _post(client, lang, "account_signup", {**data, "email": "member@example.org"})
    hello = {"fr": f"Bonjour de la part de {SITE_NAME}", "nl": f"Hallo van {SITE_NAME}"}[lang]
    for address in ("new@example.org", "pending@example.org", "member@example.org", "nobody@example.org"):
        for text in texts_to(address):
            assert_reads_right(text, times=())
            assert hello in text and f"[{SITE_NAME}]" in text
    assert len(mail.outbox) == 5

"""Convocations by e-mail or registered letter (Civil Code art. 3.87 §3) on the
shared setup (1 May 2026): Ann agreed in writing to e-mail, Bob did not. The
meeting is on Monday 1 June 2026 at 19:00, so with 15 days' notice the letters
must be posted on 17 May at the latest."""

import io
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.governance.services import meetings as meeting_services
from coownership import convocations, law, meetings
from coownership.demo import tiny_pdf
from coownership.models import EmailConsent, RegisteredLetters, StoredFile
from coownership.services import convocations as services
from tests.refusals import assert_refused

from .conftest import fresh

BRUSSELS = timezone.get_default_timezone()
MEETING_AT = datetime(2026, 6, 1, 19, tzinfo=BRUSSELS)


def agreement(name="agreement.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else tiny_pdf("Signed agreement"), content_type="application/pdf")


@pytest.fixture
def convened(setup, django_capture_on_commit_callbacks):
    setup.bob_home.address, setup.bob_home.postal_code, setup.bob_home.municipality = "Rue Vandenpeereboom 12", "1080", "Molenbeek"
    setup.bob_home.save()
    services.record_email_consent(acting_user=fresh(setup.syndic), building=setup.building, household=setup.ann_home,
                                  agreed_on=date(2026, 4, 20), upload=agreement())
    body = meetings.sync_coownership_body(building=setup.building, acting_user=None)
    meeting = meeting_services.create_meeting(body=body, acting_user=setup.syndic, title="Annual meeting 2026",
                                              starts_at=MEETING_AT, place="Community room")
    meeting_services.add_agenda_item(meeting=meeting, acting_user=setup.syndic, title="Accounts 2025")
    meeting_services.add_agenda_item(meeting=meeting, acting_user=setup.syndic, title="Roof repairs")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetings.convene_coowners_meeting(meeting=meeting, building=setup.building, acting_user=setup.syndic)
    setup.meeting = meeting
    setup.letters_url = f"/en/buildings/maple/meetings/{meeting.pk}/letters/"
    return setup


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_coowners_without_consent_get_a_letter_those_with_it_an_email(convened, client_of):
    split = convocations.convocations_of(convened.building, convened.meeting)
    assert [letter.name for letter in split.letters] == [convened.bob_home.name]
    assert split.letters[0].member_ids == {convened.bob.pk}
    assert split.by_email == [convened.ann_home]
    assert any(m.to == ["ann@example.org"] and "Annual meeting 2026" in m.subject for m in mail.outbox)
    # Bob did not agree to e-mail: his registered letter is his convocation, no e-mail beside it.
    assert not any(convened.bob.email in m.to and "Annual meeting 2026" in m.subject for m in mail.outbox)
    # ...but he reads it in the portal like everyone, and no digest mails it later.
    from community.models import Notification
    from community.tasks import send_daily_digests, send_notification_emails

    notice = Notification.objects.get(recipient=convened.bob, category="governance")
    assert notice.by_email is False and notice.emailed_at is None
    assert Notification.objects.get(recipient=convened.ann, category="governance").by_email is True
    assert send_notification_emails([notice.pk]) == 0
    from community.models import NotificationPreference

    NotificationPreference.objects.create(user=convened.bob, category="governance", email_frequency="daily")
    mail.outbox.clear()
    send_daily_digests()
    assert not any(convened.bob.email in m.to for m in mail.outbox)

    syndic = client_of(convened.syndic)
    response = syndic.get(f"{convened.letters_url[:-1]}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Bob's household" in text and "Rue Vandenpeereboom 12" in text and "1080 Molenbeek" in text
    assert "Ann's household" not in text
    assert "Accounts 2025" in text and "Roof repairs" in text and "Community room" in text
    assert "1 June 2026" in text
    assert f"MAPLE-{convened.meeting.pk}-{convened.bob_home.pk}" in text

    rows = syndic.get(f"{convened.letters_url[:-1]}.csv").content.decode().splitlines()
    assert rows[0] == "Name,Address,Postal code,Municipality,Country,Reference"
    assert rows[1:] == [f"Bob's household,Rue Vandenpeereboom 12,1080,Molenbeek,,MAPLE-{convened.meeting.pk}-{convened.bob_home.pk}"]


def test_a_withdrawn_consent_puts_the_coowner_back_on_letters(convened, client_of):
    consent = EmailConsent.objects.get(household=convened.ann_home)
    response = client_of(convened.syndic).post(f"/en/buildings/maple/convocations/{consent.pk}/withdraw/", follow=True)
    assert "convened by registered letter again" in response.content.decode()
    split = convocations.convocations_of(convened.building, convened.meeting)
    assert {letter.name for letter in split.letters} == {convened.ann_home.name, convened.bob_home.name}
    assert split.by_email == []


def test_the_coowner_reads_how_they_are_convened(convened, client_of):
    assert "you agreed to it in writing on 20 April 2026" in client_of(convened.ann).get("/en/buildings/maple/my-account/").content.decode()
    assert "By registered letter." in client_of(convened.bob).get("/en/buildings/maple/my-account/").content.decode()


def test_the_notice_runs_from_the_day_the_letters_were_posted():
    # Pure rule, at the edge: 17 May gives 15 days before 1 June 19:00, 18 May does not.
    assert law.letters_give_notice(sent_on=date(2026, 5, 17), starts_at=MEETING_AT, notice_days=15)
    assert not law.letters_give_notice(sent_on=date(2026, 5, 18), starts_at=MEETING_AT, notice_days=15)
    assert law.last_posting_day(MEETING_AT, 15) == date(2026, 5, 17)


def test_letters_posted_in_time(convened, client_of, time_machine):
    time_machine.move_to("2026-05-17 16:00:00+02:00", tick=False)
    response = client_of(convened.syndic).post(convened.letters_url, {"sent_on": "2026-05-17"}, follow=True)
    page = response.content.decode()
    assert "The sending date of the registered letters is recorded." in page
    assert "were posted on 17 May 2026: in time" in page and "too late" not in page
    sent = RegisteredLetters.objects.get(meeting=convened.meeting)
    assert (sent.sent_on, sent.letters, sent.recorded_by) == (date(2026, 5, 17), 1, convened.syndic)


def test_letters_posted_too_late_are_flagged(convened, client_of, time_machine):
    time_machine.move_to("2026-05-18 16:00:00+02:00", tick=False)
    page = client_of(convened.syndic).post(convened.letters_url, {"sent_on": "2026-05-18"}, follow=True).content.decode()
    assert "The registered letters were posted on 18 May 2026: too late for this meeting." in page
    assert "They had to be posted on 17 May 2026 at the latest." in page


def test_a_sending_day_to_come_is_refused_and_nothing_recorded(convened, client_of):
    page = client_of(convened.syndic).post(convened.letters_url, {"sent_on": "2026-05-02"}, follow=True).content.decode()
    assert "The letters cannot have been sent on a day to come." in page
    assert not RegisteredLetters.objects.exists()


@pytest.mark.parametrize("who", ["bob", "committee", "tenant"])
def test_only_the_syndic_prints_the_letters_or_records_a_consent(convened, client_of, who):
    client = client_of(getattr(convened, who))
    files = StoredFile.objects.count()
    refusal = "Only the building&#x27;s syndic and the staff"
    for suffix in ("letters/", "letters.pdf", "letters.csv"):
        response = client.get(f"/en/buildings/maple/meetings/{convened.meeting.pk}/{suffix}")
        assert response.status_code == 403
        assert "prepare the registered letters of a convocation" in response.content.decode()
        assert refusal in response.content.decode()
    response = client.post(f"/en/buildings/maple/meetings/{convened.meeting.pk}/letters/", {"sent_on": "2026-05-01"})
    assert response.status_code == 403 and not RegisteredLetters.objects.exists()
    response = client.post("/en/buildings/maple/convocations/", {
        "household": convened.bob_home.pk, "agreed_on": "2026-04-30", "document": agreement()})
    assert response.status_code == 403
    assert "record the co-owners&#x27; consent to e-mail convocations" in response.content.decode()
    consent = EmailConsent.objects.get(household=convened.ann_home)
    response = client.post(f"/en/buildings/maple/convocations/{consent.pk}/withdraw/")
    assert_refused(response, "record the co-owners' consent to e-mail convocations")
    assert list(EmailConsent.objects.values_list("household", "withdrawn_on")) == [(convened.ann_home.pk, None)]
    assert StoredFile.objects.count() == files


def test_the_syndic_records_a_consent_with_its_document(convened, client_of):
    client = client_of(convened.syndic)
    response = client.post("/en/buildings/maple/convocations/", {
        "household": convened.bob_home.pk, "agreed_on": "2026-04-30", "document": agreement()}, follow=True)
    assert "this co-owner is convened by e-mail from now on" in response.content.decode()
    consent = EmailConsent.objects.get(household=convened.bob_home)
    assert (consent.agreed_on, consent.recorded_by) == (date(2026, 4, 30), convened.syndic)
    document = client.get(f"/en/buildings/maple/convocations/{consent.pk}/document/")
    assert document.status_code == 200 and document.content == tiny_pdf("Signed agreement")


def test_a_bad_upload_is_refused_and_nothing_recorded(convened, client_of):
    files = StoredFile.objects.count()
    fake = agreement("agreement.pdf", b"MZ\x90\x00 this is a program, not a signed agreement")
    page = client_of(convened.syndic).post("/en/buildings/maple/convocations/", {
        "household": convened.bob_home.pk, "agreed_on": "2026-04-30", "document": fake}, follow=True).content.decode()
    assert "Send a PDF, PNG or JPEG file." in page or "Send a PDF" in page
    assert not EmailConsent.objects.filter(household=convened.bob_home).exists()
    assert StoredFile.objects.count() == files


def test_a_consent_dated_in_the_future_is_refused(convened):
    with pytest.raises(services.CoownershipRefusal, match="cannot be in the future"):
        services.record_email_consent(acting_user=fresh(convened.syndic), building=convened.building,
                                      household=convened.bob_home, agreed_on=date(2026, 5, 2), upload=agreement())
    assert not EmailConsent.objects.filter(household=convened.bob_home).exists()

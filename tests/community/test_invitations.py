"""Inviting imported members to set their password (issue 23): a separate,
explicit step for staff, throttled (a pace per minute, not twice within three
days), each e-mail in the member's language with a link that works once; the
person sets a password and is logged in; staff see who never activated their
account, and whose e-mail bounced or failed."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from django_q.models import Schedule
from socle_site.kernel.dataio import importers

from community.models import Invitation, User
from community.services import invitations
from tests.community.test_import_members import as_csv, members_file
from tests.factories import CollegeFactory, UserFactory, make_staff
from tests.refusals import assert_refused

PAGE = "/admin/imports/members-to-invite/"


@pytest.fixture
def imported(db, time_machine):
    """45 members imported from a file (no password), and a member of staff."""
    time_machine.move_to("2026-12-07 10:00:00+01:00", tick=False)
    CollegeFactory(code="residents", name="Habitants")
    staff = make_staff(email="staff@example.org", is_superuser=True)
    rows = [row for row in members_file(bad=False) if row["relationship"] not in ("child", "Enfant", "Kind")]
    rows = [row for row in rows if row["email"]][:45]
    report = importers.apply(importers.importer("members"), as_csv(rows, ()), "m.csv", acting_user=staff)
    assert report.refused == [] and Invitation.objects.count() == 45
    return staff


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/welcome/\S+/", message.body).group(0)


def test_staff_invite_at_a_pace_and_not_twice_within_three_days(imported, client_of, django_capture_on_commit_callbacks, time_machine):
    client = client_of(imported)
    page = client.get(PAGE)
    assert page.status_code == 200 and page.content.decode().count('name="invitation"') == 45
    with django_capture_on_commit_callbacks(execute=True):  # the batch's task (inline in tests)
        response = client.post(PAGE, {"all": "1"})
    assert response.status_code == 302 and response.url == PAGE  # back to the list, with a message
    # At most 30 a minute: the first 30 now, the 15 others scheduled a minute later.
    assert len(mail.outbox) == 30 == Invitation.objects.filter(sent_at__isnull=False).count()
    later = Schedule.objects.get(func="community.services.invitations.send_invitations")
    assert later.next_run == timezone.now() + timedelta(minutes=1) and len(eval(later.args)[0]) == 15
    invitations.send_invitations(*eval(later.args))  # what the cluster runs a minute later
    assert len(mail.outbox) == 45 and {tuple(m.to) for m in mail.outbox} == {
        (u,) for u in User.objects.filter(invitation__isnull=False).values_list("email", flat=True)
    }

    # Again at once: refused, nothing sent, with the reason staff read.
    response = client.post(PAGE, {"all": "1"}, follow=True)
    assert_refused(response, "Nobody to invite: these members were invited less than three days ago, or have already set their password.", status=200)
    assert len(mail.outbox) == 45
    # Three days later, a reminder may go.
    time_machine.move_to(timezone.now() + timedelta(days=3), tick=False)
    one = Invitation.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {"invitation": [one.pk]})
    one.refresh_from_db()
    assert len(mail.outbox) == 46 and one.times_sent == 2


def test_each_member_reads_the_invitation_in_their_language(imported, django_capture_on_commit_callbacks):
    dutch = User.objects.filter(invitation__isnull=False, language="nl").first()
    french = User.objects.filter(invitation__isnull=False, language="fr").first()
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_members(acting_user=imported, invitation_ids=[dutch.invitation.pk, french.invitation.pk])
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Uw account is klaar: kies uw wachtwoord" in by_address[dutch.email].subject
    assert "/nl/accounts/welcome/" in link_in(by_address[dutch.email])
    assert "Votre compte est prêt : choisissez votre mot de passe" in by_address[french.email].subject
    assert "/fr/accounts/welcome/" in link_in(by_address[french.email])
    assert "password" not in by_address[dutch.email].body.casefold().replace("wachtwoord", "")


def test_the_link_sets_a_password_logs_in_and_works_once(imported, client, django_capture_on_commit_callbacks):
    member = User.objects.filter(invitation__isnull=False, language="fr").first()
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_members(acting_user=imported, invitation_ids=[member.invitation.pk])
    link = link_in(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{link}")
    assert page.status_code == 200 and "Choisissez votre mot de passe" in page.content.decode()
    response = client.post(f"/{link}", {"new_password1": "une-clé-solide-2026", "new_password2": "une-clé-solide-2026"})
    assert response.status_code == 302 and response.url.endswith("/my/")
    assert client.get("/fr/my/").status_code == 200  # logged in
    member.refresh_from_db()
    assert member.check_password("une-clé-solide-2026") and member.invitation.accepted_at is not None
    assert EmailAddress.objects.get(user=member).verified
    # The account is active now: no longer listed for staff, and the link is spent.
    assert member.invitation not in invitations.pending()
    client.logout()
    assert_refused(client.get(f"/{link}"), "This link no longer works", status=400)
    # The member logs in with the password chosen, through allauth's form.
    login = client.post("/fr/accounts/login/", {"login": member.email, "password": "une-clé-solide-2026"})
    assert login.status_code == 302 and "/accounts/login/" not in login.url


def test_a_weak_password_is_refused_with_the_reason(imported, client, django_capture_on_commit_callbacks):
    member = User.objects.filter(invitation__isnull=False, language="nl").first()
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_members(acting_user=imported, invitation_ids=[member.invitation.pk])
    link = link_in(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    response = client.post(f"/{link}", {"new_password1": "123", "new_password2": "123"})
    from tests.refusals import page_text

    assert response.status_code == 200 and "Dit wachtwoord bevat alleen cijfers." in page_text(response)
    member.refresh_from_db()
    assert not member.has_usable_password() and member.invitation.accepted_at is None


def test_a_failed_sending_and_a_bounce_are_shown_to_staff(imported, client_of, django_capture_on_commit_callbacks, monkeypatch):
    from socle_site.ops.bounces import record_bounce

    first, second = Invitation.objects.select_related("user").order_by("pk")[:2]
    record_bounce(address=second.user.email, reason="5.1.1 User unknown")

    def refuse(self, fail_silently=False):
        if self.to == [first.user.email]:
            raise OSError("Connection refused by the mail server")
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_members(acting_user=imported, invitation_ids=[first.pk, second.pk])
    first.refresh_from_db()
    assert first.sent_at is None and first.failure == "Connection refused by the mail server"
    text = client_of(imported).get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sending failed: Connection refused by the mail server" in text
    assert "The e-mail bounced: 5.1.1 User unknown" in text


def test_a_member_who_is_not_staff_cannot_invite(imported, client_of, django_capture_on_commit_callbacks):
    member = UserFactory(email="member@example.org")
    client = client_of(member)
    assert_refused(client.get(PAGE), "Only the staff invite imported members.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"all": "1"})
    assert_refused(response, "Only the staff invite imported members.")
    assert mail.outbox == [] and not Invitation.objects.filter(queued_at__isnull=False).exists()
    with pytest.raises(invitations.InvitationRefusal):
        invitations.invite_members(acting_user=member)

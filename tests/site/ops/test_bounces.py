"""Bounces: recorded from the mail server's DSN, listed for staff."""

import io
import sys
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from socle_site.ops.bounces import parse_dsn
from socle_site.ops.models import Bounce

from tests.factories import UserFactory
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

DSN = b"""From: MAILER-DAEMON@mail.socle.test
To: bounces@socle.test
Date: Sun, 06 Dec 2026 10:15:00 +0000
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

This is the mail system at host mail.socle.test.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.socle.test

Final-Recipient: rfc822; gone@example.org
Original-Recipient: rfc822;gone@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected

Final-Recipient: rfc822; later@example.org
Action: delayed
Status: 4.4.1

--B--
"""


def test_a_dsn_names_the_failed_recipients_only():
    failures, when = parse_dsn(DSN)
    assert [(f.address, f.is_permanent) for f in failures] == [("gone@example.org", True)]
    assert failures[0].reason.startswith("5.1.1 550 5.1.1")
    assert when == datetime(2026, 12, 6, 10, 15, tzinfo=UTC)


def test_record_bounce_reads_the_dsn_on_standard_input(monkeypatch):
    member = UserFactory(email="gone@example.org")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DSN)))
    call_command("record_bounce", stdout=io.StringIO())
    bounce = Bounce.objects.get()
    assert (bounce.address, bounce.user, bounce.is_permanent) == ("gone@example.org", member, True)


def test_record_bounce_by_address_and_a_message_that_is_no_dsn(monkeypatch):
    call_command("record_bounce", address="old@example.org", reason="mailbox full", stdout=io.StringIO())
    assert Bounce.objects.get().reason == "mailbox full"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Subject: hello\n\nhi\n")))
    with pytest.raises(CommandError):
        call_command("record_bounce", stdout=io.StringIO())


def test_staff_see_which_addresses_fail_and_members_do_not(client, user):
    call_command("record_bounce", address="gone@example.org", reason="5.1.1", stdout=io.StringIO())
    call_command("record_bounce", address="gone@example.org", reason="5.1.1", stdout=io.StringIO())
    client.force_login(user)
    assert_refused(client.get("/admin/status/"), "Only staff see the status of the service.")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/status/").content.decode()
    assert "gone@example.org" in page
    assert client.get("/admin/ops/bounce/").status_code == 200

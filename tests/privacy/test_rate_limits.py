"""Every form that sends e-mail goes through the project's one rate limit:
the (N+1)th POST in the hour is answered 429 with a translated message and
changes nothing; reading the page and other people are not affected. And
allauth limits logins, sign-ups and password resets."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from socle_site.kernel.ratelimit import parse_rate

from tests.coownership.conftest import (
    fresh,
    setup,  # noqa: F401  (shared fixture)
)
from tests.governance.conftest import ga  # noqa: F401  (shared fixture)
from tests.platform_forums.conftest import space  # noqa: F401  (shared fixture)
from tests.refusals import PAUSED, assert_too_many

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many attempts in a short time."


def limit_of(view) -> int:
    """The limit written on the view, so the test follows the code."""
    return parse_rate(view.rate_limit)[0]


def test_forum_replies_that_notify_mentions_are_limited(space, client_of):  # noqa: F811
    from platform_forums import services, views
    from platform_forums.models import Post

    thread = services.start_thread(acting_user=space.member, forum=space.forum, title="Hello", body="first post")
    client = client_of(space.member)
    url = reverse("platform_forums:thread", args=[thread.pk])
    limit = limit_of(views.thread)
    # Refused replies (empty) count too: the limit is on attempts.
    assert {client.post(url, {"body": " "}).status_code for _ in range(limit)} <= {200, 302}
    refused = client.post(url, {"body": f"Hello @{space.pilot.first_name}"})
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1
    assert client.get(url).status_code == 200
    assert client_of(space.pilot).post(url, {"body": "An answer"}).status_code == 302 and Post.objects.filter(thread=thread).count() == 2


def test_the_forum_limit_is_written_in_french_and_dutch(space, client_of):  # noqa: F811
    from platform_forums import services, views

    thread = services.start_thread(acting_user=space.member, forum=space.forum, title="Hello", body="first post")
    client = client_of(space.member)
    for _ in range(limit_of(views.thread)):
        client.post(reverse("platform_forums:thread", args=[thread.pk]), {"body": " "})
    for language, words in (("fr", "Trop de tentatives"), ("nl", "Te veel pogingen")):
        with translation.override(language):
            url = reverse("platform_forums:thread", args=[thread.pk])
        response = client.post(url, {"body": "x"}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 429 and words in response.content.decode(), language


def test_opinion_comments_are_limited(space, client_of):  # noqa: F811
    from platform_forums import opinions, views_groups
    from platform_forums.models import OpinionComment

    opinion = opinions.draft_opinion(acting_user=space.pilot, platform=space.platform, title="Rents", addressee="The minister", text="A draft")
    client = client_of(space.member)
    url = reverse("platform_forums:comment_opinion", args=[opinion.pk])
    for _ in range(limit_of(views_groups.comment_opinion)):
        client.post(url, {"text": " "})
    refused = client.post(url, {"text": "I agree"})
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert not OpinionComment.objects.filter(body_html__contains="I agree").exists()


def test_reporting_tickets_is_limited_and_nothing_is_sent(setup, client_of):  # noqa: F811
    from coownership import views_tickets as views
    from coownership.models import Ticket

    client = client_of(fresh(setup.ann))
    url = reverse("coownership:report_ticket", args=[setup.building.slug])
    for _ in range(limit_of(views.report_ticket)):
        client.post(url, {"title": "", "location": "", "description": ""})
    mail.outbox.clear()
    refused = client.post(url, {"title": "Broken door", "location": "Hall", "description": "It does not close."})
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert not Ticket.objects.exists() and mail.outbox == []
    assert client.get(url).status_code == 200


def test_arrears_reminders_are_limited(setup, client_of):  # noqa: F811
    from coownership import views

    client = client_of(fresh(setup.syndic))
    url = reverse("coownership:send_reminders", args=[setup.building.slug])
    for _ in range(limit_of(views.send_reminders)):
        client.post(url)
    mail.outbox.clear()
    refused = client.post(url)
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert mail.outbox == []


def test_giving_proxies_is_limited(ga, client_of):  # noqa: F811
    from community.governance import views
    from community.governance.models import Proxy

    member = client_of(ga.ana)
    url = f"/en/assemblies/meetings/{ga.meeting.pk}/proxy/"
    for _ in range(limit_of(views.give_proxy)):
        member.post(url, {"holder": "abc"})
    mail.outbox.clear()
    refused = member.post(url, {"holder": ga.bob.pk})
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert not Proxy.objects.exists() and mail.outbox == []


def test_every_form_that_sends_email_carries_a_limit():
    """The views whose services notify people by e-mail."""
    from community.governance import views as governance_views
    from community.governance import views_chair
    from coownership import views as coownership_views
    from coownership import views_money, views_tickets
    from platform_forums import views, views_groups, views_meetings

    limited = [
        views.ask_to_join, views.accept, views.new_thread, views.thread,
        views_groups.new_opinion, views_groups.comment_opinion, views_groups.approve_opinion,
        views_meetings.answer, views_meetings.minutes, views_meetings.convene,
        views_tickets.report_ticket, views_tickets.ticket, coownership_views.send_reminders,
        views_money.issue_call, coownership_views.request_statement,
        governance_views.give_proxy, governance_views.withdraw_proxy, governance_views.meeting_action,
        governance_views.question_action, views_chair.question_step, views_chair.minutes_approve,
    ]
    assert [v.__name__ for v in limited if not getattr(v, "rate_limit", None)] == []


# --- allauth ------------------------------------------------------------------------------
def test_password_reset_is_limited_per_address_and_account(client, user_factory):
    from allauth.account.models import EmailAddress

    person = user_factory(email="reset@example.org")
    EmailAddress.objects.update_or_create(user=person, email=person.email, defaults={"verified": True, "primary": True})
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": person.email}).status_code for _ in range(6)]
    # ACCOUNT_RATE_LIMITS["reset_password"]: five per minute for one account.
    assert statuses[:5] == [302] * 5 and statuses[5] == 429
    assert len(mail.outbox) == 5


@override_settings(ACCOUNT_RATE_LIMITS={"signup": "2/m/ip"})
def test_signups_are_limited_per_address(client):
    from community.models import User

    url = reverse("account_signup")
    for n in range(2):
        client.post(url, {"email": f"new{n}@example.org", "password1": "x"})  # invalid, still counted
    response = client.post(url, {"email": "late@example.org", "first_name": "Late", "last_name": "Comer", "password1": "a-long-Passw0rd!", "password2": "a-long-Passw0rd!"})
    assert_too_many(response, PAUSED)
    assert not User.objects.filter(email="late@example.org").exists()

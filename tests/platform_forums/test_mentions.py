"""Mentions by name (issue 26): a forum never shows a member's e-mail address
to other readers, neither in a post nor in the suggestions; the mentioned
reader is notified."""

import json

import pytest
from django.urls import reverse

from community.models import Notification
from platform_forums import selectors, services
from platform_forums.models import Post
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db


def _named(space):
    for key, (first, last) in {
        "pilot": ("Claire", "Dumont"), "secretariat": ("Nadia", "Benali"), "member": ("Jan", "Peeters"),
        "removed": ("Claude", "Gone"), "other_platform": ("Clara", "Elsewhere"), "outsider": ("Clarisse", "Outside"),
    }.items():
        person = getattr(space, key)
        person.first_name, person.last_name = first, last
        person.save()


def test_a_mention_by_name_notifies_the_reader_and_shows_the_name(space, django_capture_on_commit_callbacks):
    _named(space)
    thread = services.start_thread(acting_user=space.member, forum=space.forum, title="Transit", body="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.reply(
            acting_user=space.member, thread=thread,
            body="Agreed @claire dumont, and @Clarisse Outside who may not read this.",
        )
    notified = [n.recipient for n in Notification.objects.filter(category="forum_mention")]
    # Only readers of the forum can be mentioned: the outsider hears nothing.
    assert notified == [space.pilot]
    assert "@claire dumont" in post.body_html


def test_a_mention_by_address_is_stored_with_the_name_instead(space, django_capture_on_commit_callbacks):
    _named(space)
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.start_thread(
            acting_user=space.member, forum=space.forum, title="T", body=f"Hi @{space.pilot.email.upper()}."
        )
    post = Post.objects.get(thread=thread)
    assert post.body_html == "<p>Hi @Claire Dumont.</p>"
    assert [n.recipient for n in Notification.objects.filter(category="forum_mention")] == [space.pilot]


def test_suggestions_give_the_forums_readers_names_and_never_an_address(space, client_of):
    _named(space)
    url = reverse("platform_forums:mention_suggestions", args=[space.forum.slug])
    client = client_of(space.member)
    response = client.get(url, {"q": "cla"})
    assert response.status_code == 200
    # The pilot reads the forum; the organisation that left, another platform's
    # member and an outsider do not, and are never offered.
    assert json.loads(response.content) == {"names": ["Claire Dumont"]}
    assert json.loads(client.get(url, {"q": "Jan P"}).content) == {"names": ["Jan Peeters"]}
    for query in ("@", "person", "example.org", space.pilot.email):
        text = client.get(url, {"q": query}).content.decode()
        assert "@" not in text and json.loads(text) == {"names": []}


def test_only_who_may_write_in_the_forum_gets_suggestions(space, client_of, staff_user):
    _named(space)
    url = reverse("platform_forums:mention_suggestions", args=[space.forum.slug])
    for person in (space.outsider, space.other_platform, staff_user):
        assert_refused(client_of(person).get(url, {"q": "cla"}), "Only the members of this forum may mention its members.")


def test_no_address_appears_on_the_forums_pages_for_another_reader(space, client_of):
    _named(space)
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="T", body=f"Hi @{space.pilot.email} and @Nadia Benali"
    )
    reader = client_of(space.secretariat)
    for url in (
        reverse("platform_forums:forum", args=[space.forum.slug]),
        reverse("platform_forums:thread", args=[thread.pk]),
        reverse("platform_forums:new_thread", args=[space.forum.slug]),
    ):
        page = reader.get(url).content.decode()
        for person in (space.pilot, space.member, space.secretariat):
            assert person.email not in page, url
    assert "Hi @Claire Dumont and @Nadia Benali" in reader.get(reverse("platform_forums:thread", args=[thread.pk])).content.decode()


def test_the_readers_of_each_kind_of_forum(space):
    assert set(selectors.forum_readers(space.forum)) == {space.pilot, space.secretariat, space.member}
    assert set(selectors.forum_readers(space.other_forum)) == {space.other_platform}

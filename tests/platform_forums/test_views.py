"""Pages: every members-only view refused to whom is not a member (never a
500), query counts pinned and independent of the data, posts rendered safe."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_forums import services
from platform_forums.models import Post, Thread
from tests.platform_forums.factories import PostFactory, ThreadFactory
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "<svg onload=alert('xss')>",
    "<a href=\"javascript:alert('xss')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('xss')\">click</a>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<body onload=alert('xss')>",
    "<details open ontoggle=alert('xss')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    "\"><script>alert('xss')</script>",
    "<p style=\"background:url(javascript:alert('xss'))\">styled</p>",
    "<object data=\"javascript:alert('xss')\"></object>",
    "<form action=\"javascript:alert('xss')\"><button>go</button></form>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss')>\">",
    "<<script>alert('xss');//<</script>",
    "<a href=\"&#106;avascript:alert('xss')\">entity</a>",
]


def members_only_urls(space, thread, post):
    return [
        ("get", reverse("platform_forums:members", args=[space.platform.slug])),
        ("get", reverse("platform_forums:forum", args=[space.forum.slug])),
        ("get", reverse("platform_forums:new_thread", args=[space.forum.slug])),
        ("get", reverse("platform_forums:thread", args=[thread.pk])),
        ("post", reverse("platform_forums:thread", args=[thread.pk])),
        ("get", reverse("platform_forums:post", args=[post.pk])),
        ("post", reverse("platform_forums:flag", args=[post.pk])),
        ("post", reverse("platform_forums:moderate_post", args=[post.pk])),
        ("post", reverse("platform_forums:moderate_thread", args=[thread.pk])),
        ("get", reverse("platform_forums:edit", args=[post.pk])),
    ]


@pytest.fixture
def thread(space):
    return services.start_thread(
        acting_user=space.member, forum=space.forum, title="Hello", body="first post"
    )


def test_anonymous_is_sent_to_log_in(client, space, thread):
    for method, url in members_only_urls(space, thread, thread.posts.get()):
        response = getattr(client, method)(url, {"body": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_non_members_are_refused_everywhere(client_of, space, thread, who):
    client = client_of(getattr(space, who))
    for method, url in members_only_urls(space, thread, thread.posts.get()):
        response = getattr(client, method)(url, {"body": "x", "action": "hide"})
        assert_refused(response, "Only the author may edit this message." if url.endswith("/edit/") else "This space is for its members only.")
    assert Post.objects.count() == 1 and not Post.objects.filter(is_hidden=True).exists()


def test_member_replies_and_refusal_is_shown_not_a_500(client_of, space, thread):
    client = client_of(space.member)
    url = reverse("platform_forums:thread", args=[thread.pk])
    response = client.post(url, {"body": "   "}, follow=True)
    assert response.status_code == 200 and "Write a message first." in response.content.decode()
    response = client.post(url, {"body": "second **post**"})
    assert response.status_code == 302 and "#post-" in response["Location"]
    assert thread.posts.count() == 2


def test_member_cannot_moderate_through_the_view(client_of, space, thread):
    response = client_of(space.member).post(
        reverse("platform_forums:moderate_thread", args=[thread.pk]),
        {"action": "lock"},
        follow=True,
    )
    assert "Only the forum&#x27;s moderators" in response.content.decode()
    thread.refresh_from_db()
    assert not thread.is_locked


def test_other_author_cannot_open_edit(client_of, space, thread):
    response = client_of(space.pilot).get(reverse("platform_forums:edit", args=[thread.posts.get().pk]))
    assert_refused(response, "Only the author may edit this message.")


def test_quote_prefills_reply(client_of, space, thread):
    response = client_of(space.pilot).get(
        reverse("platform_forums:thread", args=[thread.pk]), {"quote": thread.posts.get().pk}
    )
    assert "&lt;blockquote&gt;" in response.content.decode()


def test_public_page_shows_members_and_join_form(client_of, client, space):
    url = reverse("platform_forums:platform", args=[space.platform.slug])
    body = client.get(url).content.decode()
    assert space.seats["member"].organisation.name in body
    assert space.seats["removed"].organisation.name not in body
    assert "Members&#x27; space" not in body


def _own(captured) -> int:
    return sum(1 for q in captured.captured_queries if "wagtailcore_" not in q["sql"])


def _thread_page_queries(client, thread, page=1):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("platform_forums:thread", args=[thread.pk]), {"page": page})
    assert response.status_code == 200
    return _own(queries)


def test_thread_page_query_count_is_pinned_and_does_not_grow(client_of, space):
    thread = ThreadFactory(forum=space.forum, author=space.member)
    client = client_of(space.member)
    PostFactory.create_batch(3, thread=thread, author=space.member)
    _thread_page_queries(client, thread)  # the first visit also creates the read mark
    few = _thread_page_queries(client, thread)
    PostFactory.create_batch(200, thread=thread, author=space.pilot)
    assert _thread_page_queries(client, thread, page=1) == few
    assert _thread_page_queries(client, thread, page=5) == few
    assert _thread_page_queries(client, thread, page=3) == few
    assert few <= 16


def test_forum_page_query_count_does_not_grow(client_of, space):
    client = client_of(space.member)
    url = reverse("platform_forums:forum", args=[space.forum.slug])
    ThreadFactory.create_batch(2, forum=space.forum)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ThreadFactory.create_batch(40, forum=space.forum)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    # The shared layout's cached Wagtail menu reads come and go with the site cache.
    assert _own(many) == _own(few) and response.context["page"].paginator.num_pages == 2


def test_search_finds_threads_by_title_and_text(client_of, space, thread):
    services.start_thread(
        acting_user=space.member, forum=space.forum, title="Garden", body="tomatoes"
    )
    client = client_of(space.member)
    url = reverse("platform_forums:forum", args=[space.forum.slug])
    assert [t.title for t in client.get(url, {"q": "tomato"}).context["page"]] == ["Garden"]
    assert [t.title for t in client.get(url, {"q": "hello"}).context["page"]] == ["Hello"]


def test_unread_marker(client_of, space, thread):
    url = reverse("platform_forums:forum", args=[space.forum.slug])
    pilot = client_of(space.pilot)
    assert thread.pk in pilot.get(url).context["unread"]
    pilot.get(reverse("platform_forums:thread", args=[thread.pk]))
    assert thread.pk not in pilot.get(url).context["unread"]
    services.reply(acting_user=space.member, thread=Thread.objects.get(pk=thread.pk), body="news")
    assert thread.pk in pilot.get(url).context["unread"]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_stored_and_rendered_harmless(client_of, space, payload):
    try:
        thread = services.start_thread(
            acting_user=space.member, forum=space.forum, title="X", body=payload + " text"
        )
    except Exception:  # noqa: BLE001 — a refusal (nothing left once cleaned) is also safe
        return
    html = (
        client_of(space.member)
        .get(reverse("platform_forums:thread", args=[thread.pk]))
        .content.decode()
    )
    body = html.split('id="forum-posts"')[1].split("</article>")[0]
    parser = _Tags()
    parser.feed(body)
    for tag, attrs in parser.tags:
        assert tag not in {
            "script",
            "svg",
            "img",
            "iframe",
            "object",
            "form",
            "math",
            "style",
            "body",
            "details",
        }, (payload, tag)
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (payload, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:")), (
                payload,
                value,
            )


def test_moderation_queue_lists_flags_of_led_forums_only(client_of, space, thread):
    services.flag_post(acting_user=space.pilot, post=thread.posts.get(), reason="spam")
    assert (
        len(
            client_of(space.secretariat).get(reverse("platform_forums:moderation")).context["flags"]
        )
        == 1
    )
    assert (
        len(client_of(space.member).get(reverse("platform_forums:moderation")).context["flags"])
        == 0
    )


def test_join_through_the_pages(client_of, space):
    from tests.factories import OrganisationFactory
    from tests.platform_forums.conftest import person_of

    organisation = OrganisationFactory(name="Newcomers")
    newcomer = person_of(organisation)
    url = reverse("platform_forums:platform", args=[space.platform.slug])
    response = client_of(newcomer).post(
        reverse("platform_forums:ask_to_join", args=[space.platform.slug]),
        {"organisation": organisation.pk},
        follow=True,
    )
    assert "sent to the platform" in response.content.decode()
    members = client_of(space.pilot).get(
        reverse("platform_forums:members", args=[space.platform.slug])
    )
    seat = members.context["pending"][0]
    refused = client_of(space.member).post(
        reverse("platform_forums:accept", args=[seat.pk]), follow=True
    )
    assert "Only the platform" in refused.content.decode()
    client_of(space.pilot).post(reverse("platform_forums:accept", args=[seat.pk]))
    assert "Newcomers" in client_of(space.outsider).get(url).content.decode()


def test_my_space_panel(client_of, space):
    body = client_of(space.member).get(reverse("community:my_space")).content.decode()
    assert space.platform.name in body and space.forum.title in body


def test_thread_page_stays_within_its_query_budget_as_the_history_doubles(client_of, space):
    """Issue 18: session, user, access rows with the unread count (3), then the
    thread's reads, the same with five and ten years of notifications."""
    from tests.member_history import counts_as_history_doubles

    thread = ThreadFactory(forum=space.forum, author=space.member)
    PostFactory.create_batch(30, thread=thread, author=space.pilot)
    url = reverse("platform_forums:thread", args=[thread.pk])
    five, ten = counts_as_history_doubles(client_of(space.member), url, space.member)
    assert (five, ten) == (11, 11)

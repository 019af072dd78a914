"""Sub-commissions, opinions, the good-practices catalogue and forum
attachments: services and pages, each refusal a person would see (other
platform, not a member, removed member), never a 500."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import NotificationPreference
from community.services.notifications import set_email_frequency
from community.tasks import send_daily_digests
from platform_forums import meetings, opinions, services, sub_commissions
from platform_forums.errors import ForumRefusal
from platform_forums.models import Opinion, OpinionRevision, PostAttachment, Practice
from tests.refusals import assert_redirected, assert_redirected_to_login, assert_refused

MEMBERS_ONLY = 'This space is for its members only.'

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date.today


def _later(days=10):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def sub(space):
    sub = sub_commissions.create_sub_commission(
        acting_user=space.pilot, platform=space.platform, name="Transit housing"
    )
    sub_commissions.join_sub_commission(acting_user=space.member, sub_commission=sub)
    return sub


# --- Sub-commissions -------------------------------------------------------------


def test_only_the_pilot_or_secretariat_creates_a_sub_commission(space):
    with pytest.raises(ForumRefusal, match="pilot or secretariat"):
        sub_commissions.create_sub_commission(
            acting_user=space.member, platform=space.platform, name="Renovation"
        )
    sub = sub_commissions.create_sub_commission(
        acting_user=space.secretariat, platform=space.platform, name="Renovation"
    )
    assert sub.forum.platform_id == space.platform.pk
    with pytest.raises(ForumRefusal, match="already has"):
        sub_commissions.create_sub_commission(
            acting_user=space.pilot, platform=space.platform, name="Renovation"
        )


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_only_platform_members_join(space, sub, who):
    with pytest.raises(ForumRefusal, match="Only the platform's members"):
        sub_commissions.join_sub_commission(acting_user=getattr(space, who), sub_commission=sub)


def test_sub_commission_forum_is_for_its_members_and_the_platform_leads(space, sub):
    forum = sub.forum
    assert space.member.has_perm("platform_forums.read_forum", forum)
    assert space.pilot.has_perm("platform_forums.read_forum", forum)
    for who in ["secretariat", "outsider", "removed", "other_platform"]:
        person = getattr(space, who)
        expected = who == "secretariat"
        assert person.has_perm("platform_forums.read_forum", forum) is expected, who
    # The leads read it (moderation); a colleague of a member who did not join does not.
    from community.access import forget_access
    from tests.platform_forums.conftest import person_of

    colleague = person_of(space.seats["member"].organisation)
    assert colleague.has_perm("platform_forums.read_forum", forum) is False
    sub_commissions.leave_sub_commission(acting_user=space.member, sub_commission=sub)
    forget_access(space.member)  # the same user object, as within one request
    assert not space.member.has_perm("platform_forums.read_forum", forum)


def test_sub_commission_meeting_convenes_only_its_members_with_the_ics(
    space, sub, django_capture_on_commit_callbacks
):
    set_email_frequency(
        user=space.member, category="platform", frequency=NotificationPreference.Frequency.IMMEDIATELY
    )
    with pytest.raises(ForumRefusal, match="coordinator"):
        meetings.convene_meetings(
            acting_user=space.member,
            platform=space.platform,
            sub_commission=sub,
            title="Inventory",
            first_starts_at=_later(),
            place="Room 2",
            agenda=[],
        )
    with django_capture_on_commit_callbacks(execute=True):
        (meeting,) = meetings.convene_meetings(
            acting_user=space.pilot,
            platform=space.platform,
            sub_commission=sub,
            title="Inventory",
            first_starts_at=_later(),
            place="Room 2",
            agenda=["Free transit homes"],
        )
    assert meeting.sub_commission == sub
    (message,) = mail.outbox
    assert message.to == [space.member.email]
    ((name, content, mimetype),) = message.attachments
    assert name == f"meeting-{meeting.pk}.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and "Inventory" in content and "Free transit homes" in content
    # A platform member outside the sub-commission may not answer its convocation.
    with pytest.raises(ForumRefusal, match="sub-commission's members"):
        meetings.answer_convocation(acting_user=space.secretariat, meeting=meeting, answer="in_person")
    meetings.answer_convocation(acting_user=space.member, meeting=meeting, answer="in_person")


def test_plenary_convocation_in_the_daily_digest_keeps_its_ics(
    space, django_capture_on_commit_callbacks
):
    # "platform" defaults to the daily digest: nobody chose anything here.
    with django_capture_on_commit_callbacks(execute=True):
        meetings.convene_meetings(
            acting_user=space.secretariat,
            platform=space.platform,
            title="Plenary",
            first_starts_at=_later(),
            place="Town hall",
            agenda=["Minutes"],
            every_months=2,
            count=3,
        )
    assert mail.outbox == []
    assert send_daily_digests() == 3  # pilot, secretariat and member; not the removed one
    for message in mail.outbox:
        ((name, content, _mimetype),) = message.attachments
        assert name.endswith(".ics") and content.count("BEGIN:VEVENT") == 3
    assert space.removed.email not in {m.to[0] for m in mail.outbox}


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_sub_commission_pages_refuse_non_members(client_of, space, sub, who):
    client = client_of(getattr(space, who))
    urls = [
        ("get", reverse("platform_forums:sub_commission", args=[space.platform.slug, sub.slug])),
        ("post", reverse("platform_forums:join_or_leave", args=[space.platform.slug, sub.slug])),
        ("post", reverse("platform_forums:create_sub_commission", args=[space.platform.slug])),
        ("get", reverse("platform_forums:forum", args=[sub.forum.slug])),
        ("get", reverse("platform_forums:convene", args=[space.platform.slug]) + f"?sub={sub.slug}"),
    ]
    for method, url in urls:
        assert_refused(getattr(client, method)(url, {"name": "X"}), "Only the platform's pilot or secretariat may do this." if "/convene/" in url else MEMBERS_ONLY)
    assert sub.members.filter(left_at__isnull=True).count() == 1


def test_member_joins_from_the_page(client_of, space, sub):
    client = client_of(space.secretariat)
    page = reverse("platform_forums:sub_commission", args=[space.platform.slug, sub.slug])
    assert "Join the sub-commission" in client.get(page).content.decode()
    response = client.post(
        reverse("platform_forums:join_or_leave", args=[space.platform.slug, sub.slug]),
        {"action": "join"},
        follow=True,
    )
    assert "You are now a member" in response.content.decode()
    public = client_of(space.outsider).get(
        reverse("platform_forums:platform", args=[space.platform.slug])
    )
    assert "Transit housing" in public.content.decode() and "2 members" in public.content.decode()


# --- Opinions ----------------------------------------------------------------------


@pytest.fixture
def draft(space):
    return opinions.draft_opinion(
        acting_user=space.member,
        platform=space.platform,
        title="Opinion on 24 municipal homes",
        addressee="Municipal council of Esneux",
        text="We ask for a community room.<script>alert(1)</script>",
    )


def test_members_draft_revise_and_comment_together(space, draft):
    assert "<script>" not in draft.body_html and draft.revisions.count() == 1
    opinions.revise_opinion(
        acting_user=space.secretariat,
        opinion=draft,
        title=draft.title,
        addressee=draft.addressee,
        text="We ask for a community room and passive standards.",
    )
    opinions.comment_opinion(acting_user=space.pilot, opinion=draft, text="Agreed.")
    assert list(
        OpinionRevision.objects.filter(opinion=draft).values_list("author", flat=True)
    ) == [space.secretariat.pk, space.member.pk]
    assert draft.comments.count() == 1


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_non_members_cannot_draft_revise_or_comment(space, draft, who):
    person = getattr(space, who)
    with pytest.raises(ForumRefusal):
        opinions.draft_opinion(
            acting_user=person, platform=space.platform, title="T", addressee="A", text="x"
        )
    with pytest.raises(ForumRefusal):
        opinions.revise_opinion(
            acting_user=person, opinion=draft, title="T", addressee="A", text="x"
        )
    with pytest.raises(ForumRefusal):
        opinions.comment_opinion(acting_user=person, opinion=draft, text="x")


def test_the_pilot_approves_the_secretariat_only_citing_a_meeting(space, draft):
    with pytest.raises(ForumRefusal, match="Only the pilot"):
        opinions.approve_opinion(acting_user=space.member, opinion=draft, sent_on=TODAY())
    with pytest.raises(ForumRefusal, match="Only the pilot"):
        opinions.approve_opinion(acting_user=space.secretariat, opinion=draft, sent_on=TODAY())
    meeting = meetings.convene_meetings(
        acting_user=space.secretariat,
        platform=space.platform,
        title="Plenary",
        first_starts_at=_later(),
        place="Town hall",
        agenda=[],
    )[0]
    with pytest.raises(ForumRefusal, match="minutes are recorded"):
        opinions.approve_opinion(
            acting_user=space.secretariat, opinion=draft, sent_on=TODAY(), meeting=meeting
        )
    meetings.record_minutes(
        acting_user=space.secretariat, meeting=meeting, minutes="Opinion approved.", actions=[]
    )
    with pytest.raises(ForumRefusal, match="today or earlier"):
        opinions.approve_opinion(
            acting_user=space.secretariat,
            opinion=draft,
            sent_on=TODAY() + datetime.timedelta(days=1),
            meeting=meeting,
        )
    published = opinions.approve_opinion(
        acting_user=space.secretariat, opinion=draft, sent_on=TODAY(), meeting=meeting
    )
    assert published.is_published and published.approved_in == meeting
    with pytest.raises(ForumRefusal, match="can no longer change"):
        opinions.revise_opinion(
            acting_user=space.member, opinion=published, title="T", addressee="A", text="x"
        )
    with pytest.raises(ForumRefusal, match="already published"):
        opinions.approve_opinion(acting_user=space.pilot, opinion=published, sent_on=TODAY())


def test_follow_up_is_recorded_by_the_leads_after_publication(space, draft):
    with pytest.raises(ForumRefusal, match="once it is published"):
        opinions.record_follow_up(
            acting_user=space.pilot, opinion=draft, kind="answered", happened_on=TODAY()
        )
    sent_on = TODAY() - datetime.timedelta(days=10)
    published = opinions.approve_opinion(acting_user=space.pilot, opinion=draft, sent_on=sent_on)
    with pytest.raises(ForumRefusal, match="pilot or secretariat"):
        opinions.record_follow_up(
            acting_user=space.member, opinion=published, kind="answered", happened_on=TODAY()
        )
    with pytest.raises(ForumRefusal, match="before the opinion was sent"):
        opinions.record_follow_up(
            acting_user=space.pilot,
            opinion=published,
            kind="answered",
            happened_on=sent_on - datetime.timedelta(days=1),
        )
    with pytest.raises(ForumRefusal, match="Choose"):
        opinions.record_follow_up(
            acting_user=space.pilot, opinion=published, kind="maybe", happened_on=TODAY()
        )
    opinions.record_follow_up(
        acting_user=space.secretariat, opinion=published, kind="taken", happened_on=TODAY()
    )
    assert published.follow_ups.get().get_kind_display() == "taken into account"


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_draft_pages_refuse_non_members(client_of, space, draft, who):
    client = client_of(getattr(space, who))
    urls = [
        ("get", reverse("platform_forums:opinion", args=[draft.pk])),
        ("get", reverse("platform_forums:new_opinion", args=[space.platform.slug])),
        ("post", reverse("platform_forums:revise_opinion", args=[draft.pk])),
        ("post", reverse("platform_forums:comment_opinion", args=[draft.pk])),
        ("post", reverse("platform_forums:approve_opinion", args=[draft.pk])),
        ("post", reverse("platform_forums:follow_up_opinion", args=[draft.pk])),
    ]
    for method, url in urls:
        assert_refused(getattr(client, method)(url, {"text": "x"}), MEMBERS_ONLY)
    assert draft.comments.count() == 0 and draft.revisions.count() == 1


def test_anonymous_sees_the_published_opinion_not_the_draft(client, client_of, space, draft):
    url = reverse("platform_forums:opinion", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    member = client_of(space.pilot)
    response = member.post(
        reverse("platform_forums:approve_opinion", args=[draft.pk]),
        {"sent_on": "2027-02-30"},
        follow=True,
    )
    assert response.status_code == 200 and "today or earlier" in response.content.decode()
    response = member.post(
        reverse("platform_forums:approve_opinion", args=[draft.pk]),
        {"sent_on": TODAY().isoformat()},
        follow=True,
    )
    assert "approved and published" in response.content.decode()
    public = client.get(reverse("platform_forums:platform", args=[space.platform.slug]))
    body = public.content.decode()
    assert "Opinion on 24 municipal homes" in body and "To Municipal council of Esneux" in body
    page = client.get(url).content.decode()
    assert "We ask for a community room." in page and "Members&#x27; comments" not in page


# --- The catalogue ------------------------------------------------------------------


@pytest.fixture
def catalogue(space):
    public = opinions.add_practice(
        acting_user=space.member,
        platform=space.platform,
        kind=Practice.Kind.INNOVATIVE_PROJECT,
        title="Land kept in common",
        theme="Community land trust",
        summary="Homes stay affordable for good.",
        is_public=True,
    )
    private = opinions.add_practice(
        acting_user=space.member,
        platform=space.platform,
        kind=Practice.Kind.GOOD_PRACTICE,
        title="Shared housing desks",
        theme="Support",
        summary="Each service holds a half-day a week.",
        text="Open every weekday without one service doing it all.",
    )
    return public, private


def test_catalogue_search_by_theme_and_words(client, client_of, space, catalogue):
    url = reverse("platform_forums:practices", args=[space.platform.slug])
    anonymous = client.get(url).content.decode()
    assert "Land kept in common" in anonymous and "Shared housing desks" not in anonymous
    member = client_of(space.secretariat)
    assert "Shared housing desks" in member.get(url).content.decode()
    by_theme = member.get(url, {"theme": "Support"}).content.decode()
    assert "Shared housing desks" in by_theme and "Land kept in common" not in by_theme
    by_words = member.get(url, {"q": "weekday"}).content.decode()
    assert "Shared housing desks" in by_words and "Land kept in common" not in by_words
    assert "Nothing matches" in member.get(url, {"q": "zzz"}).content.decode()


@pytest.mark.parametrize("who", ["outsider", "removed", "other_platform"])
def test_members_only_entries_and_forms_refuse_non_members(client_of, space, catalogue, who):
    public, private = catalogue
    client = client_of(getattr(space, who))
    assert client.get(reverse("platform_forums:practice", args=[public.pk])).status_code == 200
    for method, url in [
        ("get", reverse("platform_forums:practice", args=[private.pk])),
        ("get", reverse("platform_forums:new_practice", args=[space.platform.slug])),
        ("post", reverse("platform_forums:new_practice", args=[space.platform.slug])),
        ("get", reverse("platform_forums:edit_practice", args=[public.pk])),
        ("post", reverse("platform_forums:edit_practice", args=[public.pk])),
    ]:
        assert_refused(getattr(client, method)(url, {"title": "x"}), "Only who added it, or the platform's pilot or secretariat, may change it." if url.endswith("/edit/") else MEMBERS_ONLY)
    assert "Shared housing desks" not in client.get(
        reverse("platform_forums:practices", args=[space.platform.slug])
    ).content.decode()
    assert Practice.objects.count() == 2


def test_only_who_added_it_or_the_leads_change_an_entry(space, catalogue):
    public, _private = catalogue
    fields = dict(kind="project", title="Land", theme="CLT", summary="S", is_public=False)
    with pytest.raises(ForumRefusal, match="Only who added it"):
        opinions.update_practice(acting_user=space.removed, practice=public, **fields)
    opinions.update_practice(acting_user=space.pilot, practice=public, **fields)
    with pytest.raises(ForumRefusal, match="Choose a good practice"):
        opinions.update_practice(acting_user=space.member, practice=public, **{**fields, "kind": "x"})
    public.refresh_from_db()
    assert public.title == "Land" and not public.is_public


def test_member_adds_an_entry_and_a_bad_form_is_a_message(client_of, space):
    client = client_of(space.member)
    url = reverse("platform_forums:new_practice", args=[space.platform.slug])
    response = client.post(url, {"kind": "practice", "title": "", "theme": "x", "summary": "s"})
    assert response.status_code == 200 and "Give it a title." in response.content.decode()
    response = client.post(
        url, {"kind": "practice", "title": "Desk", "theme": "Support", "summary": "s", "is_public": "1"}
    )
    assert response.status_code == 302 and Practice.objects.get().is_public


def _queries(client, url):
    """This page's own queries: the shared layout's cached Wagtail menu reads
    come and go with the site cache and are left aside."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries.captured_queries if "wagtailcore_" not in q["sql"])


def _grow(space, n, start=0):
    for i in range(start, start + n):
        opinions.add_practice(
            acting_user=space.member,
            platform=space.platform,
            kind="practice",
            title=f"Entry {i}",
            theme=f"Theme {i % 5}",
            summary="s",
            is_public=i % 2 == 0,
        )
        draft = opinions.draft_opinion(
            acting_user=space.member, platform=space.platform, title=f"O{i}", addressee="A", text="t"
        )
        published = opinions.approve_opinion(acting_user=space.pilot, opinion=draft, sent_on=TODAY())
        opinions.record_follow_up(
            acting_user=space.pilot, opinion=published, kind="answered", happened_on=TODAY()
        )


def test_catalogue_public_and_members_pages_query_counts_do_not_grow(
    client, client_of, space, catalogue
):
    catalogue_url = reverse("platform_forums:practices", args=[space.platform.slug])
    public_url = reverse("platform_forums:platform", args=[space.platform.slug])
    members_url = reverse("platform_forums:members", args=[space.platform.slug])
    member = client_of(space.member)
    _grow(space, 1)
    sub_commissions.create_sub_commission(
        acting_user=space.pilot, platform=space.platform, name="Group 0"
    )
    few = (
        _queries(member, catalogue_url),
        _queries(client, public_url),
        _queries(member, members_url),
    )
    _grow(space, 30, start=1)
    for i in range(1, 10):
        sub_commissions.create_sub_commission(
            acting_user=space.pilot, platform=space.platform, name=f"Group {i}"
        )
    assert _queries(member, catalogue_url) == few[0]
    assert _queries(client, public_url) == few[1]
    assert _queries(member, members_url) == few[2]
    assert few[0] <= 12 and few[1] <= 12


# --- Forum attachments -----------------------------------------------------------------


@pytest.fixture
def attached(space):
    thread = services.start_thread(
        acting_user=space.member,
        forum=space.forum,
        title="Plans",
        body="The plans are attached.",
        files=[SimpleUploadedFile("plans.pdf", PDF, content_type="application/pdf")],
    )
    return thread.posts.get().attachments.get()


def test_attachment_is_stored_outside_the_web_root(attached):
    path = attached.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT)) and not path.startswith(
        str(settings.STATIC_ROOT)
    )
    assert attached.content_type == "application/pdf" and attached.filename == "plans.pdf"
    assert "plans" not in attached.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf")],
         "“x.pdf”: Send a PDF, PNG or JPEG file."),
        ([SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")],
         "“big.pdf”: The file is larger than 5 MB."),
        ([SimpleUploadedFile(f"{i}.pdf", PDF, "application/pdf") for i in range(4)],
         "At most 3 files"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_posted(client_of, space, files, message):
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="T", body="first"
    )
    response = client_of(space.member).post(
        reverse("platform_forums:thread", args=[thread.pk]),
        {"body": "with a file", "files": files},
        follow=True,
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert thread.posts.count() == 1 and not PostAttachment.objects.exists()


def test_members_download_through_the_permission_check(client_of, space, attached):
    url = reverse("platform_forums:attachment", args=[attached.pk])
    response = client_of(space.pilot).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    thread_page = client_of(space.pilot).get(
        reverse("platform_forums:thread", args=[attached.post.thread_id])
    )
    assert url in thread_page.content.decode()


def test_anonymous_and_non_members_cannot_download(client, client_of, space, attached):
    url = reverse("platform_forums:attachment", args=[attached.pk])
    assert_redirected_to_login(client.get(url), url)
    for who in ["outsider", "removed", "other_platform"]:
        assert_refused(client_of(getattr(space, who)).get(url), MEMBERS_ONLY)


def test_a_hidden_posts_file_is_for_moderators_only(client_of, space, attached):
    services.set_post_hidden(acting_user=space.pilot, post=attached.post, hidden=True)
    url = reverse("platform_forums:attachment", args=[attached.pk])
    assert_refused(client_of(space.member).get(url), "The moderators hid this message: its files are only for them.")
    assert client_of(space.secretariat).get(url).status_code == 200


def test_reply_with_an_image_through_the_page(client_of, space):
    thread = services.start_thread(
        acting_user=space.member, forum=space.forum, title="T", body="first"
    )
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")
    response = client_of(space.pilot).post(
        reverse("platform_forums:thread", args=[thread.pk]), {"body": "photo", "files": [png]}
    )
    assert_redirected(response, reverse("platform_forums:thread", args=[thread.pk]))
    assert PostAttachment.objects.get().content_type == "image/png"


def test_opinion_drafts_are_not_listed_publicly(client, space, draft):
    assert Opinion.objects.count() == 1
    body = client.get(reverse("platform_forums:platform", args=[space.platform.slug])).content.decode()
    assert "Opinion on 24 municipal homes" not in body


def test_a_member_whose_organisation_leaves_loses_the_sub_commission(space, sub):
    from community.models import User

    assert space.member.has_perm("platform_forums.read_forum", sub.forum)
    seat = space.seats["member"]
    seat.left_at = TODAY()
    seat.save()
    member = User.objects.get(pk=space.member.pk)  # a fresh request: no cached roles
    assert not member.has_perm("platform_forums.read_forum", sub.forum)
    assert not member.has_perm("platform_forums.take_part_in_sub_commission", sub)
    with pytest.raises(ForumRefusal):
        meetings.answer_convocation(
            acting_user=member,
            meeting=meetings.convene_meetings(
                acting_user=space.pilot,
                platform=space.platform,
                sub_commission=sub,
                title="Inventory",
                first_starts_at=_later(),
                place="Room 2",
                agenda=[],
            )[0],
            answer="in_person",
        )


def test_a_silly_frequency_is_refused_not_a_500(client_of, space):
    response = client_of(space.secretariat).post(
        reverse("platform_forums:convene", args=[space.platform.slug]),
        {
            "title": "Plenary",
            "starts_at": "2031-02-30T14:00",
            "place": "Hall",
            "every_months": "99999999",
            "count": "3",
        },
    )
    assert response.status_code == 200
    response = client_of(space.secretariat).post(
        reverse("platform_forums:convene", args=[space.platform.slug]),
        {
            "title": "Plenary",
            "starts_at": "2031-02-03T14:00",
            "place": "Hall",
            "every_months": "99999999",
            "count": "3",
        },
    )
    assert response.status_code == 200 and "Repeat every 1 to 12 months" in response.content.decode()


def test_forum_mentions_follow_the_members_preference_daily_or_never(
    space, django_capture_on_commit_callbacks
):
    set_email_frequency(
        user=space.pilot, category="forum_mention", frequency=NotificationPreference.Frequency.DAILY
    )
    set_email_frequency(
        user=space.secretariat,
        category="forum_mention",
        frequency=NotificationPreference.Frequency.NEVER,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.start_thread(
            acting_user=space.member,
            forum=space.forum,
            title="Desks",
            body=f"@{space.pilot.email} and @{space.secretariat.email}: who takes Thursday?",
        )
    assert mail.outbox == []  # one chose the digest, the other no e-mail at all
    assert send_daily_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == [space.pilot.email] and "Desks" in digest.body
    assert space.secretariat.notifications.count() == 1  # still told in the portal


def test_anonymous_is_sent_to_log_in_from_every_new_members_view(client, space, sub, draft, catalogue):
    _public, private = catalogue
    slug = space.platform.slug
    for method, url in [
        ("get", reverse("platform_forums:sub_commission", args=[slug, sub.slug])),
        ("post", reverse("platform_forums:join_or_leave", args=[slug, sub.slug])),
        ("post", reverse("platform_forums:create_sub_commission", args=[slug])),
        ("get", reverse("platform_forums:new_opinion", args=[slug])),
        ("get", reverse("platform_forums:opinion", args=[draft.pk])),
        ("post", reverse("platform_forums:revise_opinion", args=[draft.pk])),
        ("post", reverse("platform_forums:comment_opinion", args=[draft.pk])),
        ("post", reverse("platform_forums:approve_opinion", args=[draft.pk])),
        ("post", reverse("platform_forums:follow_up_opinion", args=[draft.pk])),
        ("get", reverse("platform_forums:new_practice", args=[slug])),
        ("get", reverse("platform_forums:practice", args=[private.pk])),
        ("get", reverse("platform_forums:edit_practice", args=[private.pk])),
    ]:
        response = getattr(client, method)(url, {"name": "x", "text": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_the_forum_list_shows_a_sub_commission_forum_only_to_whom_may_read_it(space, sub):
    from platform_forums.selectors import forums_for

    assert sub.forum in forums_for(space.member) and sub.forum in forums_for(space.pilot)
    assert space.forum in forums_for(space.secretariat)
    from tests.platform_forums.conftest import person_of

    colleague = person_of(space.seats["member"].organisation)
    assert sub.forum not in forums_for(colleague) and space.forum in forums_for(colleague)
    assert sub.forum not in forums_for(space.removed)


def test_a_refused_comment_shows_why_and_changes_nothing(client_of, space, draft):
    """Through the page, as the member reads it: the refusal's message, and
    no comment stored; then the accepted comment, with its confirmation."""
    client = client_of(space.member)
    url = reverse("platform_forums:comment_opinion", args=[draft.pk])
    response = client.post(url, {"text": "x" * 5001}, follow=True)
    assert "The comment is too long (at most 5,000 characters)." in response.content.decode()
    assert draft.comments.count() == 0
    response = client.post(url, {"text": "Agreed."}, follow=True)
    assert "Your comment is added." in response.content.decode()
    assert draft.comments.count() == 1


def test_a_dutch_catalogue_marks_what_is_only_in_french_with_as_many_queries(client_of, space, catalogue, django_assert_num_queries):
    """Practices and opinions written from French pages, read on Dutch ones:
    the original with a small "FR" (labelled "Alleen in het Frans")."""
    from django.utils import translation

    member = client_of(space.member)
    with translation.override("nl"):
        catalogue_url = reverse("platform_forums:practices", args=[space.platform.slug])
        members_url = reverse("platform_forums:members", args=[space.platform.slug])
    with translation.override("fr"):
        _grow(space, 1)
    member.get(catalogue_url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as first:
        page = member.get(catalogue_url).content.decode()
    few = len(first)
    assert '<span class="visually-hidden">Alleen in het Frans</span>' in page
    assert '<span class="visually-hidden">Alleen in het Frans</span>' in member.get(members_url).content.decode()
    with translation.override("fr"):
        _grow(space, 5, start=1)
    with django_assert_num_queries(few):
        page = member.get(catalogue_url).content.decode()
    assert page.count('class="translation-badge"') >= 6


def test_the_catalogue_is_in_the_readers_alphabetical_order(client_of, space):
    """A Dutch page orders by the Dutch titles (the original where there is none)."""
    from django.utils import translation

    from community.content_translation.reading import ordered_by_reader_text
    from platform_forums.models import Practice

    with translation.override("fr"):
        for title in ("Zèbre", "Atelier"):
            opinions.add_practice(acting_user=space.member, platform=space.platform, kind="practice", title=title,
                                  theme="Wonen", summary="s", is_public=True)
    # Its Dutch title sorts it first on Dutch pages.
    Practice.objects.filter(title_fr="Zèbre").update(title_nl="Aap")
    member = client_of(space.member)
    with translation.override("nl"):
        page = member.get(reverse("platform_forums:practices", args=[space.platform.slug])).content.decode()
        assert page.index("Aap") < page.index("Atelier")
        assert [p.title for p in ordered_by_reader_text(Practice.objects.all(), "title")] == ["Aap", "Atelier"]
    with translation.override("fr"):
        page = member.get(reverse("platform_forums:practices", args=[space.platform.slug])).content.decode()
        assert page.index("Atelier") < page.index("Zèbre")

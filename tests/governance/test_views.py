"""The member pages: every perm refused where it should be, bad input gives a
message and changes nothing, list pages cost a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.governance.models import Ballot, Meeting, Proxy, Question, Receipt
from community.governance.services import meetings, voting
from community.models import MeetingReply
from tests.governance.helpers import run
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def test_anonymous_goes_to_log_in(ga, client):
    for url in ["/en/assemblies/", f"/en/assemblies/meetings/{ga.meeting.pk}/", "/en/assemblies/prepare/"]:
        assert client.get(url)["Location"].startswith("/en/accounts/login/")


def test_member_pages_and_refusals(ga, client_of):
    member, outsider = client_of(ga.ana), client_of(ga.outsider)
    home = page(member, "/en/assemblies/").content.decode()
    assert "Spring general assembly" in home and "General assembly" in home
    assert "Spring general assembly" not in page(outsider, "/en/assemblies/").content.decode()
    page(member, f"/en/assemblies/meetings/{ga.meeting.pk}/")
    page(outsider, f"/en/assemblies/meetings/{ga.meeting.pk}/", 403)
    page(member, "/en/assemblies/prepare/", 403)
    page(client_of(ga.staff), "/en/assemblies/prepare/")
    page(member, "/en/assemblies/meetings/999999/", 404)
    # A draft meeting is for those who prepare it.
    draft = meetings.create_meeting(body=ga.body, acting_user=ga.staff, title="Draft", starts_at=timezone.now() + timedelta(days=40), place="Hall")
    page(member, f"/en/assemblies/meetings/{draft.pk}/", 403)
    page(client_of(ga.staff), f"/en/assemblies/prepare/{draft.pk}/")
    page(member, f"/en/assemblies/prepare/{draft.pk}/", 403)


def test_rsvp_and_proxy_through_the_pages(ga, client_of):
    member = client_of(ga.ana)
    url = f"/en/assemblies/meetings/{ga.meeting.pk}/"
    member.post(url + "reply/", {"answer": "absent"})
    assert MeetingReply.objects.get(user=ga.ana).answer == "absent"
    response = member.post(url + "reply/", {"answer": "maybe"}, follow=True)
    assert "Choose one of the answers." in response.content.decode()
    # Each refusal reaches the member as the message they read, and no proxy is stored.
    for bad, message in [
        ("abc", "Choose the member who will vote for you."), ("", "Choose the member who will vote for you."),
        ("999999", "Choose the member who will vote for you."),
        (str(ga.outsider.pk), "A proxy goes to another member of the same body."),
        (str(ga.ana.pk), "You cannot give a proxy to yourself."),
    ]:
        response = member.post(url + "proxy/", {"holder": bad}, follow=True)
        assert response.status_code == 200 and message in response.content.decode()
    assert not Proxy.objects.exists()
    response = member.post(url + "proxy/", {"holder": ga.bob.pk}, follow=True)
    assert "Bob Test holds your proxy for this meeting." in response.content.decode()
    proxy = Proxy.objects.get()
    assert_refused(client_of(ga.bob).post(f"/en/assemblies/proxies/{proxy.pk}/withdraw/"), "Only the member who gave this proxy withdraws it.")
    assert Proxy.objects.get().withdrawn_at is None
    member.post(f"/en/assemblies/proxies/{proxy.pk}/withdraw/")
    assert Proxy.objects.get().withdrawn_at is not None
    assert_refused(client_of(ga.outsider).post(url + "proxy/", {"holder": ga.bob.pk}), "Only the members of this body reply to its meetings and give proxies, once a meeting is convened.")
    assert Proxy.objects.count() == 1


def test_vote_by_form_receipt_shown_once(ga, client_of, time_machine):
    question = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the accounts", is_secret=True)
    yes = question.choices.get(code="yes").pk
    meetings.give_proxy(meeting=ga.meeting, principal=ga.chloe, holder=ga.ana, acting_user=ga.chloe)
    run(ga.meeting, ga.staff, time_machine, ga.ana)
    voting.open_question(question=question, acting_user=ga.staff)
    member = client_of(ga.ana)
    url = f"/en/assemblies/questions/{question.pk}/"
    form = page(member, url).content.decode()
    assert "Your vote" in form and "For Chloe Test (proxy)" in form
    # Bad input: the message the member reads, nothing stored.
    invalid = "This form is not valid: reload the page and vote again."
    for data, message in [
        ({"voter": "x"}, invalid), ({"voter": ga.ana.pk, f"choice_{ga.ana.pk}": "yes"}, invalid),
        ({"voter": ga.ana.pk}, "Choose an answer."),
        ({"voter": ga.bob.pk, f"choice_{ga.bob.pk}": yes}, "You cannot vote for Bob Test: you hold no proxy of theirs"),
    ]:
        response = member.post(url + "vote/", data, follow=True)
        assert response.status_code == 200 and message in response.content.decode()
    assert not Ballot.objects.exists() and not Receipt.objects.exists()
    response = member.post(url + "vote/", {"voter": [ga.ana.pk, ga.chloe.pk], f"choice_{ga.ana.pk}": yes,
                                            f"choice_{ga.chloe.pk}": question.choices.get(code="no").pk}, follow=True)
    text = response.content.decode()
    assert "Your receipt" in text and text.count("receipt-code") == 2
    assert "Your receipt" not in page(member, url).content.decode()
    # A secret question keeps no ballot: two receipts, the choices in its totals.
    assert not Ballot.objects.exists() and Receipt.objects.filter(question=question).count() == 2
    page(client_of(ga.outsider), url, 403)
    assert_refused(client_of(ga.outsider).post(url + "vote/", {"voter": ga.outsider.pk}), 'Only the members of this body vote on this question, once it is put to them.')
    assert Receipt.objects.filter(question=question).count() == 2
    # Members may not run the vote.
    assert_refused(client_of(ga.bob).post(url + "run/close/"), "Only staff, a secretary of this body or the meeting's chair run this meeting.")
    assert Question.objects.get(pk=question.pk).status == "open"
    client_of(ga.staff).post(url + "run/close/")
    assert Question.objects.get(pk=question.pk).status == "closed"
    # The result appears to members once published.
    assert "Adopted" not in page(member, url).content.decode()
    client_of(ga.staff).post(url + "run/publish/")
    assert "Rejected" in page(member, url).content.decode()  # 1 yes, 1 no: no simple majority


def test_verify_receipt_page(ga, client_of):
    now = timezone.now()
    question = voting.add_question(body=ga.body, acting_user=ga.staff, title="House rules", opens_at=now, closes_at=now + timedelta(days=3))
    voting.open_question(question=question, acting_user=ga.staff)
    code = voting.cast_ballots(question=question, acting_user=ga.bob, instructions={ga.bob.pk: [question.choices.get(code="yes").pk]})[ga.bob.pk]
    url = "/en/assemblies/receipt/"
    # Checked by POST: a code in the address would land in access logs.
    assert "This ballot is recorded" not in page(client_of(ga.ana), f"{url}?code={code}").content.decode()
    assert "This ballot is recorded" in client_of(ga.ana).post(url, {"code": code}).content.decode()
    assert "No ballot has this receipt code" in client_of(ga.ana).post(url, {"code": "nothing"}).content.decode()
    assert "No ballot has this receipt code" in client_of(ga.outsider).post(url, {"code": code}).content.decode()


def test_documents_only_for_those_who_see_the_meeting(ga, client_of):
    item = ga.meeting.agenda_items.get()
    doc = meetings.attach_document(item=item, acting_user=ga.staff, title="Accounts", filename="accounts.pdf",
                                   content=b"%PDF-1.4 demo", content_type="application/pdf")
    response = page(client_of(ga.ana), f"/en/assemblies/documents/{doc.pk}/")
    assert response.content == b"%PDF-1.4 demo" and "attachment" in response["Content-Disposition"]
    page(client_of(ga.outsider), f"/en/assemblies/documents/{doc.pk}/", 403)


def test_staff_prepare_a_meeting_from_the_portal(ga, client_of):
    staff = client_of(ga.staff)
    response = staff.post("/en/assemblies/prepare/", {"meeting-body": ga.body.pk, "meeting-title": "Extraordinary assembly",
                                                      "meeting-date": "not a date", "meeting-start": "18:30", "meeting-place": "Hall"})
    assert response.status_code == 200 and not Meeting.objects.filter(title="Extraordinary assembly").exists()
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = staff.post("/en/assemblies/prepare/", {"meeting-body": ga.body.pk, "meeting-title": "Extraordinary assembly",
                                                      "meeting-date": day, "meeting-start": "18:30", "meeting-place": "Hall"})
    meeting = Meeting.objects.get(title="Extraordinary assembly")
    url = f"/en/assemblies/prepare/{meeting.pk}/"
    staff.post(url, {"item-title": "Statutes", "item-kind": "decision"})
    staff.post(url, {"question-title": "Change the statutes?", "question-kind": "motion", "question-max_choices": 1,
                     "question-majority": "four_fifths"})
    staff.post(url, {"question-title": "Board", "question-kind": "election", "question-max_choices": 1,
                     "question-options": "residents: Ana Test\nnowhere: Bob", "question-majority": "simple"})
    assert list(meeting.questions.values_list("title", flat=True)) == ["Change the statutes?"]
    staff.post(url + "convene/")
    meeting.refresh_from_db()
    assert meeting.status == "convened"
    assert_refused(client_of(ga.ana).post(url + "start/"), "Only staff, a secretary of this body or the meeting's chair run this meeting.")
    assert Meeting.objects.get(pk=meeting.pk).status == "convened"


def test_list_pages_query_count_does_not_grow(ga, client_of):
    member = client_of(ga.ana)

    def count(url):
        """Queries on this app's tables (the site's shared header and footer
        cache their own lookups, so the total moves with other tests)."""
        with CaptureQueriesContext(connection) as captured:
            page(member, url)
        assert len(captured) <= 30
        return sum(1 for q in captured.captured_queries if "governance_" in q["sql"])

    for url in ["/en/assemblies/", "/en/assemblies/votes/", f"/en/assemblies/meetings/{ga.meeting.pk}/"]:
        page(member, url)  # warm the per-process caches (content types, site)
    home, votes, meeting = count("/en/assemblies/"), count("/en/assemblies/votes/"), count(f"/en/assemblies/meetings/{ga.meeting.pk}/")
    now = timezone.now()
    for i in range(6):
        extra = meetings.create_meeting(body=ga.body, acting_user=ga.staff, title=f"Meeting {i}", starts_at=now + timedelta(days=30 + i), place="Hall")
        meetings.add_agenda_item(meeting=extra, acting_user=ga.staff, title="Item", kind="decision")
        meetings.add_agenda_item(meeting=ga.meeting, acting_user=ga.staff, title=f"Item {i}", kind="debate")
        meetings.convene_meeting(meeting=extra, acting_user=ga.staff)
        voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title=f"Question {i}")
        q = voting.add_question(body=ga.body, acting_user=ga.staff, title=f"Online {i}", opens_at=now, closes_at=now + timedelta(days=2))
        voting.open_question(question=q, acting_user=ga.staff)
    assert count("/en/assemblies/") == home <= 8
    assert count("/en/assemblies/votes/") == votes <= 4
    assert count(f"/en/assemblies/meetings/{ga.meeting.pk}/") == meeting <= 14


def test_my_space_panel(ga, client_of):
    text = page(client_of(ga.ana), "/en/my/").content.decode()
    assert "My assemblies and votes" in text and "Spring general assembly" in text
    assert "My assemblies and votes" not in page(client_of(ga.outsider), "/en/my/").content.decode()


@pytest.mark.parametrize("who,page,budget", [("ana", "meeting", 10), ("ana", "question", 9), ("staff", "console", 11)])
def test_member_pages_stay_within_their_query_budget_as_the_history_doubles(ga, client_of, who, page, budget):
    """Issue 18: session, user, access rows with the unread count (3), then the
    page's own reads, the same with five and ten years of meetings,
    notifications and bookings. (The meeting page reads the person's reply from
    the meeting core: no query before anyone replied, as here.)"""
    from tests.events.factories import RoomFactory
    from tests.member_history import counts_as_history_doubles

    now = timezone.now()
    question = voting.add_question(body=ga.body, acting_user=ga.staff, title="Accounts 2025", opens_at=now,
                                   closes_at=now + timedelta(days=2))
    voting.open_question(question=question, acting_user=ga.staff)
    url = {"meeting": f"/en/assemblies/meetings/{ga.meeting.pk}/", "question": f"/en/assemblies/questions/{question.pk}/",
           "console": f"/en/assemblies/meetings/{ga.meeting.pk}/console/"}[page]
    user = getattr(ga, who)
    five, ten = counts_as_history_doubles(client_of(user), url, user, room=RoomFactory(), body=ga.body)
    assert (five, ten) == (budget, budget)


def test_the_meeting_page_offers_its_calendar_file_to_members_only(ga, client_of):
    url = f"/en/assemblies/meetings/{ga.meeting.pk}/meeting.ics"
    assert url in page(client_of(ga.ana), f"/en/assemblies/meetings/{ga.meeting.pk}/").content.decode()
    download = page(client_of(ga.ana), url)
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    assert download["Content-Disposition"] == f'attachment; filename="meeting-{ga.meeting.pk}.ics"'
    content = download.content.decode()
    assert "METHOD:PUBLISH" in content and f"UID:governance-meeting-{ga.meeting.pk}@socle" in content
    page(client_of(ga.outsider), url, 403)
    meetings.cancel_meeting(meeting=ga.meeting, acting_user=ga.staff, reason="The hall is flooded.")
    content = page(client_of(ga.ana), url).content.decode()
    assert "METHOD:CANCEL" in content and "STATUS:CANCELLED" in content and "The hall is flooded." in content


def test_a_dutch_list_marks_the_meetings_and_votes_only_in_french_without_more_queries(ga, client_of, django_assert_num_queries):
    """Written from French pages, listed on Dutch ones: the original with a
    small "FR" labelled "Alleen in het Frans", one mechanism, no query per item."""
    from django.utils import translation

    member = client_of(ga.ana)
    now = timezone.now()

    def add(i):
        with translation.override("fr"):
            extra = meetings.create_meeting(body=ga.body, acting_user=ga.staff, title=f"Assemblée {i}",
                                            starts_at=now + timedelta(days=30 + i), place="Salle")
            meetings.add_agenda_item(meeting=extra, acting_user=ga.staff, title="Comptes", kind="decision")
            meetings.convene_meeting(meeting=extra, acting_user=ga.staff)

    add(0)
    page(member, "/nl/assemblies/")  # warm the per-process caches
    with CaptureQueriesContext(connection) as first:
        dutch = page(member, "/nl/assemblies/").content.decode()
    assert "Assemblée 0" in dutch
    few = len(first)
    assert '<span aria-hidden="true">FR</span><span class="visually-hidden">Alleen in het Frans</span>' in dutch
    # Written in English (the fixture's meeting): no badge beside it on an English page.
    english = page(member, "/en/assemblies/").content.decode()
    assert "Spring general assembly" in english and english.count('class="translation-badge"') == 1
    page(member, "/nl/assemblies/")  # back to Dutch: a switch saves the member's language once (community.middleware)
    for i in range(1, 6):
        add(i)
    with django_assert_num_queries(few):
        dutch = page(member, "/nl/assemblies/").content.decode()
    assert dutch.count('class="translation-badge"') >= 7  # six French meetings and the English one

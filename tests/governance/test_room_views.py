"""The room through the pages: the chair records a show of hands and paper
ballots from the console, the projector and the minutes say how each vote
was taken; staff or a secretary record a signed paper proxy with its scan.
Every refusal is read by the person, and nothing changes."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.governance.models import Proxy, Question, RoomCount
from community.governance.services import meetings, voting
from community.governance.services import minutes as minutes_services
from tests.factories import UserFactory
from tests.governance.helpers import run

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def motion(ga, **kwargs):
    return voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Approve the 2025 accounts", **kwargs)


def room_url(question):
    return reverse("governance_live:room_count", args=[question.pk])


def form_data(question, method="show_of_hands", counted_by="Ana and Dan", **answers):
    data = {"method": method, "counted_by": counted_by}
    for choice in question.choices.all():
        data[f"voters_{choice.pk}_all"] = answers.get(choice.code, "")
    return data


def text(response) -> str:
    return response.content.decode()


def test_chair_records_a_show_of_hands_and_paper_ballots_then_projector_and_minutes_say_so(ga, client_of, time_machine):
    hands = motion(ga, majority="absolute")
    paper = voting.add_question(body=ga.body, meeting=ga.meeting, acting_user=ga.staff, title="Elect the auditor", is_secret=True)
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.chloe, ga.dan)
    chair = client_of(ga.staff)
    voting.open_question(question=hands, acting_user=ga.staff)
    console = text(chair.get(reverse("governance_live:console", args=[meeting.pk])))
    assert room_url(hands) in console and "Record a show of hands or paper ballots" in console
    page = text(chair.get(room_url(hands)))
    assert "4 members present or represented" in page and "Record the count and close the vote" in page
    response = chair.post(room_url(hands), form_data(hands, yes=3, no=1), follow=True)
    assert "The count in the room is recorded and the vote is closed." in text(response)
    hands.refresh_from_db()
    assert hands.status == Question.Status.CLOSED and hands.result["adopted"]

    time_machine.shift(timedelta(minutes=5))
    voting.open_question(question=paper, acting_user=ga.staff)
    page = text(chair.get(room_url(paper)))
    assert "Secret ballot: enter only the totals" in page and 'value="show_of_hands"' not in page
    chair.post(room_url(paper), form_data(paper, method="paper_ballots", counted_by="Eva", yes=2, no=1, abstain=1))
    paper.refresh_from_db()
    assert paper.result["taken"] == "paper_ballots" and paper.result["yes"] == 2

    projector = text(chair.get(reverse("governance_live:projector", args=[meeting.pk])))
    assert "Vote taken by paper ballots in the room." in projector and "Counted by Eva; recorded by" in projector
    meetings.close_meeting(meeting=meeting, acting_user=ga.staff)
    minutes_services.draft_minutes(meeting=meeting, acting_user=ga.staff)
    minutes = text(chair.get(reverse("governance_live:minutes", args=[meeting.pk])))
    assert "Vote taken by a show of hands in the room." in minutes and "Counted by Ana and Dan" in minutes
    assert "Vote taken by paper ballots in the room." in minutes
    assert "Those who voted in the room are counted, not named." in minutes and "Against:" not in minutes


def test_a_plain_member_cannot_record_and_reads_why(ga, client_of, time_machine):
    question = motion(ga)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    voting.open_question(question=question, acting_user=ga.staff)
    member = client_of(ga.ana)
    for response in (member.get(room_url(question)), member.post(room_url(question), form_data(question, yes=2))):
        assert response.status_code == 403
        assert "Only the chair, the secretary or staff record the votes taken in the room." in text(response)
    assert not RoomCount.objects.exists()
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN


def test_bad_figures_and_too_many_voters_are_read_and_nothing_changes(ga, client_of, time_machine):
    question = motion(ga)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob)
    voting.open_question(question=question, acting_user=ga.staff)
    chair = client_of(ga.staff)
    page = text(chair.post(room_url(question), form_data(question, yes="lots")))
    assert "Check the figures: whole numbers, zero or more, and who counted." in page
    page = text(chair.post(room_url(question), form_data(question, yes=2, no=1)))
    assert "These totals count 3 voters in the room, but only 2 members present or represented have not voted online." in page
    assert not RoomCount.objects.exists()
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN


def test_paper_proxy_recorded_with_its_scan_and_the_same_limit(ga, client_of):
    secretary = UserFactory(email="secretary@example.org", language="en")
    ga.body.secretaries.add(secretary)
    url = reverse("governance_live:paper_proxy", args=[ga.meeting.pk])
    office = client_of(secretary)

    def post(principal, holder, scan=PDF, name="proxy.pdf"):
        return office.post(url, {"principal": principal.pk, "holder": holder.pk, "signed_on": "2026-03-02",
                                 "scan": SimpleUploadedFile(name, scan)}, follow=True)

    response = post(ga.bob, ga.ana)
    assert "The paper proxy of Bob Test to Ana Test is recorded." in text(response)
    proxy = Proxy.objects.get(principal=ga.bob)
    assert (proxy.recorded_by, proxy.signed_on, proxy.scan_type) == (secretary, date(2026, 3, 2), "application/pdf")
    # The body allows one proxy per holder, online or on paper alike.
    response = post(ga.chloe, ga.ana)
    assert "Ana Test already holds as many proxies as this body allows: 1." in text(response)
    response = post(ga.chloe, ga.dan, scan=b"MZ\x90\x00 not a document", name="proxy.pdf")
    assert "Send a PDF, PNG or JPEG file." in text(response)
    assert Proxy.objects.filter(meeting=ga.meeting).count() == 1
    scan = office.get(reverse("governance_live:proxy_scan", args=[proxy.pk]))
    assert scan.status_code == 200 and scan.content == PDF and scan["Content-Type"] == "application/pdf"
    member = client_of(ga.eva)
    for response in (member.get(url), member.get(reverse("governance_live:proxy_scan", args=[proxy.pk]))):
        assert response.status_code == 403 and "Only staff or a secretary record a paper proxy." in text(response)


def test_paper_proxy_refusals_in_the_service(ga):
    from community.governance.errors import GovernanceRefusal
    from community.governance.services.paper_proxies import record_paper_proxy

    scan = SimpleUploadedFile("p.pdf", PDF)
    with pytest.raises(GovernanceRefusal, match="Only staff or a secretary record a paper proxy."):
        record_paper_proxy(meeting=ga.meeting, principal=ga.bob, holder=ga.ana, scan=scan, signed_on=date(2026, 3, 2),
                           acting_user=ga.ana)
    with pytest.raises(GovernanceRefusal, match="on a day still to come"):
        record_paper_proxy(meeting=ga.meeting, principal=ga.bob, holder=ga.ana, scan=scan, signed_on=date(2026, 3, 9),
                           acting_user=ga.staff)
    with pytest.raises(GovernanceRefusal, match="A proxy cannot name its own giver as holder."):
        record_paper_proxy(meeting=ga.meeting, principal=ga.bob, holder=ga.bob, scan=scan, signed_on=date(2026, 3, 2),
                           acting_user=ga.staff)
    assert not Proxy.objects.exists()


def test_double_majority_form_asks_each_college(ga, client_of, time_machine):
    question = motion(ga, majority="absolute", double_majority_per_college=True)
    run(ga.meeting, ga.staff, time_machine, ga.ana, ga.bob, ga.dan)
    voting.open_question(question=question, acting_user=ga.staff)
    chair = client_of(ga.staff)
    page = text(chair.get(room_url(question)))
    assert page.count("Residents") >= 3 and page.count("Civil society") >= 3
    c = {x.code: x.pk for x in question.choices.all()}
    data = {"method": "show_of_hands", "counted_by": "Eva", f"voters_{c['yes']}_{ga.residents.pk}": 2,
            f"voters_{c['no']}_{ga.civil.pk}": 2}
    page = text(chair.post(room_url(question), data))
    assert ("These totals count 2 voters of the college Civil society in the room, but only 1 of its members "
            "present or represented have not voted online.") in page
    data[f"voters_{c['no']}_{ga.civil.pk}"] = 1
    chair.post(room_url(question), data)
    question.refresh_from_db()
    assert not question.result["adopted"] and [r["adopted"] for r in question.result["by_college"]] == [True, False]

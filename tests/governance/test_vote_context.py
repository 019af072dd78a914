"""A vote gives its context (issue 26): the ballot page and the room's screen
link to the agenda item voted on and to its documents."""

import pytest
from django.urls import reverse

from community.governance.services import live as live_services
from community.governance.services import meetings, voting
from tests.governance.helpers import run

pytestmark = pytest.mark.django_db


def test_the_ballot_and_the_projector_link_to_the_text_voted_on_and_its_documents(ga, time_machine, client_of):
    item = ga.meeting.agenda_items.get()
    item.description = "<p>The accounts show a surplus of 1,200 euros.</p>"
    item.save(update_fields=["description"])
    document = meetings.attach_document(
        item=item, acting_user=ga.staff, title="Accounts 2025 (PDF)", filename="accounts.pdf",
        content=b"%PDF-1.4 accounts", content_type="application/pdf",
    )
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana)
    question = voting.add_question(body=ga.body, meeting=meeting, agenda_item=item, acting_user=ga.staff,
                                   title="Approve the accounts 2025")
    live_services.open_vote(question=question, acting_user=ga.staff)

    member = client_of(ga.ana)
    ballot = member.get(reverse("governance:question", args=[question.pk])).content.decode()
    assert "The text voted on" in ballot
    assert f'href="{reverse("governance:meeting", args=[meeting.pk])}#agenda-item-{item.pk}"' in ballot
    assert "surplus of 1,200 euros" in ballot
    assert f'href="{reverse("governance:document", args=[document.pk])}"' in ballot
    # The links lead somewhere the member may go.
    assert f'id="agenda-item-{item.pk}"' in member.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert member.get(reverse("governance:document", args=[document.pk])).content == b"%PDF-1.4 accounts"

    screen = client_of(ga.staff).get(reverse("governance_live:projector", args=[meeting.pk])).content.decode()
    assert "Accounts 2025" in screen
    assert f'href="{reverse("governance:document", args=[document.pk])}"' in screen


def test_a_vote_without_an_agenda_item_shows_no_empty_context(ga, time_machine, client_of):
    meeting = run(ga.meeting, ga.staff, time_machine, ga.ana)
    question = voting.add_question(body=ga.body, meeting=meeting, acting_user=ga.staff, title="Any other business")
    live_services.open_vote(question=question, acting_user=ga.staff)
    ballot = client_of(ga.ana).get(reverse("governance:question", args=[question.pk])).content.decode()
    assert "The text voted on" not in ballot

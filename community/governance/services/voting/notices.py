"""What members are told about votes: the time in their language, the link to the vote."""

from datetime import datetime

from django.urls import reverse
from socle_site.kernel import formatting

from ...models import Question


def stamp(value: datetime):
    """In Brussels and the reader's language, formatted per recipient (``socle_site.kernel.formatting``)."""
    return formatting.moment(value)


def vote_url(question: Question):
    return lambda: reverse("governance:question", args=[question.pk])

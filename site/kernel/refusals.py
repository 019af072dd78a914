"""The refusal every app's domain errors derive from, and how views report it."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _


class Refusal(Exception):
    """A refusal a person should read. Every app's domain errors derive from it;
    the message is already translated when raised, and nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Outcome:
    """Whether the action inside ``carried_out`` went through; if not, the
    refusal, for pages that show more of it than its message (the dates that
    clash, a waiting list to join, an import's faulty lines)."""

    ok = False
    refusal: Refusal | None = None


@contextmanager
def carried_out(request, success: str | None = None) -> Iterator[Outcome]:
    """Run one service call for a view: a Refusal becomes the person's error
    message (and is not raised further), otherwise ``success`` is shown.

        with carried_out(request, _("Your reply is recorded.")) as outcome:
            meetings.answer_rsvp(...)
        if outcome.ok: ...
    """
    outcome = Outcome()
    try:
        yield outcome
    except Refusal as refusal:
        outcome.refusal = refusal
        messages.error(request, refusal.message)
    else:
        outcome.ok = True
        if success:
            messages.success(request, success)


def csrf_failure(request, reason: str = ""):
    """A form sent without its security token (a tab left open too long,
    cookies refused): the site's refusal page says what to do, in the
    person's language (settings.CSRF_FAILURE_VIEW)."""
    message = _("This form has expired or was sent without its security token. Reload the page and send it again.")
    return render(request, "403.html", {"exception": message}, status=403)

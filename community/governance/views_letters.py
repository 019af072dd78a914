"""Convocations by post for a convened meeting: the letters to print and the
list for the post office (``community.governance.paper``). Thin views: the
staff and the meeting's secretaries, as for the convocation itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import paper
from .models import Meeting

PERM = "governance.send_letters"
# Letters exist once the meeting is convened; a cancelled or draft meeting needs none.
WITH_LETTERS = (Meeting.Status.CONVENED, Meeting.Status.IN_PROGRESS, Meeting.Status.CLOSED)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not request.user.has_perm(PERM, meeting):
        raise PermissionDenied(_("Only the staff and the meeting's secretaries prepare the letters of a convocation."))
    return meeting


@login_required
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    convened = meeting.status in WITH_LETTERS
    rows = paper.letters_for(meeting) if convened else []
    return render(request, "governance/letters.html", {
        "meeting": meeting, "letters": rows, "convened": convened,
        "without_address": [letter for letter in rows if not letter.has_address],
    })


def _letters_or_back(request: HttpRequest, pk: int):
    meeting = _meeting(request, pk)
    rows = paper.letters_for(meeting) if meeting.status in WITH_LETTERS else []
    if not rows:
        messages.error(request, _("There are no letters to print: the meeting is not convened, or every member is convened by e-mail."))
    return meeting, rows


@login_required
def letters_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rows = _letters_or_back(request, pk)
    if not rows:
        return redirect("governance:letters", pk)
    response = HttpResponse(paper.letters_pdf(meeting, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convocations-{meeting.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def post_office_list(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rows = _letters_or_back(request, pk)
    if not rows:
        return redirect("governance:letters", pk)
    response = HttpResponse(paper.post_office_list(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="letters-{meeting.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response

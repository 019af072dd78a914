"""Convocations by registered letter (Civil Code art. 3.87 §3): the co-owners'
consents to e-mail, and for a convened meeting the letters, the post office's
list and the day they were posted. Thin views: the syndic or the staff only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel import formatting
from socle_site.kernel.refusals import carried_out

from community.governance import paper
from community.governance.models import Meeting

from . import convocations, forms, law
from .models import Building, EmailConsent
from .services import convocations as services
from .views import _file

PERM = "coownership.manage_convocations"
# Letters exist once the meeting is convened; a cancelled meeting needs none.
WITH_LETTERS = (Meeting.Status.CONVENED, Meeting.Status.IN_PROGRESS, Meeting.Status.CLOSED)


def _building(request: HttpRequest, slug: str, refusal: str) -> Building:
    building = get_object_or_404(Building, slug=slug)
    if not request.user.has_perm(PERM, building):
        raise PermissionDenied(refusal)
    return building


def _consents_refusal() -> str:
    return _("Only the building's syndic and the staff record the co-owners' consent to e-mail convocations.")


def _letters_refusal() -> str:
    return _("Only the building's syndic and the staff prepare the registered letters of a convocation.")


def _meeting(building: Building, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk, body_id=building.body_id or 0)


@login_required
def consents(request: HttpRequest, slug: str) -> HttpResponse:
    building = _building(request, slug, _consents_refusal())
    households = convocations.coowners_today(building)
    standing = convocations.standing_consents(building)
    form = forms.EmailConsentForm(households=[h for h in households if h.pk not in standing])
    if request.method == "POST":
        form = forms.EmailConsentForm(request.POST, request.FILES,
                                      households=[h for h in households if h.pk not in standing])
        if form.is_valid():
            data = form.cleaned_data
            with carried_out(request, _("The consent is recorded: this co-owner is convened by e-mail from now on.")) as outcome:
                services.record_email_consent(
                    acting_user=request.user, building=building,
                    household=next(h for h in households if h.pk == data["household"]),
                    agreed_on=data["agreed_on"], upload=data["document"],
                )
            if outcome.ok:
                return redirect("coownership:consents", slug)
        else:
            messages.error(request, _("Choose the co-owner, the date of the agreement and attach the signed document."))
    rows = [(h, standing.get(h.pk)) for h in households]
    return render(request, "coownership/consents.html", {"building": building, "rows": rows, "form": form})


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    building = _building(request, slug, _consents_refusal())
    consent = get_object_or_404(EmailConsent, pk=pk, building=building)
    with carried_out(request, _("The consent is withdrawn: this co-owner is convened by registered letter again.")):
        services.withdraw_email_consent(acting_user=request.user, consent=consent)
    return redirect("coownership:consents", slug)


@login_required
def consent_document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    building = _building(request, slug, _consents_refusal())
    consent = get_object_or_404(EmailConsent.objects.select_related("document"), pk=pk, building=building)
    return _file(consent.document, inline=False)


@login_required
def meeting_letters(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    building = _building(request, slug, _letters_refusal())
    meeting = _meeting(building, pk)
    form = forms.LettersSentForm(initial={"sent_on": timezone.localdate()})
    if request.method == "POST":
        form = forms.LettersSentForm(request.POST)
        if form.is_valid():
            with carried_out(request, _("The sending date of the registered letters is recorded.")) as outcome:
                services.record_letters_sent(acting_user=request.user, building=building, meeting=meeting,
                                             sent_on=form.cleaned_data["sent_on"])
            if outcome.ok:
                return redirect("coownership:meeting_letters", slug, pk)
        else:
            messages.error(request, _("Give the day the registered letters were posted."))
    split = convocations.convocations_of(building, meeting)
    if split.sent is not None and request.method != "POST":
        form = forms.LettersSentForm(initial={"sent_on": split.sent.sent_on})
    notice_days = meeting.body.notice_days
    last_day = law.last_posting_day(meeting.starts_at, notice_days)
    in_time = None
    if split.sent is not None:
        in_time = law.letters_give_notice(sent_on=split.sent.sent_on, starts_at=meeting.starts_at, notice_days=notice_days)
    return render(request, "coownership/meeting_letters.html", {
        "building": building, "meeting": meeting, "split": split, "form": form,
        "has_letters": meeting.status in WITH_LETTERS and bool(split.letters),
        "may_record": meeting.status == Meeting.Status.CONVENED and bool(split.letters),
        "in_time": in_time, "notice_days": notice_days, "last_day": formatting.day(last_day),
        "already_late": split.sent is None and timezone.localdate() > last_day,
    })


def _letters_or_back(request: HttpRequest, slug: str, pk: int):
    building = _building(request, slug, _letters_refusal())
    meeting = _meeting(building, pk)
    split = convocations.convocations_of(building, meeting)
    if meeting.status not in WITH_LETTERS or not split.letters:
        messages.error(request, _("There are no letters to print: the meeting is not convened, or every co-owner is convened by e-mail."))
        return building, meeting, None
    return building, meeting, split.letters


@login_required
def letters_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    building, meeting, letters = _letters_or_back(request, slug, pk)
    if letters is None:
        return redirect("coownership:meeting_letters", slug, pk)
    response = HttpResponse(paper.letters_pdf(meeting, letters), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convocations-{building.slug}-{meeting.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def post_office_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    building, meeting, letters = _letters_or_back(request, slug, pk)
    if letters is None:
        return redirect("coownership:meeting_letters", slug, pk)
    response = HttpResponse(paper.post_office_list(letters), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registered-letters-{building.slug}-{meeting.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response

"""Thin view for signing the minutes (Civil Code art. 3.87 §10). The minutes
page itself (read, correct, approve, PDF) shows the signatures and the
signing form; this view only takes the signature through one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel.refusals import carried_out

from .models import Meeting, Minutes
from .refusals import refusal
from .services import minutes as minutes_services


@login_required
@require_POST
def minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    record = Minutes.objects.filter(meeting=meeting).first()
    # Who may not even read the minutes is refused outright; a reader who may not
    # sign (already signed, not present at the end) is told why on the page.
    if record is None:
        if not request.user.has_perm("governance.write_minutes", meeting):
            raise refusal("governance.write_minutes")
    elif not request.user.has_perm("governance.read_minutes", record):
        raise refusal("governance.read_minutes")
    with carried_out(request) as outcome:
        signature = minutes_services.sign_minutes(meeting=meeting, acting_user=request.user)
    if outcome.ok:
        if signature.minutes.status == Minutes.Status.APPROVED:
            messages.success(request, _("You have signed the minutes. Signed by the chair and the secretary, they are approved and published to the members."))
        else:
            messages.success(request, _("You have signed the minutes."))
    return redirect("governance_live:minutes", pk=meeting.pk)

"""The account pages Socle adds beside allauth's."""

from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.adapters import PENDING_CONFIRMATION


@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """The "check your e-mail" page's button: send the confirmation again.

    allauth sends it and counts it (``ACCOUNT_RATE_LIMITS["confirm_email"]``,
    per address); beyond its limit nothing is sent and the person is told to
    wait. Someone with no confirmation pending (or who signed up with an
    address already taken) reads the same "sent again", so the button tells
    nobody which addresses have an account."""
    address = (
        EmailAddress.objects.filter(user_id=request.session.get(PENDING_CONFIRMATION), verified=False)
        .order_by("-primary")
        .first()
    )
    sent = True
    if address is not None:
        # allauth adds its own "sent to …" message when it does send.
        sent = send_verification_email_to_address(request, address)
    elif not request.user.is_authenticated:
        messages.info(request, _("If an account is waiting for confirmation, its e-mail was sent again."))
    if not sent:
        messages.error(request, _("The confirmation e-mail was sent a moment ago. Wait a few minutes before asking again."))
    return redirect("account_email_verification_sent")

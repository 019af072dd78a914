"""Imported members and their invitation to set a password (issue 23): the
staff page that lists the accounts never activated and sends the invitations
(a separate, explicit step), and the page the invitation's link opens. Thin
views: the rules are in ``community.services.invitations``."""

from django.contrib import messages
from django.contrib.admin import site as admin_site
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from socle_site.kernel.refusals import carried_out

from community.services import invitations

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _staff(request: HttpRequest):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(invitations.PERM):
        raise PermissionDenied(_("Only the staff invite imported members."))
    return None


def imported_members(request: HttpRequest) -> HttpResponse:
    """The imported accounts never activated, with their invitation's state
    and any bounce, and the button that invites them."""
    if (response := _staff(request)) is not None:
        return response
    if request.method == "POST":
        chosen = None if "all" in request.POST else [int(pk) for pk in request.POST.getlist("invitation") if pk.isdigit()]
        if chosen == []:
            messages.error(request, _("Choose the members to invite."))
        else:
            with carried_out(request, _("The invitations are being sent, a few at a time.")):
                invitations.invite_members(acting_user=request.user, invitation_ids=chosen)
        return redirect("imported_members")
    rows = list(invitations.pending())
    bounced = invitations.bounces([row.user.email for row in rows])
    now = timezone.now()
    context = {
        **admin_site.each_context(request), "title": _("Imported members who have not set a password"),
        "rows": [(row, bounced.get(row.user.email), invitations.may_invite_again(row, now)) for row in rows],
        "per_minute": invitations.PER_MINUTE,
    }
    return render(request, "community/imported_members.html", context)


@never_cache
def welcome(request: HttpRequest, uidb36: str, key: str) -> HttpResponse:
    """The invitation's link: the member chooses a password and is logged in."""
    user = invitations.invited_user(uidb36, key)
    if user is None:
        return render(request, "community/welcome.html", {"invalid": True}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.accept_invitation(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend=BACKEND)
        messages.success(request, _("Your password is set. Welcome!"))
        return redirect("community:my_space")
    return render(request, "community/welcome.html", {"form": form, "person": user})

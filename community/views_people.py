"""Members the staff manage in the portal: those without an e-mail address,
who cannot log in and are written to on paper. Thin views: staff only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from socle_site.kernel.refusals import carried_out

from community import selectors
from community.forms import EditMemberWithoutEmailForm, MemberWithoutEmailForm
from community.models import Household, Role, User
from community.services import people

PERM = people.PERM


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_perm(PERM):
        raise PermissionDenied(_("Only the staff create and manage members without an e-mail address."))


def _address(data) -> people.PostalAddress:
    return people.PostalAddress(street=data["street"], postal_code=data["postal_code"],
                                municipality=data["municipality"], country=data["country"])


@login_required
def members(request: HttpRequest) -> HttpResponse:
    """The members without e-mail, and the form that adds one."""
    _require_staff(request)
    form = MemberWithoutEmailForm(
        request.POST or None, households=Household.objects.order_by("name"),
        roles=[(role.value, role.label) for role in people.PAPER_ROLES],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with carried_out(request, _("The member is created. They cannot log in: letters go to their postal address.")) as outcome:
            member = people.create_member_without_email(
                acting_user=request.user, first_name=data["first_name"], last_name=data["last_name"],
                language=data["language"], phone=data["phone"], household=data["household"],
                address=_address(data), roles=data["roles"],
            )
        if outcome.ok:
            return redirect("community:member", member.pk)
    return render(request, "community/members.html", {"rows": selectors.members_without_email(), "form": form})


@login_required
def member(request: HttpRequest, pk: int) -> HttpResponse:
    """A member without e-mail: what Socle knows to reach them, and its correction."""
    _require_staff(request)
    person = get_object_or_404(User, pk=pk, email__isnull=True)
    household = people.postal_household(person)
    initial = {
        "first_name": person.first_name, "last_name": person.last_name, "language": person.language,
        "phone": person.phone,
        **({"street": household.address, "postal_code": household.postal_code,
            "municipality": household.municipality, "country": household.country} if household else {}),
    }
    form = EditMemberWithoutEmailForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with carried_out(request, _("The member's details are saved.")) as outcome:
            people.update_member_without_email(
                acting_user=request.user, member=person, first_name=data["first_name"], last_name=data["last_name"],
                language=data["language"], phone=data["phone"], address=_address(data),
            )
        if outcome.ok:
            return redirect("community:member", person.pk)
    roles = [Role(r).label for r in person.role_assignments.filter(ended_at__isnull=True).values_list("role", flat=True)]
    return render(request, "community/member.html", {
        "person": person, "household": household, "roles": roles, "form": form,
    })

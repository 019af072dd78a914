"""Tickets and documents of a building: residents report, managers follow up;
documents are served only to whom may see the building. Thin views, as in
``views``."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community.models import User

from . import forms, selectors, services
from .errors import CoownershipRefusal
from .models import (
    BuildingDocument,
    Ticket,
    TicketPhoto,
)
from .refusals import refusal as refusal_of
from .views import _building, _file


@login_required
def tickets(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    return render(request, "coownership/tickets.html", {"building": the_building, "tickets": selectors.tickets_of(the_building)})


@login_required
@rate_limited("coownership-ticket", "10/h")
def report_ticket(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.report_ticket")
    form = forms.TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with carried_out(request, _("Thank you: the building committee and the syndic are told.")) as outcome:
            ticket = services.report_ticket(
                acting_user=request.user, building=the_building, title=data["title"], location=data["location"],
                description=data["description"], photos=data["photos"],
            )
        if outcome.ok:
            return redirect("coownership:ticket", slug, ticket.pk)
    return render(request, "coownership/report_ticket.html", {"building": the_building, "form": form})


@login_required
@rate_limited("coownership-ticket-update", "60/h")
def ticket(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    the_ticket = get_object_or_404(Ticket.objects.select_related("reporter", "assignee"), pk=pk, building=the_building)
    handles = request.user.has_perm("coownership.handle_ticket", the_building)
    managers = selectors.managers_of(the_building) if handles else []
    if request.method == "POST":
        action = request.POST.get("action")
        with carried_out(request, _("Saved.")):
            if action == "comment":
                form = forms.CommentForm(request.POST)
                if not form.is_valid():
                    raise CoownershipRefusal(_("Write a comment."))
                services.comment_ticket(acting_user=request.user, ticket=the_ticket, body=form.cleaned_data["body"])
            elif action == "status":
                form = forms.StatusForm(request.POST)
                if not form.is_valid():
                    raise CoownershipRefusal(_("Choose a status."))
                services.change_ticket_status(acting_user=request.user, ticket=the_ticket,
                                              status=form.cleaned_data["status"])
            elif action == "assign":
                form = forms.AssignForm(request.POST, managers=managers)
                if not handles:
                    raise refusal_of("coownership.handle_ticket")
                if not form.is_valid():
                    raise CoownershipRefusal(_("Assign the ticket to a committee member or the syndic of this building."))
                assignee = User.objects.filter(pk=form.cleaned_data["assignee"]).first() if form.cleaned_data["assignee"] else None
                services.assign_ticket(acting_user=request.user, ticket=the_ticket, assignee=assignee)
            else:
                raise CoownershipRefusal(_("Unknown action."))
        return redirect("coownership:ticket", slug, the_ticket.pk)
    return render(
        request,
        "coownership/ticket.html",
        {
            "building": the_building, "ticket": the_ticket, "handles": handles,
            "photos": list(the_ticket.photos.all()), "comments": list(the_ticket.comments.select_related("author")),
            "may_comment": handles or the_ticket.reporter_id == request.user.pk,
            "comment_form": forms.CommentForm(), "status_form": forms.StatusForm(initial={"status": the_ticket.status}),
            "assign_form": forms.AssignForm(managers=managers, initial={"assignee": the_ticket.assignee_id}),
        },
    )


@login_required
def ticket_photo(request: HttpRequest, slug: str, pk: int, photo: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    the_photo = get_object_or_404(TicketPhoto.objects.select_related("file"), pk=photo, ticket_id=pk,
                                  ticket__building=the_building)
    return _file(the_photo.file, inline=True)


@login_required
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    manages = request.user.has_perm("coownership.manage_building", the_building)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not manages:
            raise refusal_of("coownership.manage_building")
        if form.is_valid():
            data = form.cleaned_data
            with carried_out(request, _("The document is added.")) as outcome:
                services.upload_document(acting_user=request.user, building=the_building, kind=data["kind"],
                                         title=data["title"], upload=data["file"])
            if outcome.ok:
                return redirect("coownership:documents", slug)
    return render(
        request,
        "coownership/documents.html",
        {"building": the_building, "documents": selectors.documents_of(the_building), "form": form, "manages": manages,
         # The minutes are the co-owners' (a tenant living in the building does not read them).
         "minutes_list": selectors.approved_minutes_of(the_building) if manages or request.user.has_perm(
             "coownership.view_own_account", the_building) else []},
    )


@login_required
def document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.view_building")
    doc = get_object_or_404(BuildingDocument.objects.select_related("file"), pk=pk, building=the_building)
    return _file(doc.file, inline=False)

"""Thin views: parse, check the perm, call one service, render. Refusals are
shown to the person with their reason, never a 500."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from socle_site.kernel.formatting import BRUSSELS
from socle_site.kernel.ical import response as feed_response
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from community.capacity import places_left
from community.models import HousingProject

from . import calendar, ical, policy, recurrence, selectors
from .forms import (
    ActivityForm,
    BookingForm,
    ChangeDatesForm,
    ClosureForm,
    DeclineForm,
    RoomDetailsForm,
    RoomPhotoForm,
    WindowFormSet,
)
from .models import Activity, CalendarToken, Closure, Occurrence, Room, RoomPhoto, WaitingEntry
from .policy import Audience
from .predicates import audiences_for
from .services import (
    activities,
    bookings,
    calendar_tokens,
    date_changes,
    room_management,
    waiting_list,
)


def _anchor(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


def _view(request: HttpRequest, default: str) -> str:
    view = request.GET.get("view", default)
    return view if view in calendar.VIEWS else default


def room_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/room_list.html", {"rooms": list(selectors.rooms())})


def room_detail(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(selectors.rooms(), slug=slug)
    the_period = calendar.period(_view(request, "week"), _anchor(request))
    occurrences = selectors.occurrences_between([room.pk], the_period.first, the_period.last)
    calendars = calendar.build([room], occurrences, the_period, lambda r: audiences_for(request.user, r))
    return render(
        request,
        "events/room_detail.html",
        {
            "room": room, "period": the_period, "calendars": calendars, "audiences": audiences_for(request.user, room),
            "window_groups": _window_groups(room),
        },
    )


def _window_groups(room: Room) -> list[dict]:
    names = dict(Audience.choices)
    return [
        {"days": g.days_label(), "starts": g.starts, "ends": g.ends, "audience": names[g.audience], "needs_approval": g.needs_approval}
        for g in policy.grouped_windows(w.as_policy() for w in room.window_list)
    ]


def project_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(HousingProject, slug=slug)
    rooms = selectors.rooms_of_project(project)
    the_period = calendar.period(_view(request, "week"), _anchor(request))
    occurrences = selectors.occurrences_between([r.pk for r in rooms], the_period.first, the_period.last)
    calendars = calendar.build(rooms, occurrences, the_period, lambda r: audiences_for(request.user, r))
    return render(request, "events/project_calendar.html", {"project": project, "period": the_period, "calendars": calendars})


@login_required
@rate_limited("events-booking", "20/h")
def book(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(selectors.rooms(), slug=slug)
    may_book = request.user.has_perm("events.book_room", room)
    initial = {k: request.GET[k] for k in ("date", "start", "end", "title") if request.GET.get(k)}
    form = BookingForm(request.POST or None, initial=initial)
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with carried_out(request) as outcome:
            booking = bookings.request_booking(
                acting_user=request.user, room=room, starts_at=data["starts_at"], ends_at=data["ends_at"],
                title=data["title"], frequency=data["frequency"], until=data["until"],
            )
        refusal = outcome.refusal
        if outcome.ok:
            if booking.status == booking.Status.CONFIRMED:
                messages.success(request, _("Your booking is confirmed."))
            else:
                messages.success(request, _("Your request is sent: the room's manager will answer it."))
            return redirect("events:booking", booking.pk)
    windows = room.window_list
    return render(
        request,
        "events/book.html",
        {"room": room, "form": form, "refusal": refusal, "may_book": may_book, "windows": windows, "window_groups": _window_groups(room), "audiences": audiences_for(request.user, room)},
    )


@login_required
@require_POST
@rate_limited("events-waiting-list", "20/h")
def join_waiting_list(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room.objects.select_related("partner_organisation"), slug=slug)
    form = BookingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The slot could not be read: check the date and times."))
        return redirect("events:book", slug)
    with carried_out(request, _("You are on the waiting list. If the slot comes free, you will be offered it.")) as outcome:
        waiting_list.join_waiting_list(
            acting_user=request.user, room=room, starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"], title=form.cleaned_data["title"],
        )
    return redirect("events:my_bookings") if outcome.ok else redirect("events:book", slug)


@login_required
@require_POST
def leave_waiting_list(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(WaitingEntry, pk=pk)
    with carried_out(request, _("You left the waiting list.")):
        waiting_list.leave_waiting_list(acting_user=request.user, entry=entry)
    return redirect("events:my_bookings")


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/my_bookings.html",
        {
            "bookings": list(selectors.bookings_of(request.user)[:100]),
            "to_decide": list(selectors.requests_to_decide(request.user)),
            "waiting": list(selectors.waiting_entries_of(request.user)),
            "registrations": selectors.activities_of(request.user),
        },
    )


def _booking_or_404(request: HttpRequest, pk: int):
    booking = selectors.booking_detail(pk)
    if booking is None or not (
        request.user.has_perm("events.cancel_booking", booking) or request.user.has_perm("events.decide_booking", booking)
    ):
        raise Http404(_("This booking does not exist or is not yours."))
    return booking


@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    activity = Activity.objects.filter(booking=booking).first()
    return render(
        request,
        "events/booking_detail.html",
        {
            "booking": booking,
            "repeats": recurrence.describe(booking.recurrence) if booking.is_recurring else "",
            "activity": activity,
            "now": timezone.now(),
            "decline_form": DeclineForm(),
            "activity_form": ActivityForm() if activity is None else None,
        },
    )


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    with carried_out(request, _("The booking is approved.")):
        bookings.approve_booking(acting_user=request.user, booking=booking)
    return redirect("events:booking", booking.pk)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    with carried_out(request, _("The request is declined.")):
        bookings.decline_booking(acting_user=request.user, booking=booking, reason=request.POST.get("reason", ""))
    return redirect("events:booking", booking.pk)


@login_required
@require_POST
@rate_limited("events-cancel", "30/h")
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    with carried_out(request, _("The booking is cancelled.")):
        bookings.cancel_booking(acting_user=request.user, booking=booking)
    return redirect("events:booking", booking.pk)


def _occurrence_or_404(request: HttpRequest, pk: int) -> Occurrence:
    occurrence = Occurrence.objects.select_related("booking", "booking__room", "room").filter(pk=pk).first()
    if occurrence is None:
        raise Http404(_("This date does not exist."))
    _booking_or_404(request, occurrence.booking_id)
    return occurrence


@login_required
@require_POST
@rate_limited("events-cancel", "30/h")
def cancel_occurrence(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = _occurrence_or_404(request, pk)
    following = request.POST.get("following") == "1"
    with carried_out(request, _("This date and the following ones are cancelled.") if following else _("This date is cancelled.")):
        bookings.cancel_occurrence(acting_user=request.user, occurrence=occurrence, following=following)
    return redirect("events:booking", occurrence.booking_id)


@login_required
@rate_limited("events-change-dates", "30/h")
def move_occurrence(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one date, or it and the following ones (time, duration, room)."""
    occurrence = _occurrence_or_404(request, pk)
    booking = occurrence.booking
    rooms = [r for r in Room.objects.filter(housing_project_id=booking.room.housing_project_id).order_by("name") if r.pk == occurrence.room_id or audiences_for(request.user, r)]
    local_start = timezone.localtime(occurrence.starts_at, BRUSSELS)
    initial = {
        "date": local_start.date(), "start": local_start.time(), "end": timezone.localtime(occurrence.ends_at, BRUSSELS).time(),
        "room": occurrence.room_id, "following": "1" if request.GET.get("following") == "1" else "0",
    }
    form = ChangeDatesForm(request.POST or None, initial=initial, rooms=rooms, is_recurring=booking.is_recurring)
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with carried_out(request) as outcome:
            changed = date_changes.change_dates(
                acting_user=request.user, occurrence=occurrence, starts_at=data["starts_at"], ends_at=data["ends_at"],
                room=next(r for r in rooms if r.pk == data["room"]), following=data.get("following", False),
            )
        refusal = outcome.refusal
        if outcome.ok:
            messages.success(request, ngettext("%(count)s date is changed.", "%(count)s dates are changed.", len(changed)) % {"count": len(changed)})
            # A split series continues as a new booking: show that one.
            return redirect("events:booking", changed[0].booking_id)
    return render(request, "events/move_occurrence.html", {"occurrence": occurrence, "form": form, "refusal": refusal})


@login_required
@require_POST
def announce_activity(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the activity's fields: %(errors)s") % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)})
        return redirect("events:booking", booking.pk)
    with carried_out(request, _("The activity is announced.")) as outcome:
        activity = activities.announce_activity(acting_user=request.user, booking=booking, **form.cleaned_data)
    return redirect("events:activity", activity.pk) if outcome.ok else redirect("events:booking", booking.pk)


def agenda(request: HttpRequest) -> HttpResponse:
    return render(request, "events/agenda.html", {"occurrences": selectors.public_agenda(timezone.localdate())})


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_detail(pk)
    if activity is None or not request.user.has_perm("events.view_activity", activity):
        raise Http404(_("This activity does not exist or is for members only."))
    registration = selectors.registration_of(request.user, activity)
    return render(
        request,
        "events/activity_detail.html",
        {
            "activity": activity,
            "dates": selectors.upcoming_dates(activity),
            "registration": registration,
            # Someone who holds a place is not shown "places left" as if they had none.
            "places_left": places_left(capacity=activity.capacity, taken=activity.registered),
        },
    )


@login_required
@require_POST
@rate_limited("events-activity-registration", "20/h")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("booking__room"), pk=pk)
    with carried_out(request) as outcome:
        registration = activities.register_for_activity(acting_user=request.user, activity=activity)
    if outcome.ok:
        if registration.status == registration.Status.CONFIRMED:
            messages.success(request, _("You are registered."))
        else:
            messages.success(request, _("The activity is full: you are on the waiting list."))
    return redirect("events:activity", pk)


@login_required
@require_POST
@rate_limited("events-activity-registration", "20/h")
def unregister(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    with carried_out(request, _("Your registration is cancelled.")):
        activities.cancel_registration(acting_user=request.user, activity=activity)
    return redirect("events:activity", pk)


@login_required
def feeds(request: HttpRequest) -> HttpResponse:
    token = calendar_tokens.calendar_token(user=request.user)
    rooms = [room for room in selectors.rooms() if audiences_for(request.user, room)]
    return render(request, "events/feeds.html", {"token": token, "rooms": rooms})


@login_required
@require_POST
def reset_feed_token(request: HttpRequest) -> HttpResponse:
    calendar_tokens.reset_calendar_token(acting_user=request.user)
    messages.success(request, _("Your calendar addresses are renewed; the old ones no longer work."))
    return redirect("events:feeds")


def _token_owner(token: str):
    found = CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if found is None:
        raise Http404("Unknown calendar")
    return found.user


def my_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = _token_owner(token)
    return feed_response(ical.person_calendar(user, selectors.feed_occurrences_of(user)), "socle-bookings.ics", feed=True)


def room_feed(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    user = _token_owner(token)
    room = get_object_or_404(Room, slug=slug)
    if not audiences_for(user, room):
        raise Http404("Unknown calendar")
    return feed_response(ical.room_calendar(room, selectors.feed_occurrences_of_room(room)), f"{room.slug}.ics", feed=True)



def _managed_room_or_404(request: HttpRequest, slug: str) -> Room:
    room = get_object_or_404(selectors.rooms(), slug=slug)
    if not request.user.has_perm("events.manage_room", room):
        raise Http404(_("This room does not exist or you do not manage it."))
    return room


@login_required
def manage_room(request: HttpRequest, slug: str) -> HttpResponse:
    """The manager describes the room and its photos in the portal."""
    room = _managed_room_or_404(request, slug)
    form = RoomDetailsForm(request.POST or None, instance=Room.objects.get(pk=room.pk))
    if request.method == "POST" and form.is_valid():
        with carried_out(request, _("The room's details are saved.")) as outcome:
            room_management.update_room_details(acting_user=request.user, room=room, **{name: form.cleaned_data[name] for name in room_management.ROOM_DETAIL_FIELDS})
        if outcome.ok:
            return redirect("events:manage_room", room.slug)
    return render(request, "events/manage_room.html", {"room": room, "form": form, "photo_form": RoomPhotoForm()})


@login_required
@require_POST
def add_room_photo(request: HttpRequest, slug: str) -> HttpResponse:
    room = _managed_room_or_404(request, slug)
    form = RoomPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the photo's fields: %(errors)s") % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)})
        return redirect("events:manage_room", room.slug)
    with carried_out(request, _("The photo is added.")):
        room_management.add_room_photo(acting_user=request.user, room=room, image=form.cleaned_data["image"], alt_text=form.cleaned_data["alt_text"])
    return redirect("events:manage_room", room.slug)


@login_required
@require_POST
def remove_room_photo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    room = _managed_room_or_404(request, slug)
    photo = get_object_or_404(RoomPhoto, pk=pk, room=room)
    with carried_out(request, _("The photo is removed.")):
        room_management.remove_room_photo(acting_user=request.user, photo=photo)
    return redirect("events:manage_room", room.slug)


@login_required
def opening_hours(request: HttpRequest, slug: str) -> HttpResponse:
    """The manager sets who may book when: one line per weekday, hours and audience."""
    room = _managed_room_or_404(request, slug)
    initial = [
        {"weekday": w.weekday, "starts": w.starts, "ends": w.ends, "audience": w.audience, "needs_approval": w.needs_approval}
        for w in room.window_list
    ]
    formset = WindowFormSet(request.POST or None, initial=initial, prefix="windows")
    refusal = None
    if request.method == "POST" and formset.is_valid():
        # Blank extra rows have no cleaned data; rows ticked "remove" go.
        windows = [form.window() for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        with carried_out(request, _("The opening hours are saved.")) as outcome:
            room_management.set_opening_hours(acting_user=request.user, room=room, windows=windows)
        refusal = outcome.refusal
        if outcome.ok:
            return redirect("events:opening_hours", room.slug)
    elif request.method == "POST":
        messages.error(request, _("Check the slots marked below: nothing was saved."))
    return render(request, "events/opening_hours.html", {"room": room, "formset": formset, "refusal": refusal, "window_groups": _window_groups(room)})


@login_required
def closures(request: HttpRequest, slug: str) -> HttpResponse:
    room = _managed_room_or_404(request, slug)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with carried_out(request, _("The closure is saved.")) as outcome:
            closure = room_management.add_closure(acting_user=request.user, room=room, **form.cleaned_data)
        if outcome.ok:
            return redirect("events:closure", room.slug, closure.pk)
    return render(request, "events/closures.html", {"room": room, "form": form, "closures": selectors.closures_of(room)})


def _closure_or_404(request: HttpRequest, slug: str, pk: int) -> Closure:
    room = _managed_room_or_404(request, slug)
    closure = get_object_or_404(Closure, pk=pk, room=room)
    closure.room = room
    return closure


@login_required
def closure(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A closure: change its days, and see (and cancel) the bookings that fall in it."""
    closure = _closure_or_404(request, slug, pk)
    form = ClosureForm(request.POST or None, initial={"first_day": closure.first_day, "last_day": closure.last_day, "reason": closure.reason})
    if request.method == "POST" and form.is_valid():
        with carried_out(request, _("The closure is saved.")) as outcome:
            room_management.update_closure(acting_user=request.user, closure=closure, **form.cleaned_data)
        if outcome.ok:
            return redirect("events:closure", slug, closure.pk)
    return render(request, "events/closure.html", {"room": closure.room, "closure": closure, "form": form, "affected": selectors.occurrences_during(closure)})


@login_required
@require_POST
def remove_closure(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    closure = _closure_or_404(request, slug, pk)
    with carried_out(request, _("The closure is removed: the room may be booked on those days again.")):
        room_management.remove_closure(acting_user=request.user, closure=closure)
    return redirect("events:closures", slug)


@login_required
@require_POST
@rate_limited("events-cancel", "30/h")
def cancel_for_closure(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    closure = _closure_or_404(request, slug, pk)
    ids = [int(value) for value in request.POST.getlist("occurrence") if value.isdigit()]
    if not ids:
        messages.error(request, _("Choose the bookings to cancel."))
        return redirect("events:closure", slug, closure.pk)
    cancelled, refusals = room_management.cancel_for_closure(acting_user=request.user, closure=closure, occurrence_ids=ids)
    if cancelled:
        messages.success(
            request,
            ngettext("%(count)s booking is cancelled; its holder is told.", "%(count)s bookings are cancelled; their holders are told.", cancelled)
            % {"count": cancelled},
        )
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect("events:closure", slug, closure.pk)

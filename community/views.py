from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import myspace, selectors
from community.forms import NotificationPreferencesForm, ProfileForm
from community.notification_messages import contents_read_together
from community.notifications import all_categories
from community.services import notifications as notification_service


@login_required
def my_space(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "community/my_space.html",
        # What needs the person now comes first (issue 26), then who they are and each feature's panel.
        {**selectors.who_i_am(user), "needs": myspace.needs_for(request), "panels": myspace.panels_for(request)},
    )


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("community:my_space")
        # A new preferred language takes effect at once, with its URL prefix.
        response["Location"] = translate_url(response["Location"], user.language)
        return response
    return render(request, "community/profile_form.html", {"form": form})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    with contents_read_together(page.object_list):
        return render(request, "community/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notifications_for(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404(_("This notification does not exist or is not yours."))
    notification_service.mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.rendered().url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("community:notifications")


@login_required
@require_POST
def notifications_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notification_service.mark_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("community:notifications")


@login_required
def notifications_unread_count(request: HttpRequest) -> JsonResponse:
    """Polled by the header when the websocket is not available."""
    return JsonResponse({"unread": notification_service.unread_count(request.user)})


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    categories = all_categories()
    current = dict(request.user.notification_preferences.values_list("category", "email_frequency"))
    form = NotificationPreferencesForm(request.POST or None, categories=categories, current=current)
    if request.method == "POST" and form.is_valid():
        for code, frequency in form.cleaned_data.items():
            notification_service.set_email_frequency(user=request.user, category=code, frequency=frequency)
        messages.success(request, _("Your notification preferences have been saved."))
        return redirect("community:notification_preferences")
    return render(request, "community/notification_preferences.html", {"form": form})



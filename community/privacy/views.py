"""Thin views: the public privacy notice, "my data", and the staff queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from socle_site.kernel import maps
from socle_site.kernel.jobs import status_url
from socle_site.kernel.ratelimit import rate_limited
from socle_site.kernel.refusals import carried_out

from . import consents, selectors, services
from . import jobs as privacy_jobs
from .models import Consent, DataRequest
from .registry import declarations


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_refusals().get(perm, _("You may not do this.")))


def _refusals() -> dict:
    # One reason per perm (rules.py), read on the 403 page.
    return {
        "privacy.download_export": _("Only who asked for this copy downloads it."),
        "privacy.withdraw_consent": _("Only who gave this consent, or the data protection officer, withdraws it."),
        "privacy.handle_requests": _("Only the data protection officer handles the requests about personal data."),
        "privacy.review_access_log": _("Only the data protection officer reads the access log."),
    }


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """GDPR art. 13/14 information, rendered from the record of processing."""
    public = [d for d in declarations() if d.public]
    return render(
        request,
        "privacy/notice.html",
        # A tile server, when set, sees the address of whoever opens a map (issue 24).
        {"declarations": public, "purposes": consents.purposes(), "map_tiles": maps.tile_server()},
    )


def _following_jobs(requests):
    """A copy being prepared shows its progress and updates by itself (socle_site.kernel.jobs)."""
    for data_request in requests:
        if data_request.kind == DataRequest.Kind.EXPORT and data_request.status == DataRequest.Status.RECEIVED:
            data_request.job_status_url = status_url(privacy_jobs.KIND, data_request.pk)
    return requests


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    _require(request, "privacy.use_my_data")
    user = request.user
    live = {(c.purpose, c.target_type_id, c.target_id) for c in selectors.consents_of(user) if c.is_live}
    offered = [p for p in consents.purposes() if p.self_service and (p.key, None, "") not in live]
    return render(
        request,
        "privacy/my_data.html",
        {
            "requests": _following_jobs(list(selectors.requests_of(user)[:20])),
            "consents": selectors.consents_of(user)[:50],
            "offered": offered,
            "accesses": selectors.accesses_to(user),
        },
    )


@login_required
@require_POST
@rate_limited("privacy-export", "5/h")
def request_export(request: HttpRequest) -> HttpResponse:
    _require(request, "privacy.use_my_data")
    with carried_out(request, _("Your copy is being prepared. You will be notified when it is ready.")):
        services.request_export(acting_user=request.user)
    return redirect("privacy:my_data")


@login_required
def download_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    data_request = DataRequest.objects.filter(pk=pk, kind=DataRequest.Kind.EXPORT).first()
    if data_request is None:
        raise Http404(_("This copy does not exist."))
    _require(request, "privacy.download_export", data_request)
    if data_request.status != DataRequest.Status.READY or not data_request.export_json:
        raise Http404(_("This copy is not ready, or was deleted after thirty days."))
    if fmt == "json":
        response = HttpResponse(data_request.export_json, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="socle-my-data-{data_request.pk}.json"'
    else:
        response = HttpResponse(data_request.export_html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
@rate_limited("privacy-request", "5/h")
def request_correction(request: HttpRequest) -> HttpResponse:
    _require(request, "privacy.use_my_data")
    with carried_out(request, _("Your request has been sent. The staff answer within one month.")):
        services.request_correction(acting_user=request.user, details=request.POST.get("details", ""))
    return redirect("privacy:my_data")


@login_required
@require_POST
@rate_limited("privacy-request", "5/h")
def request_erasure(request: HttpRequest) -> HttpResponse:
    _require(request, "privacy.use_my_data")
    with carried_out(request) as outcome:
        data_request = services.request_erasure(acting_user=request.user, confirm=request.POST.get("confirm") == "yes")
    if not outcome.ok:
        return redirect("privacy:my_data")
    if data_request.status == DataRequest.Status.DONE:
        from django.contrib.auth import logout

        logout(request)
        return render(request, "privacy/erased.html")
    messages.warning(request, _("The law still keeps some of your data. Each rule and its date are shown below."))
    return redirect("privacy:my_data")


@login_required
@require_POST
def give_consent(request: HttpRequest) -> HttpResponse:
    _require(request, "privacy.use_my_data")
    with carried_out(request, _("Your consent is recorded. You can withdraw it here at any time.")):
        services.give_consent(acting_user=request.user, user=request.user, purpose=request.POST.get("purpose", ""))
    return redirect("privacy:my_data")


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    consent = Consent.objects.filter(pk=pk).first()
    if consent is None:
        raise Http404(_("This consent does not exist."))
    _require(request, "privacy.withdraw_consent", consent)
    with carried_out(request, _("Your consent is withdrawn. It takes effect everywhere now.")):
        services.withdraw_consent(acting_user=request.user, consent=consent)
    return redirect("privacy:my_data")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require(request, "privacy.handle_requests")
    return render(request, "privacy/queue.html", {"requests": list(selectors.open_queue()[:200])})


@login_required
@require_POST
def handle(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "privacy.handle_requests")
    data_request = get_object_or_404(DataRequest, pk=pk)
    action = request.POST.get("action", "answer")
    with carried_out(request, _("The request is answered and the member notified.")):
        services.handle_request(
            acting_user=request.user,
            request=data_request,
            answer=request.POST.get("answer", ""),
            erase_now=action == "erase",
            refuse=action == "refuse",
        )
    return redirect("privacy:queue")


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    _require(request, "privacy.review_access_log")
    from .models import AccessLog

    entries = AccessLog.objects.select_related("viewer", "subject").order_by("-at", "-id")[:200]
    return render(request, "privacy/access_log.html", {"entries": entries})

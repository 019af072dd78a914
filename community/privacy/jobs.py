"""The copy of my data as a long job that shows its progress (socle_site.kernel.jobs)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from socle_site.kernel.jobs import Progress, State

from .models import DataRequest

KIND = "privacy.export"


def export_progress(user, pk: int) -> Progress | None:
    """The request's own status is the job's; only the person who asked sees it."""
    request = DataRequest.objects.filter(pk=pk, user=user, kind=DataRequest.Kind.EXPORT).first()
    if request is None:
        return None
    if request.status == DataRequest.Status.RECEIVED:
        return Progress(State.RUNNING, _("Your copy is being prepared…"))
    if request.status == DataRequest.Status.READY:
        return Progress(State.DONE, _("Your copy is ready."), url=reverse("privacy:download_export", args=[pk, "html"]))
    return Progress(State.FAILED, str(request.get_status_display()))

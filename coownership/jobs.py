"""The statement PDF as a long job that shows its progress (socle_site.kernel.jobs)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from socle_site.kernel.jobs import Progress, State

from .models import Statement

KIND = "coownership.statement"


def statement_progress(user, pk: int) -> Progress | None:
    """The statement's own status is the job's; only who may download it sees it."""
    statement = Statement.objects.select_related("building").filter(pk=pk).first()
    if statement is None or not user.has_perm("coownership.download_statement", statement):
        return None
    year = {"year": statement.year}
    if statement.status == Statement.Status.READY:
        return Progress(State.DONE, _("Your statement for %(year)s is ready.") % year,
                        url=reverse("coownership:statement_pdf", args=[statement.building.slug, statement.pk]))
    if statement.status == Statement.Status.FAILED:
        return Progress(State.FAILED, _("Your statement for %(year)s could not be prepared. Ask for it again.") % year)
    return Progress(State.RUNNING, _("Your statement for %(year)s is being prepared…") % year)

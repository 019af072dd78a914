"""Long jobs that show their progress and update by themselves (issue 26).

A long job (a statement PDF, a copy of my data, later imports) runs in
django-q2 and writes its outcome on its own record (``Statement.status``,
``DataRequest.status``): that record is the job's status. Each feature
registers, when it loads, a ``JobKind`` that reads the progress of one of its
jobs for a person (None when the job is not theirs: the endpoint answers 404).
The page shows ``includes/job_progress.html``, which the small script
``static/js/job-status.js`` (no inline script, strict CSP) polls at
``job_status`` (``job_status`` below) and updates in an aria-live region;
without JavaScript a link reloads the page. One mechanism for every long job,
in the kernel so that the kernel's own imports use it too: it names none."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


class State:
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Progress:
    state: str  # State.*
    message: str | Promise  # what the person reads, in their language
    url: str = ""  # where the result is, once done

    @property
    def is_finished(self) -> bool:
        return self.state != State.RUNNING


@dataclass(frozen=True)
class JobKind:
    code: str
    # (person, job id) -> the job's progress, or None when it is not theirs.
    progress: Callable[[object, int], Progress | None]


_kinds: dict[str, JobKind] = {}


def register_job_kind(kind: JobKind) -> None:
    _kinds[kind.code] = kind


def progress_of(code: str, user, job_id: int) -> Progress | None:
    kind = _kinds.get(code)
    if kind is None or not getattr(user, "is_authenticated", False):
        return None
    return kind.progress(user, job_id)


def status_url(code: str, job_id: int) -> str:
    return reverse("job_status", args=[code, job_id])


@require_GET
@login_required
def job_status(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A long job's progress, polled by job-status.js: only its owner sees it."""
    progress = progress_of(code, request.user, pk)
    if progress is None:
        raise Http404(_("This job does not exist or is not yours."))
    response = JsonResponse({"state": progress.state, "message": str(progress.message), "url": progress.url,
                             "finished": progress.is_finished})
    response["Cache-Control"] = "no-store"
    return response

"""An import staff started: the file kept in private storage, the dry run and
the write as django-q2 tasks, the status the import page shows. (A shared
"task progress" mechanism was not on main when this was written: the page
shows the run's status and reloads itself while a task works.)"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task
from socle_site.kernel.models import ImportRun
from socle_site.kernel.refusals import Refusal

from . import importers

MAX_SIZE = 20 * 1024 * 1024
KEPT_FOR = timedelta(days=2)  # an unconfirmed file is deleted after this


class ImportRefusal(Refusal):
    pass


def storage() -> FileSystemStorage:
    # Never under MEDIA_ROOT: imported files hold personal data.
    return FileSystemStorage(location=settings.PRIVATE_ROOT / "imports", base_url=None)


def start_import(*, acting_user, importer_key: str, upload) -> ImportRun:
    """Keep the file and queue its dry run."""
    imp = importers.importer(importer_key)
    if imp is None or not acting_user.has_perm(imp.perm):
        raise ImportRefusal(_("You may not run this import."))
    name = upload.name or "import.csv"
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ImportRefusal(_("Send a CSV file or an Excel workbook (.xlsx)."))
    if upload.size > MAX_SIZE:
        raise ImportRefusal(_("The file is too large (20 MB at most)."))
    expire_old_runs()
    stored = storage().save(f"{uuid.uuid4().hex}{'.xlsx' if name.lower().endswith('.xlsx') else '.csv'}", ContentFile(upload.read()))
    run = ImportRun.objects.create(
        importer=imp.key, filename=name[:200], stored_as=stored, created_by=acting_user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: async_task("socle_site.kernel.dataio.runs.check_run", run.pk))
    return run


def confirm_import(*, acting_user, run: ImportRun) -> ImportRun:
    imp = importers.importer(run.importer)
    if imp is None or not acting_user.has_perm(imp.perm):
        raise ImportRefusal(_("You may not run this import."))
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.CHECKED:
            raise ImportRefusal(_("Only a checked file without errors can be written."))
        run.status = ImportRun.Status.WRITING
        run.save(update_fields=["status"])
        transaction.on_commit(lambda: async_task("socle_site.kernel.dataio.runs.write_run", run.pk))
    return run


def _content(run: ImportRun) -> bytes:
    with storage().open(run.stored_as, "rb") as handle:
        return handle.read()


def _forget_file(run: ImportRun) -> None:
    if run.stored_as:
        storage().delete(run.stored_as)
        run.stored_as = ""


def check_run(run_id: int) -> None:
    """Task: the dry run."""
    run = ImportRun.objects.get(pk=run_id)
    imp = importers.importer(run.importer)
    with translation.override(run.language):
        try:
            report = importers.check(imp, _content(run), run.filename)
        except importers.Refused as error:
            report = importers.Report(refused=[{"line": 1, "column": "", "reason": str(error)}])
    run.report = report.as_json()
    run.status = ImportRun.Status.REFUSED if report.refused else ImportRun.Status.CHECKED
    if report.refused:
        _forget_file(run)
    run.finished_at = timezone.now()
    run.save(update_fields=["report", "status", "stored_as", "finished_at"])


def write_run(run_id: int) -> None:
    """Task: the write, all or nothing."""
    run = ImportRun.objects.select_related("created_by").get(pk=run_id)
    imp = importers.importer(run.importer)
    with translation.override(run.language):
        report = importers.apply(imp, _content(run), run.filename, acting_user=run.created_by)
    run.report = report.as_json()
    run.status = ImportRun.Status.FAILED if report.refused else ImportRun.Status.DONE
    _forget_file(run)
    run.finished_at = timezone.now()
    run.save(update_fields=["report", "status", "stored_as", "finished_at"])


def expire_old_runs() -> None:
    """Files checked but never confirmed are deleted after KEPT_FOR."""
    for run in ImportRun.objects.filter(
        status__in=[ImportRun.Status.CHECKED, ImportRun.Status.CHECKING], created_at__lt=timezone.now() - KEPT_FOR
    ):
        _forget_file(run)
        run.status = ImportRun.Status.EXPIRED
        run.save(update_fields=["status", "stored_as"])


IMPORT_JOB = "dataio.import"


def import_progress(user, pk: int):
    """An import's own status is the job's (socle_site.kernel.jobs); only who started it sees it.
    Once the file is checked or written, the result is the run's page with its report."""
    from django.urls import reverse
    from socle_site.kernel.jobs import Progress, State
    from socle_site.kernel.models import ImportRun

    run = ImportRun.objects.filter(pk=pk, created_by_id=getattr(user, "pk", None)).first()
    if run is None:
        return None
    working = run.status in (ImportRun.Status.CHECKING, ImportRun.Status.WRITING)
    failed = run.status in (ImportRun.Status.FAILED, ImportRun.Status.EXPIRED)
    state = State.RUNNING if working else (State.FAILED if failed else State.DONE)
    url = "" if working else reverse("dataio_run", args=[run.pk])
    return Progress(state, run.get_status_display(), url=url)

"""The import pages of the administration (staff): the imports each app
registered with their templates, a file's dry run, its confirmation."""

from django import forms
from django.contrib.admin import site as admin_site
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from socle_site.kernel.jobs import status_url
from socle_site.kernel.models import ImportRun
from socle_site.kernel.refusals import carried_out

from . import importers, runs


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or .xlsx)"))


def _staff(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise PermissionDenied(_("Only staff import files."))
    return None


def _allowed(request, key: str) -> importers.Importer:
    imp = importers.importer(key)
    if imp is None:
        raise Http404
    if not request.user.has_perm(imp.perm):
        raise PermissionDenied(_("You may not run this import."))
    return imp


def imports_index(request):
    if (response := _staff(request)) is not None:
        return response
    allowed = [imp for imp in importers.importers() if request.user.has_perm(imp.perm)]
    context = {
        **admin_site.each_context(request), "title": _("Imports"), "importers": allowed,
        "runs": ImportRun.objects.filter(created_by=request.user)[:20], "form": UploadForm(),
    }
    return render(request, "dataio/imports.html", context)


def download_template(request, key: str, language: str, fmt: str):
    if (response := _staff(request)) is not None:
        return response
    imp = _allowed(request, key)
    if language not in ("fr", "nl", "en") or fmt not in importers.FORMATS:
        raise Http404
    content = importers.template_file(imp, language, fmt)
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{imp.key}-{language}.{fmt}"'
    return response


@require_POST
def upload(request, key: str):
    if (response := _staff(request)) is not None:
        return response
    _allowed(request, key)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        from django.contrib import messages

        messages.error(request, _("Choose a file to import."))
        return redirect("dataio_imports")
    with carried_out(request, _("The file is being checked; nothing is written yet.")) as outcome:
        run = runs.start_import(acting_user=request.user, importer_key=key, upload=form.cleaned_data["file"])
    return redirect("dataio_run", run.pk) if outcome.ok else redirect("dataio_imports")


def run_detail(request, pk: int):
    if (response := _staff(request)) is not None:
        return response
    run = get_object_or_404(ImportRun, pk=pk, created_by=request.user)
    imp = _allowed(request, run.importer)
    context = {
        **admin_site.each_context(request), "title": _("Import: %(name)s") % {"name": imp.label},
        "run": run, "importer": imp, "working": run.status in (ImportRun.Status.CHECKING, ImportRun.Status.WRITING),
        "job_status_url": status_url(runs.IMPORT_JOB, run.pk),
    }
    return render(request, "dataio/run.html", context)


@require_POST
def confirm(request, pk: int):
    if (response := _staff(request)) is not None:
        return response
    run = get_object_or_404(ImportRun, pk=pk, created_by=request.user)
    _allowed(request, run.importer)
    with carried_out(request, _("The file is being written, all or nothing.")):
        runs.confirm_import(acting_user=request.user, run=run)
    return redirect("dataio_run", pk)

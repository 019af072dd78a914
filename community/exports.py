"""The one export view: every exporter a feature registered
(``socle_site.kernel.dataio.exporters``) is served here, behind the perm of the
page it comes from, and written to the access log when it holds personal data."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from socle_site.kernel.dataio import exporters

from community.privacy.services import log_access_to

# A period of bookings longer than this is refused: the export stays a file
# a spreadsheet opens, not a dump (and its cost stays bounded).
MAX_PERIOD_DAYS = 366 * 2


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("csv", gettext_lazy("CSV (text, any spreadsheet)")), ("xlsx", gettext_lazy("Excel (.xlsx)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )
    columns = forms.MultipleChoiceField(label=gettext_lazy("Columns"), widget=forms.CheckboxSelectMultiple, required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, exporter: exporters.Exporter, **kwargs):
        super().__init__(*args, **kwargs)
        self.exporter = exporter
        self.fields["columns"].choices = [(c.key, c.label) for c in exporter.columns]
        self.fields["columns"].initial = exporter.default_columns()
        if not exporter.period:
            del self.fields["start"], self.fields["end"]
        else:
            today = timezone.localdate()
            self.fields["start"].initial = today.replace(day=1)
            self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        if self.exporter.period:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give the first and the last day of the period."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Export at most two years at a time."))
        return data


def _target(exporter: exporters.Exporter, pk: int | None):
    if exporter.target is None:
        if pk is not None:
            raise Http404
        return None
    if pk is None:
        raise Http404
    return exporter.target(pk)


@login_required
def export(request: HttpRequest, name: str, pk: int | None = None) -> HttpResponse:
    """GET without ``format``: the page that chooses columns and format;
    GET with it: the file."""
    exporter = exporters.get_exporter(name)
    if exporter is None:
        raise Http404
    target = _target(exporter, pk)
    if not request.user.has_perm(exporter.perm, target):
        raise PermissionDenied(exporter.refusal or _("You may not export this."))
    asked = "format" in request.GET
    form = ExportForm(request.GET if asked else None, exporter=exporter)
    if asked and form.is_valid():
        return _download(request, exporter, target, form.cleaned_data)
    return render(request, "community/export.html", {"exporter": exporter, "target": target, "form": form})


def _download(request: HttpRequest, exporter: exporters.Exporter, target, data: dict) -> HttpResponse:
    params = {"start": data.get("start"), "end": data.get("end")}
    rows = list(exporter.rows(request.user, target, params))
    columns = exporter.chosen(data["columns"])
    title = f"{exporter.title} {target}" if target is not None else str(exporter.title)
    if exporter.personal_data:
        # Who took a copy of whose data, as for a page that shows it (GDPR art. 5(2), 30).
        subjects = list(exporter.subjects(rows)) if exporter.subjects else []
        log_access_to(viewer=request.user, subjects=subjects, what=_("export: %(title)s") % {"title": exporter.title}, target=target)
    fmt = data["format"]
    content_type, ext = exporters.FORMATS[fmt]
    response = HttpResponse(exporters.render(exporters.table(columns, rows, title=str(exporter.title)), fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporters.filename(title, ext, timezone.localdate())}"'
    # A copy of personal data is not kept by any cache on the way.
    response["Cache-Control"] = "private, no-store"
    return response


def exports_help(request: HttpRequest) -> HttpResponse:
    """What each export holds, column by column, and how the files are
    written (docs/EXPORTS.md says the same for a trust that leaves)."""
    return render(request, "community/exports_help.html", {"exporters": exporters.all_exporters()})


def export_url(name: str, target=None) -> str:
    from django.urls import reverse

    if target is None:
        return reverse("community:export", args=[name])
    return reverse("community:export_of", args=[name, target.pk])



"""Thin views of the building's distribution keys and meter readings, for the
building committee and the syndic (``coownership.manage_building``): find the
building, check the perm, call one service, render. Another building's people
are refused (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from socle_site.kernel.refusals import carried_out

from . import forms, key_weights, services
from .models import DistributionKey
from .views import _building, _year


@login_required
def keys(request: HttpRequest, slug: str) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    return render(request, "coownership/keys.html", {
        "building": the_building, "keys": key_weights.keys_with_weights(the_building),
    })


@login_required
def meter_readings(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    the_building = _building(request, slug, "coownership.manage_building")
    key = get_object_or_404(DistributionKey, pk=pk, building=the_building, kind=DistributionKey.Kind.METER)
    lots = [weight.lot for weight in key.weights.select_related("lot").order_by("lot__reference")]
    year = _year(request)
    if request.method == "POST":
        form = forms.MeterReadingsForm(request.POST, lots=lots)
        if form.is_valid():
            year = form.cleaned_data["year"]
            with carried_out(request, _("The meter readings of %(year)s are saved.") % {"year": year}) as outcome:
                services.record_meter_readings(
                    acting_user=request.user, building=the_building, key=key, year=year, readings=form.readings(),
                )
            if outcome.ok:
                return redirect(f"{request.path}?year={year}")
        else:
            messages.error(request, _("Some readings are not valid: see the fields marked below. Nothing was saved."))
    else:
        saved = key_weights.meter_readings_of(key, year)
        form = forms.MeterReadingsForm(
            lots=lots, initial={"year": year, **{f"lot_{lot_id}": value for lot_id, value in saved.items()}},
        )
    return render(request, "coownership/meter_readings.html", {
        "building": the_building, "key": key, "year": year, "form": form,
        "fields": [(lot, form[name]) for lot, name in form.lot_fields],
    })

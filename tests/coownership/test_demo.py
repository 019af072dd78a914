"""The demo's Arc-en-Ciel building shows last year's meeting with its signed
minutes, and the water meter's readings of two years."""

import io

import pytest
from django.core.management import call_command

from community.governance.models import Meeting, Minutes, MinutesSignature
from coownership.models import Building, DistributionKey, KeyWeight, MeterReading


@pytest.mark.django_db
def test_the_demo_holds_last_year_s_meeting_with_signed_minutes_and_has_meter_readings():
    call_command("load_demo", stdout=io.StringIO())
    building = Building.objects.get(slug="arc-en-ciel")
    held = Meeting.objects.get(body=building.body, status=Meeting.Status.CLOSED)
    minutes = Minutes.objects.get(meeting=held)
    assert minutes.status == Minutes.Status.APPROVED
    roles = sorted(MinutesSignature.objects.filter(minutes=minutes).values_list("role", flat=True))
    assert roles == ["attendee", "attendee", "chair", "secretary"]
    assert "Approbation des comptes et du budget" in minutes.body_html
    # The convened annual meeting of this year is still there.
    assert Meeting.objects.filter(body=building.body, status=Meeting.Status.CONVENED).count() == 1
    water = building.keys.get(kind=DistributionKey.Kind.METER)
    years = sorted(set(MeterReading.objects.filter(key=water).values_list("year", flat=True)))
    assert len(years) == 2
    latest = dict(MeterReading.objects.filter(key=water, year=years[-1]).values_list("lot_id", "value"))
    assert dict(KeyWeight.objects.filter(key=water).values_list("lot_id", "weight")) == latest

"""The partner API's endpoints about rooms and activities (registered in
apps.ready). Availability is free/busy only: never who booked, nor why."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from community.api.framework import PartnerView
from community.api.registry import register_endpoint
from community.models import PartnerToken

from . import selectors
from .models import ACTIVE, Occurrence, Room

# A partner asks at most this many days at a time: the answer stays small.
MAX_DAYS = 92


class RoomSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    project = serializers.CharField(source="housing_project.name")
    municipality = serializers.CharField(source="housing_project.municipality")
    capacity = serializers.IntegerField()


class BusySerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class AvailabilitySerializer(serializers.Serializer):
    room = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    busy = BusySerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, data):
        start = data.get("start") or timezone.localdate()
        end = data.get("end") or start + datetime.timedelta(days=30)
        if end < start:
            raise serializers.ValidationError(_("The period ends before it starts."))
        if (end - start).days > MAX_DAYS:
            raise serializers.ValidationError(_("Ask at most %(days)d days at a time.") % {"days": MAX_DAYS})
        return {"start": start, "end": end}


class ActivitySerializer(serializers.Serializer):
    title = serializers.CharField(source="booking.activity.title")
    kind = serializers.CharField(source="booking.activity.kind")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.CharField(source="room.name")
    project = serializers.CharField(source="room.housing_project.name")


class Rooms(PartnerView):
    scope = PartnerToken.Scope.ROOMS

    @extend_schema(summary=gettext_lazy("Community rooms"), responses=RoomSerializer(many=True), tags=["rooms"])
    def get(self, request):
        rooms = Room.objects.select_related("housing_project").order_by("housing_project__name", "name")
        return Response(RoomSerializer(rooms, many=True).data)


class Availability(PartnerView):
    scope = PartnerToken.Scope.ROOMS

    @extend_schema(
        summary=gettext_lazy("When a room is busy"),
        parameters=[PeriodSerializer],
        responses=AvailabilitySerializer,
        tags=["rooms"],
    )
    def get(self, request, slug: str):
        room = get_object_or_404(Room, slug=slug)
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        start, end = selectors.local_bounds(period.validated_data["start"], period.validated_data["end"])
        # Waiting requests hold the slot too (events.policy): busy is busy, for whatever reason.
        busy = (
            Occurrence.objects.filter(room=room, status__in=ACTIVE,
                                      starts_at__lt=end, ends_at__gt=start)
            .order_by("starts_at")
            .values("starts_at", "ends_at")
        )
        data = {"room": room.slug, **period.validated_data, "busy": list(busy)}
        return Response(AvailabilitySerializer(data).data)


class Activities(PartnerView):
    scope = PartnerToken.Scope.FIGURES

    @extend_schema(summary=gettext_lazy("Public activities of the coming 60 days"), responses=ActivitySerializer(many=True), tags=["figures"])
    def get(self, request):
        return Response(ActivitySerializer(selectors.public_agenda(timezone.localdate()), many=True).data)


def register() -> None:
    register_endpoint("rooms/", Rooms.as_view(), "rooms")
    register_endpoint("rooms/<slug:slug>/availability/", Availability.as_view(), "room_availability")
    register_endpoint("activities/", Activities.as_view(), "activities")

"""The partner API's endpoints about platforms (registered in apps.ready):
a platform's meetings, agenda and actions, for the keys of its member
organisations only. No person: who proposed an item or answered a
convocation is never given."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from community.api.framework import PartnerView
from community.api.registry import register_endpoint
from community.models import PartnerToken

from .models import ActionItem, AgendaItem, Platform, PlatformMembership


def seated_platforms(organisation_id: int):
    """The platforms where the organisation holds a seat now (joined, not left)."""
    return Platform.objects.filter(
        memberships__organisation_id=organisation_id,
        memberships__joined_at__isnull=False,
        memberships__left_at__isnull=True,
    ).distinct()


def _platform_of_key(token: PartnerToken, slug: str) -> Platform:
    platform = get_object_or_404(Platform, slug=slug)
    if not PlatformMembership.objects.filter(
        platform=platform, organisation_id=token.organisation_id, joined_at__isnull=False, left_at__isnull=True
    ).exists():
        raise exceptions.PermissionDenied(_("Your organisation does not sit on this platform."))
    return platform


class PlatformSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    municipalities = serializers.CharField()
    themes = serializers.CharField(allow_blank=True)


class AgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    place = serializers.CharField()
    has_minutes = serializers.SerializerMethodField()
    agenda = AgendaItemSerializer(many=True, source="agenda_list")

    def get_has_minutes(self, meeting) -> bool:
        return meeting.minutes_recorded_at is not None


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meeting = serializers.IntegerField(source="meeting_id")
    action = serializers.CharField(source="description")
    owner = serializers.CharField(source="owner.name")
    due_on = serializers.DateField()
    done = serializers.SerializerMethodField()

    def get_done(self, action) -> bool:
        return action.done_at is not None


class Platforms(PartnerView):
    scope = PartnerToken.Scope.PLATFORM

    @extend_schema(summary=gettext_lazy("The platforms your organisation sits on"), responses=PlatformSerializer(many=True), tags=["platform"])
    def get(self, request):
        return Response(PlatformSerializer(seated_platforms(request.auth.organisation_id).order_by("name"), many=True).data)


class Meetings(PartnerView):
    scope = PartnerToken.Scope.PLATFORM

    @extend_schema(summary=gettext_lazy("A platform's meetings and their agenda"), responses=MeetingSerializer(many=True), tags=["platform"])
    def get(self, request, slug: str):
        platform = _platform_of_key(request.auth, slug)
        meetings = platform.meetings.order_by("-starts_at").prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk"), to_attr="agenda_list")
        )
        return Response(MeetingSerializer(meetings, many=True).data)


class Actions(PartnerView):
    scope = PartnerToken.Scope.PLATFORM

    @extend_schema(summary=gettext_lazy("A platform's actions"), responses=ActionSerializer(many=True), tags=["platform"])
    def get(self, request, slug: str):
        platform = _platform_of_key(request.auth, slug)
        actions = ActionItem.objects.filter(meeting__platform=platform).select_related("owner").order_by("due_on", "pk")
        return Response(ActionSerializer(actions, many=True).data)


def register() -> None:
    register_endpoint("platforms/", Platforms.as_view(), "platforms")
    register_endpoint("platforms/<slug:slug>/meetings/", Meetings.as_view(), "platform_meetings")
    register_endpoint("platforms/<slug:slug>/actions/", Actions.as_view(), "platform_actions")



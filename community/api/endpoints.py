"""The base's own endpoint: public housing projects."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from community.models import HousingProject, PartnerToken

from .framework import PartnerView


class ProjectSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    municipality = serializers.CharField()
    postal_code = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=HousingProject.Status.choices)
    homes = serializers.IntegerField(source="homes_count")
    community_spaces = serializers.IntegerField(source="community_spaces_count")


class Projects(PartnerView):
    scope = PartnerToken.Scope.FIGURES

    @extend_schema(summary=gettext_lazy("Housing projects"), responses=ProjectSerializer(many=True), tags=["figures"])
    def get(self, request):
        return Response(ProjectSerializer(HousingProject.objects.order_by("name"), many=True).data)

"""The partner API's anonymised figures of the register (registered in
apps.ready): through the small-group suppression, as the public page."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from community.api.framework import PartnerView
from community.api.registry import register_endpoint
from community.models import PartnerToken

from . import selectors


class GroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    # null: fewer than ``minimum_group`` households, not shown.
    count = serializers.IntegerField(allow_null=True)


class FiguresSerializer(serializers.Serializer):
    minimum_group = serializers.IntegerField()
    by_income_category = GroupSerializer(many=True)
    by_household_size = GroupSerializer(many=True)
    by_waiting_time = GroupSerializer(many=True)


def figures_data() -> dict:
    figures = selectors.anonymised_figures()

    def rows(key):
        return [{"group": str(label), "count": count} for label, count in figures[key]]

    return {
        "minimum_group": selectors.MIN_GROUP,
        "by_income_category": rows("category"),
        "by_household_size": rows("size"),
        "by_waiting_time": rows("waiting"),
    }


class RegisterFigures(PartnerView):
    scope = PartnerToken.Scope.FIGURES

    @extend_schema(summary=gettext_lazy("Anonymised figures of the register"), responses=FiguresSerializer, tags=["figures"])
    def get(self, request):
        return Response(FiguresSerializer(figures_data()).data)


def register() -> None:
    register_endpoint("register/figures/", RegisterFigures.as_view(), "register_figures")

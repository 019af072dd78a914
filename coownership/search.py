"""What a member finds of the buildings in the member search
(``community.search``): the documents of the buildings they may see
(``coownership.view_building``: the buildings they co-own, live in or manage,
``selectors._buildings_of``, the "My building" page's query)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.search import SearchKind, register_searchable

from .models import BuildingDocument
from .selectors import _buildings_of


def searchable_documents(user) -> QuerySet[BuildingDocument]:
    buildings = _buildings_of(user)
    if buildings.query.is_empty():
        return BuildingDocument.objects.none()
    return BuildingDocument.objects.filter(building__in=buildings.values("pk"))


def register() -> None:
    register_searchable(SearchKind(
        code="coownership.document", label=_("Building document"), visible=searchable_documents, model=BuildingDocument,
        title="title", text=("building__name",), date="uploaded_at", url_field="building__slug", order=40,
        url=lambda pk, slug: reverse("coownership:document", args=[slug, pk]),
    ))

"""/api/v1/: the schema, then every endpoint the apps registered, then a
JSON 404 for anything else under the prefix."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import endpoints, framework, registry
from . import schema as _schema  # noqa: F401  the key's security scheme

app_name = "api"


class Schema(SpectacularJSONAPIView):
    # The schema is public: partners read it before they have a key.
    authentication_classes = []
    permission_classes = []
    throttle_classes = []


urlpatterns = [
    path("schema/", Schema.as_view(), name="schema"),
    path("projects/", endpoints.Projects.as_view(), name="projects"),
    *registry.endpoints(),
    re_path(r"^.*$", framework.not_found),
]

"""The OpenAPI schema's shared parts: the key's security scheme and the
error answers every endpoint may give (so the schema tells all a client
meets, and the fuzz test holds every answer to it)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
}
ERRORS = {
    "400": _("A parameter is not valid."),
    "401": _("No key, or a key that is not valid, expired or revoked."),
    "403": _("The key does not open this scope or this platform."),
    "404": _("No such object."),
    "405": _("Only reading is allowed."),
    "406": _("Only JSON is answered."),
    "429": _("Too many calls with this key: wait, then try again."),
}


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "community.api.framework.PartnerTokenAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": str(_("A partner key issued by the trust's staff."))}


def add_errors(result, generator, request, public):
    """drf-spectacular post-processing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {
                    "description": str(description),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result


def only_partner_api(endpoints):
    """drf-spectacular pre-processing hook: the partner API's endpoints only
    (Wagtail's admin API lives under /cms/ and is not for partners)."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]

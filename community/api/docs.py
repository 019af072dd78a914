"""The API's documentation page: the OpenAPI schema, written out as an
ordinary page of the site (in the reader's language, under the site's strict
CSP: no third-party script such as Swagger UI)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from drf_spectacular.generators import SchemaGenerator

from community.models import PartnerToken

_schemas: dict[str, dict] = {}


def api_schema() -> dict:
    """The schema in the active language, built once per process and language."""
    language = get_language() or settings.LANGUAGE_CODE
    if language not in _schemas:
        from . import schema  # noqa: F401  the key's security scheme

        _schemas[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _schemas[language]


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return node


def _fields(schema: dict, node: dict) -> list[dict]:
    node = _resolve(schema, node)
    many = node.get("type") == "array"
    if many:
        node = _resolve(schema, node.get("items", {}))
    required = set(node.get("required", []))
    fields = []
    for name, prop in node.get("properties", {}).items():
        prop = _resolve(schema, prop) if "$ref" in prop else prop
        kind = prop.get("type") or ("enum" if "enum" in prop else "object")
        if kind == "array":
            inner = _resolve(schema, prop.get("items", {}))
            kind = "array of " + ", ".join(inner.get("properties", {}).keys()) if inner.get("properties") else "array"
        fields.append({"name": name, "type": kind, "format": prop.get("format", ""), "nullable": prop.get("nullable", False), "required": name in required})
    return fields


def operations(schema: dict) -> list[dict]:
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            ok = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ops.append({
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "tag": (op.get("tags") or [""])[0],
                "parameters": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "type": p.get("schema", {}).get("type", ""), "format": p.get("schema", {}).get("format", "")}
                    for p in op.get("parameters", [])
                ],
                "many": _resolve(schema, ok).get("type") == "array" if ok else False,
                "fields": _fields(schema, ok) if ok else [],
            })
    return ops


def api_documentation(request: HttpRequest) -> HttpResponse:
    schema = api_schema()
    return render(request, "community/api_docs.html", {
        "info": schema.get("info", {}),
        "operations": operations(schema),
        "scopes": PartnerToken.Scope.choices,
        "rate": settings.SOCLE_API_RATE,
        "errors": schema["components"]["schemas"].get("Error") and sorted(
            {status for methods in schema["paths"].values() for op in methods.values() for status in op["responses"] if status != "200"}
        ),
    })

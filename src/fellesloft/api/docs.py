"""The API documentation page: rendered on the server from the OpenAPI document.

Swagger UI nests buttons in buttons and fails WCAG 2.1 AA; this page is plain HTML in
the site's layout, readable with a screen reader and without JavaScript.
"""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
MAX_DEPTH = 4  # nested objects shown, as «parent.child» and «list[].child»


def _resolve(document: dict, schema: dict) -> tuple[dict, str | None]:
    """The schema behind a reference, and the reference's name (for cycles)."""
    name = None
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document.get("components", {}).get("schemas", {}).get(name, {})
    return schema, name


def _options(document: dict, schema: dict) -> tuple[list[dict], bool]:
    """The schemas a value may have (through anyOf/oneOf), and whether it may be null."""
    schema, _name = _resolve(document, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if not options:
        return [schema], False
    kept = [option for option in options if option.get("type") != "null"]
    return kept or [schema], len(kept) < len(options)


def _type_label(document: dict, schema: dict) -> str:
    options, nullable = _options(document, schema)
    labels = []
    for option in options:
        resolved, _name = _resolve(document, option)
        if "enum" in resolved:
            labels.append(" | ".join(f"«{value}»" for value in resolved["enum"]))
        elif "const" in resolved:
            labels.append(f"«{resolved['const']}»")
        elif resolved.get("type") == "array":
            labels.append(f"liste av {_type_label(document, resolved.get('items', {}))}")
        elif resolved.get("type") == "object" or "properties" in resolved:
            labels.append("objekt")
        else:
            kind = resolved.get("type", "")
            labels.append(f"{kind} ({resolved['format']})" if "format" in resolved else kind)
    label = " | ".join(label for label in labels if label) or "–"
    return f"{label} | null" if nullable else label


def schema_fields(document: dict, schema: dict, prefix: str = "", seen=frozenset()) -> list:
    """The fields of a body or response schema, nested ones as «a.b» and «a[].b»: name, type,
    whether it is always there (required) and its description."""
    if len(seen) > MAX_DEPTH:
        return []
    resolved, name = _resolve(document, schema)
    if name in seen:
        return []
    seen = seen | {name} if name else seen
    if resolved.get("type") == "array":
        return schema_fields(document, resolved.get("items", {}), f"{prefix}[]", seen)
    rows = []
    required = set(resolved.get("required", []))
    for field_name, field_schema in resolved.get("properties", {}).items():
        path = f"{prefix}.{field_name}" if prefix else field_name
        rows.append(
            {
                "name": path,
                "type": _type_label(document, field_schema),
                "required": field_name in required,
                "description": field_schema.get("description", ""),
            }
        )
        for option in _options(document, field_schema)[0]:
            inner, _inner_name = _resolve(document, option)
            if inner.get("type") == "array":
                inner, _inner_name = _resolve(document, inner.get("items", {}))
                if "properties" in inner:
                    rows += schema_fields(document, option, path, seen)
            elif "properties" in inner:
                rows += schema_fields(document, option, path, seen)
    return rows


def _json_schema(part: dict) -> dict | None:
    return part.get("content", {}).get("application/json", {}).get("schema")


def response_fields(document: dict, operation: dict) -> list:
    """The fields of the successful answer (the first 2xx with a JSON body)."""
    for status in sorted(operation.get("responses", {}), key=str):
        if str(status).startswith("2"):
            schema = _json_schema(operation["responses"][status])
            if schema is not None:
                return schema_fields(document, schema)
    return []


def operations_by_tag(schema: dict) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["API"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "needs_auth": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "location": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": parameter.get("schema", {}).get("type", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "has_body": "requestBody" in operation,
                    "body_fields": schema_fields(
                        schema, _json_schema(operation.get("requestBody", {})) or {}
                    ),
                    "response_fields": response_fields(schema, operation),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return [{"tag": tag, "operations": operations} for tag, operations in groups.items()]


class AccessibleDocs(DocsBase):
    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "api/docs.html",
            {
                "api_title": schema["info"]["title"],
                "api_description": schema["info"].get("description", ""),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "groups": operations_by_tag(schema),
            },
        )

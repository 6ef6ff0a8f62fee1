"""The API documentation page: rendered on the server from the OpenAPI document.

Swagger UI nests buttons in buttons and fails WCAG 2.1 AA; this page is plain HTML in
the site's layout, readable with a screen reader and without JavaScript.
"""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


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

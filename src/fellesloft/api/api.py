"""The versioned JSON API. Each app with an `api.py` that defines `router` is mounted here
under its app label, so a part of the product adds its endpoints without editing this file."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from fellesloft.api import me, site_search
from fellesloft.api.docs import AccessibleDocs
from fellesloft.api.middleware import ErrorAnswer, json_error, service_error_response
from fellesloft.api.parser import CleanTextParser
from fellesloft.api.schemas import ErrorOut, error_body
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.plugins import app_plugins

# The errors an operation can answer besides its own (see `FellesloftAPI`), and when.
ERROR_RESPONSES = {
    400: ("input", "Ugyldig forespørsel (f.eks. ukjent verdi, ikke gyldig JSON)"),
    401: ("auth", "Mangler innlogging eller gyldig API-nøkkel"),
    403: ("always", "Ingen tilgang"),
    404: ("always", "Finnes ikke, eller er ikke synlig for deg"),
    413: ("body", "Forespørselen er for stor"),
    422: ("input", "Ugyldige data i parametrene eller innholdet"),
}


class FellesloftAPI(NinjaAPI):
    """The API whose document names every error an operation can answer, each with the one
    error body (`schemas.ErrorOut`), so a client – and schemathesis – can rely on it."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorOut"] = error_schema
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in document["paths"].values():
            for operation in operations.values():
                applies = {
                    "always": True,
                    "auth": bool(operation.get("security")),
                    "body": "requestBody" in operation,
                    "input": bool(operation.get("parameters")) or "requestBody" in operation,
                }
                for status, (when, description) in ERROR_RESPONSES.items():
                    if applies[when]:
                        operation["responses"].setdefault(
                            status, {"description": description, "content": error_content}
                        )
        return document


api = FellesloftAPI(
    title="Fellesløft API",
    version="1",
    description="Åpne data og integrasjoner for Fellesløft. Skrivende kall krever innlogging "
    "eller en personlig API-nøkkel (Authorization: Bearer <nøkkel>).",
    urls_namespace="api",
    docs=AccessibleDocs(),
    auth=None,
    parser=CleanTextParser(),
)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    details = [
        {
            "field": ".".join(str(part) for part in error.get("loc", [])[1:]) or None,
            "message": _translate_pydantic(error),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request, error_body(_("Ugyldige data i forespørselen."), "invalid", details), status=422
    )


def _translate_pydantic(error: dict) -> str:
    kind = error.get("type", "")
    messages = {
        "missing": _("Feltet må fylles ut."),
        "string_too_long": _("Teksten er for lang."),
        "string_too_short": _("Teksten er for kort."),
        "int_parsing": _("Må være et heltall."),
        "less_than_equal": _("Tallet er for stort."),
        "greater_than_equal": _("Tallet er for lite."),
        "float_parsing": _("Må være et tall."),
        "literal_error": _("Ugyldig verdi."),
        "enum": _("Ugyldig verdi."),
        "json_invalid": _("Ugyldig JSON."),
        "model_attributes_type": _("Ugyldig JSON-objekt."),
        "date_from_datetime_parsing": _("Ugyldig dato."),
        "date_parsing": _("Ugyldig dato."),
    }
    return str(messages.get(kind, _("Ugyldig verdi.")))


api.add_exception_handler(ServiceError, lambda request, exc: service_error_response(exc))


@api.exception_handler(ValidationError)
def on_django_validation_error(request, exc: ValidationError):
    return api.create_response(request, error_body(" ".join(exc.messages), "invalid"), status=400)


# The one answer to each refusal, wherever it is raised: an endpoint raises PermissionDenied
# (after asking the app's rules with `has_perm`) or Http404 (an object it may not see, from
# `visible_object_or_404`), and the body is the same one Django's own refusals get
# (`middleware.json_error`).
def _refusal(status: int):
    return lambda request, exc: json_error(status)


api.add_exception_handler(Http404, _refusal(404))
api.add_exception_handler(PermissionDenied, _refusal(403))
api.add_exception_handler(AuthenticationError, _refusal(401))
api.add_exception_handler(ErrorAnswer, lambda request, exc: exc.response)


@api.exception_handler(RequestDataTooBig)
def on_too_large(request, exc):
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    message = _("Forespørselen er for stor (høyst %(size)s).") % {"size": limit}
    return json_error(413, "too_large", message)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own errors (a body that is no JSON, a failed CSRF check) in Norwegian."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):  # ninja's
        return json_error(400, "invalid_json", _("Forespørselen er ikke gyldig JSON."))
    return json_error(exc.status_code)


def _mount_app_routers() -> None:
    for config, module in app_plugins("api"):
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{getattr(module, 'PREFIX', config.label)}", router)


_mount_app_routers()
# The person's own endpoints: core's items (core.work), with the API's authentication.
api.add_router("/me", me.router)
# The site search: the search app's query, every app's policy (see api.site_search).
api.add_router("/search", site_search.router)

"""The versioned JSON API. Each app with an `api.py` that defines `router` is mounted here
under its app label, so a part of the product adds its endpoints without editing this file."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from fellesloft.api.auth import ApiTokenAuth, SessionAuth
from fellesloft.api.docs import AccessibleDocs
from fellesloft.api.parser import CleanTextParser
from fellesloft.core.exceptions import ServiceError

api = NinjaAPI(
    title="Fellesløft API",
    version="1",
    description="Åpne data og integrasjoner for Fellesløft. Skrivende kall krever innlogging "
    "eller en personlig API-nøkkel (Authorization: Bearer <nøkkel>).",
    urls_namespace="api",
    docs=AccessibleDocs(),
    auth=None,
    parser=CleanTextParser(),
)


def error_body(message: str, code: str, details: list | None = None) -> dict:
    body = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return body


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
        "float_parsing": _("Må være et tall."),
        "literal_error": _("Ugyldig verdi."),
        "enum": _("Ugyldig verdi."),
        "json_invalid": _("Ugyldig JSON."),
        "model_attributes_type": _("Ugyldig JSON-objekt."),
        "date_from_datetime_parsing": _("Ugyldig dato."),
        "date_parsing": _("Ugyldig dato."),
    }
    return str(messages.get(kind, _("Ugyldig verdi.")))


@api.exception_handler(ServiceError)
def on_service_error(request, exc: ServiceError):
    details = [{"field": exc.field, "message": exc.message}] if exc.field else None
    return api.create_response(request, error_body(exc.message, exc.code, details), status=400)


@api.exception_handler(ValidationError)
def on_django_validation_error(request, exc: ValidationError):
    return api.create_response(request, error_body(" ".join(exc.messages), "invalid"), status=400)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, error_body(_("Fant ikke det du spurte etter."), "not_found"), status=404
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(
        request, error_body(_("Du har ikke tilgang til dette."), "forbidden"), status=403
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        error_body(_("Du må logge inn eller bruke en gyldig API-nøkkel."), "unauthorized"),
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 400 and str(exc) == "Cannot parse request body":  # django-ninja's
        body = error_body(_("Forespørselen er ikke gyldig JSON."), "invalid_json")
        return api.create_response(request, body, status=400)
    return api.create_response(request, error_body(str(exc), "error"), status=exc.status_code)


STAFF_AUTH = [ApiTokenAuth(), SessionAuth()]


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("fellesloft.") or find_spec(f"{config.name}.api") is None:
            continue
        module = import_module(f"{config.name}.api")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{getattr(module, 'PREFIX', config.label)}", router)


_mount_app_routers()

"""Every answer under the API's path is JSON, errors included.

Django answers some errors before or after django-ninja has a say – an unknown API path (404),
a method the path does not take (405, from ninja as plain text), a failed CSRF check, a
server error (500) –
with an HTML page meant for a browser. For a request to the API this middleware gives such an
answer the API's error body (`schemas.ErrorOut`) instead, with the same status and headers."""

import json

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from fellesloft.api.schemas import error_body
from fellesloft.core.exceptions import ServiceError

KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


def _message(status: int) -> tuple[str, str]:
    """(code, Norwegian message) for an error status the view did not explain itself."""
    known = {
        400: ("bad_request", _("Forespørselen er ikke gyldig.")),
        401: ("unauthorized", _("Du må logge inn eller bruke en gyldig API-nøkkel.")),
        403: ("forbidden", _("Du har ikke tilgang til dette.")),
        404: ("not_found", _("Fant ikke det du spurte etter.")),
        405: ("method_not_allowed", _("Metoden er ikke tillatt for denne adressen.")),
        413: ("too_large", _("Forespørselen er for stor.")),
        429: ("rate_limited", _("For mange forespørsler. Vent litt og prøv igjen.")),
    }
    if status in known:
        return known[status]
    if status >= 500:
        return "server_error", _("Noe gikk galt hos oss. Prøv igjen om litt.")
    return "error", _("Forespørselen kunne ikke behandles.")


def json_error(
    status: int, code: str | None = None, message: str | None = None, details: list | None = None
) -> JsonResponse:
    default_code, default_message = _message(status)
    return JsonResponse(
        error_body(message or default_message, code or default_code, details),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


# A service's refusal answers by its code: what one may not do is a 403 (as the rules'
# refusals), a closed dialog a conflict, text left empty once cleaned a 422 (as the schema's
# «missing»); any other code is a 400.
SERVICE_ERROR_STATUS = {"forbidden": 403, "not_allowed": 403, "dialog_closed": 409, "empty": 422}


def service_error_response(error: ServiceError) -> JsonResponse:
    """The API's one answer to a ServiceError, with its field as details."""
    details = [{"field": error.field, "message": str(error.message)}] if error.field else None
    return json_error(SERVICE_ERROR_STATUS.get(error.code, 400), error.code, error.message, details)


class ErrorAnswer(Exception):
    """Ends the request with `response` (an error body, e.g. from `json_error`): an endpoint's
    helper raises it instead of handing the answer back to every endpoint (see api.api)."""

    def __init__(self, response: JsonResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


class ApiJsonErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self._prefix: str | None = None

    def is_api(self, request) -> bool:
        if self._prefix is None:
            self._prefix = reverse("api:openapi-json").rsplit("/", 2)[0] + "/"
        return request.path_info.startswith(self._prefix)

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not self.is_api(request):
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith("application/json") and _is_error_body(response):
            return response
        answer = json_error(response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer


def _is_error_body(response) -> bool:
    if getattr(response, "streaming", False):
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("error"), dict)

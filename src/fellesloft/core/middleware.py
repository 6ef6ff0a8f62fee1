"""Content Security Policy: every script, style and image comes from our own server; free text
in requests cleaned before any view sees it."""

from django.http import Http404, QueryDict

from fellesloft.core.text import clean_text

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Views that embed a third-party player after consent set their own policy.
        if "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = POLICY
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class CleanTextInputMiddleware:
    """Every text that comes in with a request – query string, form fields, header values –
    without control, format, invisible and non-characters (`core.text`); a path value that
    holds such characters names nothing and answers 404.

    One place for all the forms and searches of the product: PostgreSQL refuses NUL (a 500
    wherever it is written or compared), and a text of zero-width spaces must count as empty
    in every form's «required». Passwords are left as typed. JSON bodies and the API's form
    data are cleaned by the API's parser (`api.parser`)."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str):
                cleaned = clean_text(value)
                if cleaned != value:
                    request.META[key] = cleaned
        request.GET = _cleaned_query(request.GET)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A name with such characters names nothing (and cleaned, it could name another thing).
        for value in view_kwargs.values():
            if isinstance(value, str) and clean_text(value) != value:
                raise Http404
        # The API's views (CSRF-exempt: they check it themselves) may read the body after
        # this, which a parsed multipart stream no longer allows: its parser cleans instead.
        if (
            request.method == "POST"
            and request.content_type in self.FORM_TYPES
            and not getattr(view_func, "csrf_exempt", False)
        ):
            request.POST = _cleaned_query(request.POST, keep=_is_password)


def _is_password(key: str) -> bool:
    return "password" in key


def _cleaned_query(query: QueryDict, keep=None) -> QueryDict:
    """`query` itself when nothing in it needs cleaning, else a cleaned copy."""
    changed = {}
    for key, values in query.lists():
        if keep is not None and keep(key):
            continue
        cleaned = [clean_text(value) if isinstance(value, str) else value for value in values]
        if cleaned != values or clean_text(key) != key:
            changed[key] = cleaned
    if not changed:
        return query
    result = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        result.setlist(clean_text(key), changed.get(key, values))
    result._mutable = False
    return result

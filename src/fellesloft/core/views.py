"""The core pages, and the shapes every app's views share: a page behind a permission and a
page with one form that a service saves."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.forms import Form
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from rules.contrib.views import permission_required

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.figures import PROBLEM_FIGURES, VISION
from fellesloft.core.forms import add_service_error
from fellesloft.core.navigation import navigation_for
from fellesloft.core.selectors import audit_log_entries


def requires(permission: str, fn: Callable[..., Any] | None = None):
    """A view behind a django-rules permission: a visitor who is not logged in is sent to the
    log-in page, a logged-in user without the permission gets 403. `fn(request, *args,
    **kwargs)` gives the object the permission is asked about (and its own 404, e.g.
    `core.policy.visible_object(Model)` for one the user may not see)."""

    def decorator(view):
        return login_required(permission_required(permission, fn=fn, raise_exception=True)(view))

    return decorator


def page_of(request, items, per_page: int):
    """The page of `items` the address asks for (`?side=`), the last one for a number past it."""
    return Paginator(items, per_page).get_page(request.GET.get("side"))


def form_page(
    request,
    form: Form,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    save: Callable[[Form], Any],
    then: str | Callable[[Any], str],
    message: str | None = None,
) -> HttpResponse:
    """A page with one form that a service saves. On a valid POST `save(form)` calls the
    service, and the user is sent on to `then` – an address or URL name, or a function of what
    `save` returned – where the page says `message`. A `ServiceError` is shown on the form,
    which is shown again, as is an invalid or a new one."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if message:
                messages.success(request, message)
            return redirect(then(saved) if callable(then) else then)
    return render(request, template, {"form": form, **(context or {})})


def home(request):
    return render(
        request,
        "core/home.html",
        {"vision": VISION, "figures": PROBLEM_FIGURES, "parts": navigation_for(request.user)},
    )


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 – any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": str(error.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


@requires("core.view_auditlog")
def audit_log(request):
    entries = audit_log_entries(
        model=request.GET.get("modell", "").strip().lower(),
        actor_email=request.GET.get("bruker", "").strip(),
    )
    return render(request, "core/audit_log.html", {"page": page_of(request, entries, 50)})


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)

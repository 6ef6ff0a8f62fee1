"""The core pages, and the shapes every app's views share: a page behind a permission, given
the object the permission is about (`requires`), a page of a list (`page_of`), a page with one
form that a service saves (`form_page`) and a small POST action that goes back to its page
(`post_action`)."""

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.forms import Form
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.figures import PROBLEM_FIGURES, VISION
from fellesloft.core.forms import AuditLogFilterForm, add_service_error, list_filters
from fellesloft.core.navigation import navigation_for
from fellesloft.core.selectors import audit_log_entries, audit_log_rows
from fellesloft.core.work import DUE, OVERDUE, work_sections


def requires(
    permission: str | None = None,
    fn: Callable[..., Any] | None = None,
    *,
    post_only: bool = False,
    visitors: Literal["sent_to_login", "refused"] | None = None,
):
    """A view behind a django-rules permission (or, without one, behind a log-in): a visitor
    who is not logged in is sent to the log-in page, a logged-in user without the permission
    gets 403. `fn(request, **url_arguments)` gives the object the permission is asked about
    (and its own 404, e.g. `core.policy.visible_object(Model)` for one the user may not see);
    it is loaded once, and the view is called with it after the request and with those of
    the URL's arguments that the view names (`def edit(request, dialog, outcome_id)`).
    `post_only`: any other method is a 405, before the object is loaded or the permission
    asked.
    `visitors`: a visitor who is not logged in may open the page where the permission allows
    it (a published learning card, a dialog's published results); where it does not, the
    visitor is `"sent_to_login"` or `"refused"` (403) like a logged-in user."""

    def decorator(view):
        def behind_permission(raise_exception: bool):
            if fn is None:
                if permission is None:
                    return view
                return permission_required(permission, raise_exception=raise_exception)(view)
            page = _with_object(view)
            if permission is not None:
                page = permission_required(
                    permission, fn=_the_object, raise_exception=raise_exception
                )(page)
            return _loading(fn, page)

        checked = behind_permission(raise_exception=True)
        if post_only:
            checked = require_POST(checked)
        if visitors is None:
            return login_required(checked)
        if visitors == "refused":
            return checked
        send_to_login = behind_permission(raise_exception=False)

        @wraps(view)
        def for_visitors(request, *args, **kwargs):
            page = checked if request.user.is_authenticated else send_to_login
            return page(request, *args, **kwargs)

        return for_visitors

    return decorator


def _loading(fn: Callable[..., Any], page):
    """`page(request, obj, **url_arguments)` with the object `fn` finds in the URL."""

    @wraps(page)
    def loaded(request, **url_arguments):
        return page(request, fn(request, **url_arguments), **url_arguments)

    return loaded


def _the_object(request, obj, **url_arguments):
    """For django-rules: the object `_loading` found is the one the permission is about."""
    return obj


def _with_object(view):
    """`view(request, obj, ...)` with the URL's arguments that it names after the object (all
    of them for a `**kwargs`)."""
    parameters = list(inspect.signature(view).parameters.values())[2:]
    takes_all = any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters)
    names = {parameter.name for parameter in parameters}

    @wraps(view)
    def called(request, obj, **url_arguments):
        if not takes_all:
            url_arguments = {name: value for name, value in url_arguments.items() if name in names}
        return view(request, obj, **url_arguments)

    return called


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
    then: str | Callable[[Any], str] | None = None,
    message: str | Callable[[Any], str] | None = None,
    error_field: str | None = None,
) -> HttpResponse:
    """A page with one form that a service saves. On a valid POST `save(form)` calls the
    service, and the user is sent on to `then` – an address or URL name, a function of what
    `save` returned, or by default the saved object's own page – where the page says
    `message` (a text, or a function of what was saved). A `ServiceError` is shown on the
    form (on `error_field` when the form has one field that all the service's texts are
    about), which is shown again, as is an invalid or a new one."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ServiceError as error:
            if error_field is not None:
                form.add_error(error_field, error.message)
            else:
                add_service_error(form, error)
        else:
            if message:
                messages.success(request, message(saved) if callable(message) else message)
            if then is None:
                return redirect(saved)
            return redirect(then(saved) if callable(then) else then)
    return render(request, template, {"form": form, **(context or {})})


def post_action(request, service: Callable[[], Any], *, done: str | Callable[[Any], str]) -> bool:
    """A small POST action from a page (publish, remove, close): the service's refusal (a
    `ServiceError`) or `done` (a text, or a function of what the service returned) becomes
    the page's message; the view sends the user back. True when the service did it."""
    try:
        result = service()
    except ServiceError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True


def post_form_action(
    request,
    form: Form,
    service: Callable[[dict], Any],
    *,
    done: str | Callable[[Any], str],
    invalid: str | None = None,
) -> bool:
    """`post_action` with a small form: a valid one gives the service its cleaned data; an
    invalid one is the message `invalid`, or its own errors, one message each."""
    if form.is_valid():
        return post_action(request, lambda: service(form.cleaned_data), done=done)
    if invalid:
        messages.error(request, invalid)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return False


def home(request):
    return render(
        request,
        "core/home.html",
        {"vision": VISION, "figures": PROBLEM_FIGURES, "parts": navigation_for(request.user)},
    )


@requires("core.open_my_work")
def my_work(request):
    """«Mitt arbeid»: what waits for the user, from every app (core.work)."""
    sections = work_sections(user=request.user)
    items = [item for entry in sections for item in entry.items]
    return render(
        request,
        "core/my_work.html",
        {
            "sections": sections,
            "overdue_count": sum(item.state == OVERDUE for item in items),
            "due_count": sum(item.state == DUE for item in items),
        },
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
    """Every change, newest first: who, when, what and which fields, filtered by person and by
    kind of object or one object. The queries do not grow with the number of entries."""
    form, filters = list_filters(request, AuditLogFilterForm)
    entries = audit_log_entries(
        content_type=form.content_type() if filters else None,
        object_pk=filters.get("objekt", ""),
        actor_email=filters.get("bruker", ""),
    )
    page = page_of(request, entries, 50)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "rows": audit_log_rows(page.object_list)},
    )


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

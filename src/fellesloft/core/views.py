from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from fellesloft.core.figures import PROBLEM_FIGURES, VISION
from fellesloft.core.navigation import navigation_for
from fellesloft.core.selectors import audit_log_entries


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


@login_required
def audit_log(request):
    if not request.user.has_perm("core.view_auditlog"):
        raise PermissionDenied
    entries = audit_log_entries(
        model=request.GET.get("modell", "").strip().lower(),
        actor_email=request.GET.get("bruker", "").strip(),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "core/audit_log.html", {"page": page})


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

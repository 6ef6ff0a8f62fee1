"""The API's one way to ask a permission: django-ninja has no view decorators, so an
endpoint asks the app's rules itself, and the refusal is the API's 403 (see api.api)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.shortcuts import get_object_or_404

from fellesloft.core.policy import visible_object_or_404


def require(request, permission: str, obj=None) -> None:
    """The endpoint's or the action's permission on `obj` (or on none): a 403 without it."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def permitted_object(request, permission: str, source, **lookup) -> Model:
    """The object `lookup` names in `source` (a model or a queryset), a 404 without one, if
    the user has `permission` on it, else a 403: the endpoint skeleton «load, then ask»."""
    found = get_object_or_404(source, **lookup)
    require(request, permission, found)
    return found


def visible_permitted_object(request, permission: str, queryset, **lookup) -> Model:
    """As `permitted_object`, but one the user may not see is a 404 (its existence does not
    leak), as `visible_object_or_404`."""
    found = visible_object_or_404(queryset, request.user, **lookup)
    require(request, permission, found)
    return found

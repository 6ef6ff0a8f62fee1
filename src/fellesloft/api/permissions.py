"""The API's one way to ask a permission: django-ninja has no view decorators, so an
endpoint asks the app's rules itself, and the refusal is the API's 403 (see api.api)."""

from django.core.exceptions import PermissionDenied


def require(request, permission: str, obj=None) -> None:
    """The endpoint's or the action's permission on `obj` (or on none): a 403 without it."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied

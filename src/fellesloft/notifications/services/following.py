"""«Følg»: a person follows an object they may see, and stops following it."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.core.exceptions import ServiceError
from fellesloft.notifications import registry
from fellesloft.notifications.models import Follow


def _of(obj: Model) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}


@transaction.atomic
def follow_add(*, user: User, obj: Model) -> Follow:
    """Follows `obj` (again: nothing changes)."""
    if registry.entry_for(obj) is None:
        raise ServiceError(_("Dette kan ikke følges."), code="not_followable")
    if not registry.may_see(user, obj):
        raise ServiceError(_("Du kan bare følge det du har tilgang til."), code="not_visible")
    follow, _created = Follow.objects.get_or_create(user=user, **_of(obj))
    return follow


@transaction.atomic
def follow_remove(*, user: User, obj: Model) -> int:
    """Stops following `obj`; returns how many follows went (0 or 1)."""
    deleted, _by_model = Follow.objects.filter(user=user, **_of(obj)).delete()
    return deleted

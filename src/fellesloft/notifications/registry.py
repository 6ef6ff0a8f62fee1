"""Which kinds of object may be followed and commented on, filled by the apps that own them.

This app sits below the domain apps and imports none of them; each app says in its ready()
which of its models people may follow (and comment on), which permission of its own policy
decides who may see one, and – for comments – who its team is:

    followable(Experiment, permission="experiments.view_experiment", commentable=True,
               team=experiment_team_users)

Whether a person may see an object is asked of the owning app's policy every time: when they
follow it, when a notification about it is stored and again before its e-mail goes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class Followable:
    model: type[Model]
    permission: str
    commentable: bool = False
    # The people who answer comments besides the followers (an experiment's team).
    team: Callable[[Model], Iterable] | None = None
    # The object's page, when it is not `get_absolute_url()`.
    url: Callable[[Model], str] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.model._meta.app_label, self.model._meta.model_name


_followables: dict[type[Model], Followable] = {}


def followable(
    model: type[Model],
    *,
    permission: str,
    commentable: bool = False,
    team: Callable[[Model], Iterable] | None = None,
    url: Callable[[Model], str] | None = None,
) -> Followable:
    entry = Followable(model, permission, commentable, team, url)
    _followables[model] = entry
    return entry


def followables() -> list[Followable]:
    return list(_followables.values())


def entry_for(obj_or_model) -> Followable | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _followables.get(model)


def entry_for_key(app_label: str, model_name: str) -> Followable | None:
    for entry in _followables.values():
        if entry.key == (app_label, model_name):
            return entry
    return None


def url_of(obj) -> str:
    """The page of a registered object."""
    entry = entry_for(obj)
    if entry is not None and entry.url is not None:
        return entry.url(obj)
    return obj.get_absolute_url()


def may_see(user, obj) -> bool:
    """The owning app's policy: may `user` see `obj`? False for a kind nobody registered."""
    entry = entry_for(obj)
    if entry is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_active and user.has_perm(entry.permission, obj))

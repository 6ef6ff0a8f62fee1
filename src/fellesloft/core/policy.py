"""One rule, two forms: the object predicate and the queryset filter, from one definition.

A policy decides who may see or do something. Django-rules asks it about one object
(`user.has_perm("barriers.view_barrier", barrier)`); lists, search, the API, exports and
profile sections ask it for the rows a user may see. When those two are written apart they
drift, and a row shows in a list that its detail page refuses (or the other way round).

A `Condition` is a django-rules predicate that also knows its filter. It is built from small
parts that each carry both forms – `user_has` (about the user only), `field` (about the
object's own fields, lookups such as `__isnull` or `__lte` included) and `field_in_user`
(the object points to something of the user's, e.g. one of their organisations) – and the
operators `&`, `|` and `~` combine both forms at once:

    is_public = field("escalated_on__isnull", False) & field("is_held", False)
    view_barrier = is_mission_lead | is_public | field_in_user("reporting_organisation_id",
                                                               organisation_ids_of)
    rules.add_perm("barriers.view_barrier", view_barrier)
    visible = view_barrier.filter(Barrier.objects.all(), user)

Combining a Condition with a plain rules predicate gives a plain predicate (no filter): use it
for actions on one object, never for what a list shows.

Who may SEE a kind of object is declared once with `visibility(model, permission, condition)`
in the app's rules.py: it adds the django-rules permission and records the condition, so
`visible(queryset, user)` – used by lists, search, the API, exports, feeds and profile
sections – applies the very rule the detail page asks. The visibility-equivalence test walks
every declared visibility for every role.
"""

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Manager, Model, Q, QuerySet
from django.shortcuts import get_object_or_404

# Django drops an empty Q() from `Q() | x`, which would turn «everyone» into «only x»: these
# two are real conditions the database evaluates (and folds away).
EVERYTHING = Q(pk__isnull=False)
NOTHING = Q(pk__in=[])

Value = Any | Callable[[], Any]
UserValues = Callable[[Any], Iterable[Any]]

_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": lambda actual, expected: actual == expected,
    "isnull": lambda actual, expected: (actual is None) == bool(expected),
    "in": lambda actual, expected: actual in set(expected),
    "lt": lambda actual, expected: actual is not None and actual < expected,
    "lte": lambda actual, expected: actual is not None and actual <= expected,
    "gt": lambda actual, expected: actual is not None and actual > expected,
    "gte": lambda actual, expected: actual is not None and actual >= expected,
}


class Condition(rules.Predicate):
    """A django-rules predicate `(user, obj)` that also builds the matching `Q` for a user."""

    def __init__(self, holds: Callable[[Any, Any], bool], q: Callable[[Any], Q], name: str):
        def predicate(user, obj=None) -> bool:
            return bool(holds(user, obj))

        super().__init__(predicate, name=name)
        self.holds = predicate
        self.q = q

    def filter(self, queryset: QuerySet, user) -> QuerySet:
        """The rows of `queryset` that `user` passes, each once (joins do not repeat rows)."""
        condition = self.q(user)
        if condition is EVERYTHING:
            return queryset
        if condition is NOTHING:
            return queryset.none()
        matching = queryset.model._default_manager.filter(condition).values("pk")
        return queryset.filter(pk__in=matching)

    def __and__(self, other):
        if not isinstance(other, Condition):
            return rules.Predicate(self) & other
        return Condition(
            lambda user, obj: self.holds(user, obj) and other.holds(user, obj),
            lambda user: _and(self.q(user), other.q(user)),
            f"({self.name} & {other.name})",
        )

    def __or__(self, other):
        if not isinstance(other, Condition):
            return rules.Predicate(self) | other
        return Condition(
            lambda user, obj: self.holds(user, obj) or other.holds(user, obj),
            lambda user: _or(self.q(user), other.q(user)),
            f"({self.name} | {other.name})",
        )

    def __invert__(self):
        return Condition(
            lambda user, obj: not self.holds(user, obj),
            lambda user: _not(self.q(user)),
            f"~{self.name}",
        )


@dataclass(frozen=True)
class Visibility:
    model: type[Model]
    permission: str
    condition: Condition


_visibilities: dict[type[Model], Visibility] = {}


def visibility(model: type[Model], permission: str, condition: Condition) -> Condition:
    """Declares who may see `model`: the object permission and the list filter at once."""
    if not isinstance(condition, Condition):
        raise TypeError(f"{permission}: a visibility needs a Condition (with a filter).")
    rules.add_perm(permission, condition)
    _visibilities[model] = Visibility(model, permission, condition)
    return condition


def declared_visibilities() -> list[Visibility]:
    return list(_visibilities.values())


def visible(queryset: QuerySet, user) -> QuerySet:
    """The rows of `queryset` that `user` may see, by the model's declared visibility."""
    try:
        declared = _visibilities[queryset.model]
    except KeyError:
        raise LookupError(f"No visibility is declared for {queryset.model.__name__}.") from None
    return declared.condition.filter(queryset, user)


def visible_object_or_404(queryset: QuerySet, user, **lookup) -> Model:
    """One object the user may see; a 404 for one they may not, so that its existence does
    not leak (a visitor learns nothing of an unescalated barrier)."""
    return get_object_or_404(visible(queryset, user), **lookup)


def visible_object(queryset_or_model, url_kwarg: str = "pk", field_name: str = "pk"):
    """For `core.views.requires(..., fn=visible_object(Barrier))`: the
    object named in the URL if the user may see it, else a 404."""

    def get(request, *args, **kwargs) -> Model:
        queryset = (
            queryset_or_model
            if isinstance(queryset_or_model, QuerySet)
            else queryset_or_model._default_manager.all()
        )
        return visible_object_or_404(queryset, request.user, **{field_name: kwargs[url_kwarg]})

    return get


def user_has(name: str, test: Callable[[Any], bool]) -> Condition:
    """A condition on the user alone (a role, being logged in): all rows or none."""

    def holds(user, obj) -> bool:
        return user is not None and bool(test(user))

    return Condition(holds, lambda user: EVERYTHING if holds(user, None) else NOTHING, name)


def field(lookup: str, value: Value, *, name: str = "") -> Condition:
    """The object's field (relations may be crossed with `__`) passes a lookup, e.g.
    `field("status", "published")` or `field("closes_at__gt", timezone.now)`. A callable
    value is evaluated at each check, so «now» is now."""
    path, comparison = _split_lookup(lookup)

    def holds(user, obj) -> bool:
        if obj is None:
            return False
        expected = _evaluate(value)
        return any(_COMPARISONS[comparison](actual, expected) for actual in _values_at(obj, path))

    def q(user) -> Q:
        return Q(**{lookup: _evaluate(value)})

    return Condition(holds, q, name or f"{lookup}={value!r}")


def field_in_user(path: str, values_of: UserValues, *, name: str = "") -> Condition:
    """The object's `path` holds one of the user's values, e.g. the organisation that reported
    a barrier is one of the user's organisations. `values_of(user)` gives them as a flat
    queryset (used as a subquery) or a list; anonymous users have none."""

    def user_values(user):
        if user is None or not user.is_authenticated:
            return []
        return values_of(user)

    def holds(user, obj) -> bool:
        if obj is None:
            return False
        values = set(user_values(user))
        return bool(values) and any(actual in values for actual in _values_at(obj, path))

    def q(user) -> Q:
        values = user_values(user)
        if isinstance(values, list | tuple | set) and not values:
            return NOTHING
        return Q(**{f"{path}__in": values})

    return Condition(holds, q, name or f"{path} in user's")


def related(path: str, condition: Condition, *, name: str = "") -> Condition:
    """The condition holds for the object at `path` (a foreign key), e.g. a learning card is
    visible when its experiment is: `related("experiment", view_experiment)`."""

    def holds(user, obj) -> bool:
        if obj is None:
            return False
        targets = _objects_at(obj, path)
        return any(condition.holds(user, target) for target in targets)

    def q(user) -> Q:
        inner = condition.q(user)
        if inner is EVERYTHING or inner is NOTHING:
            return inner
        return _prefix(inner, path)

    return Condition(holds, q, name or f"{path}:{condition.name}")


# --- The two forms' plumbing -----------------------------------------------------------------


def _and(left: Q, right: Q) -> Q:
    return _join(left, right, operator.and_, absorbing=NOTHING, neutral=EVERYTHING)


def _or(left: Q, right: Q) -> Q:
    return _join(left, right, operator.or_, absorbing=EVERYTHING, neutral=NOTHING)


def _join(left: Q, right: Q, join: Callable[[Q, Q], Q], *, absorbing: Q, neutral: Q) -> Q:
    """`join(left, right)`, keeping the two constants as they are: `absorbing` (NOTHING for
    «and») wins over anything, and `neutral` (EVERYTHING for «and») leaves the other side."""
    if left is absorbing or right is absorbing:
        return absorbing
    if left is neutral:
        return right
    if right is neutral:
        return left
    return join(left, right)


def _not(condition: Q) -> Q:
    if condition is EVERYTHING:
        return NOTHING
    if condition is NOTHING:
        return EVERYTHING
    return ~condition


def _prefix(condition: Q, path: str) -> Q:
    """The same Q seen from a model that reaches the original one through `path`."""
    prefixed = Q()
    prefixed.connector = condition.connector
    prefixed.negated = condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            prefixed.children.append(_prefix(child, path))
        else:
            lookup, value = child
            prefixed.children.append((f"{path}__{lookup}", value))
    return prefixed


def _split_lookup(lookup: str) -> tuple[str, str]:
    path, _, last = lookup.rpartition("__")
    if path and last in _COMPARISONS:
        return path, last
    return lookup, "exact"


def _evaluate(value: Value) -> Any:
    return value() if callable(value) else value


def _values_at(obj: Any, path: str) -> list[Any]:
    """Every value at `path` from `obj`: a foreign key gives one, a many-relation gives each."""
    return [_comparable(value) for value in _objects_at(obj, path)]


def _objects_at(obj: Any, path: str) -> list[Any]:
    current = [obj]
    for part in path.split("__"):
        following = []
        for item in current:
            if item is None:
                continue
            value = getattr(item, part)
            if isinstance(value, Manager):
                following.extend(value.all())
            else:
                following.append(value)
        current = following
    return current


def _comparable(value: Any) -> Any:
    # A path that ends at a related object compares by its key, as the database does.
    return value.pk if isinstance(value, Model) else value

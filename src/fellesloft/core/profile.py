"""The municipality profile and a user's own profile page are assembled from the apps.

An app adds a section to a municipality's page by defining, in `<app>/profile.py`,
`municipality_section(*, municipality, user) -> ProfileSection | None`. Each section's
queries must not grow with the data (the page is tested with a fixed query budget);
`first_and_count` gives the top of a list with its length that way.

An app adds a section to a mission goal's page the same way, with
`goal_section(*, goal, user) -> ProfileSection | None`.

An app adds to the page «Min profil» (accounts) by defining, in the same module,
`user_profile_context(*, user) -> dict`: template variables for that page. So accounts, which
the other apps build on, need not import them.

Everything stored about a person (GDPR art. 15 and 20, «Last ned mine data») is gathered the
same way: each app that stores anything tied to a user declares, in `PERSONAL_DATA`, the parts
of its share of the download, in their order. A `PersonalRecords` names a model and the field
pointing to the user (or a path of fields ending in one); from it come both the query
`Model.objects.filter(field=user)`, reported as dicts of its columns (or by a function of its
own, `present`, where rows do not say it well), and the link `"app_label.Model.field"` it
covers. A test walks every model's links to the user model and fails for one that no
declaration covers, so a new one cannot ship without being in the download. What is not read
through such a link (the account's own fields, records matched by e-mail address) is a
`PersonalValue`, built from the user by a function of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.db.models import Model, QuerySet
from django.utils import timezone

from fellesloft.core.plugins import app_plugins
from fellesloft.core.selectors import ACTIONS


@dataclass
class ProfileSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def sections(builder_name: str, **about) -> list[ProfileSection]:
    """The sections the apps add to a page about something, from `<app>/profile.py`'s
    function `builder_name(**about, user=…)`, in their order."""
    found: list[ProfileSection] = []
    for _config, module in app_plugins("profile"):
        builder = getattr(module, builder_name, None)
        if builder is None:
            continue
        section = builder(**about)
        if section is not None:
            found.append(section)
    return sorted(found, key=lambda section: (section.order, section.title))


def first_and_count(queryset: QuerySet, size: int) -> tuple[list, int]:
    """The first `size` rows of `queryset` and how many there are in all, for a section that
    shows the top of a list: the count, then the rows only if there are any, so the queries
    do not grow with the data."""
    count = queryset.count()
    return (list(queryset[:size]) if count else []), count


def municipality_sections(*, municipality, user) -> list[ProfileSection]:
    return sections("municipality_section", municipality=municipality, user=user)


def goal_sections(*, goal, user) -> list[ProfileSection]:
    """What the apps show on a mission goal's page: the experiments serving it, …"""
    return sections("goal_section", goal=goal, user=user)


def own_profile_context(*, user) -> dict[str, Any]:
    """The template variables the apps add to «Min profil»."""
    context: dict[str, Any] = {}
    for _config, module in app_plugins("profile"):
        builder = getattr(module, "user_profile_context", None)
        if builder is not None:
            context.update(builder(user=user))
    return context


@dataclass(frozen=True)
class PersonalRecords:
    """A part of a person's data: the rows of `model` tied to them through `user_field` (the
    field pointing to the user, or a path of fields joined with `__` that ends in one), as
    dicts of `columns`. Where a list of rows does not say it well, `present` makes the part
    from the person's rows (a queryset) instead."""

    key: str
    model: type[Model]
    user_field: str
    columns: tuple[str, ...] = ()
    present: Callable[[QuerySet], Any] | None = None

    def of(self, user) -> Any:
        rows = self.model.objects.filter(**{self.user_field: user})
        if self.present is not None:
            return self.present(rows)
        return records(rows, *self.columns)

    @property
    def link(self) -> str:
        """The field pointing to the user where `user_field` ends, as "app_label.Model.field"."""
        *path, name = self.user_field.split("__")
        model = self.model
        for step in path:
            model = model._meta.get_field(step).related_model
        return f"{model._meta.label}.{name}"


@dataclass(frozen=True)
class PersonalValue:
    """A part of a person's data that is not read through a link to the user (the account's
    own fields, records matched by e-mail address): `build(user)` makes it."""

    key: str
    build: Callable[[Any], Any]

    def of(self, user) -> Any:
        return self.build(user)


def collect_personal_data(*, user) -> dict[str, Any]:
    """Everything the apps store about `user`, by app, ready for JSON (DjangoJSONEncoder)."""
    data: dict[str, Any] = {"created_at": timezone.now()}
    for config, module in app_plugins("profile"):
        parts = getattr(module, "PERSONAL_DATA", None)
        if parts is not None:
            data[config.label] = {part.key: part.of(user) for part in parts}
    return data


def forget_user_everywhere(*, user) -> None:
    """Before an account is deleted on the person's request: each app's `forget_user(*, user)`
    removes what would otherwise outlive the account with the person's name on it (links to
    the user are emptied or deleted by the foreign keys themselves)."""
    for _config, module in app_plugins("profile"):
        forget = getattr(module, "forget_user", None)
        if forget is not None:
            forget(user=user)


def personal_data_fields() -> set[str]:
    """The fields pointing to a user whose records some app's `PERSONAL_DATA` reports."""
    return {
        part.link
        for _config, module in app_plugins("profile")
        for part in getattr(module, "PERSONAL_DATA", ())
        if isinstance(part, PersonalRecords)
    }


def records(queryset: QuerySet, *fields: str) -> list[dict[str, Any]]:
    """The rows of `queryset` as dicts of `fields` (relations crossed with `__`), in a stable
    order, for a part of a person's data."""
    return list(queryset.order_by("pk").values(*fields))


# --- core's own part: the audit trail and Django admin's history of what the person did -----


def _audit_log(entries: QuerySet) -> list[dict[str, Any]]:
    # The action by its name, not the number it is stored as.
    return [
        {**entry, "action": str(ACTIONS.get(entry["action"], entry["action"]))}
        for entry in records(
            entries,
            "timestamp",
            "action",
            "content_type__model",
            "object_pk",
            "object_repr",
            "changes",
        )
    ]


PERSONAL_DATA = (
    PersonalRecords("audit_log", LogEntry, "actor", present=_audit_log),
    PersonalRecords(
        "admin_log",
        AdminLogEntry,
        "user",
        columns=(
            "action_time",
            "content_type__model",
            "object_id",
            "object_repr",
            "change_message",
        ),
    ),
)

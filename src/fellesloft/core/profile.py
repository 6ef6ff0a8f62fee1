"""The municipality profile and a user's own profile page are assembled from the apps.

An app adds a section to a municipality's page by defining, in `<app>/profile.py`,
`municipality_section(*, municipality, user) -> ProfileSection | None`. Each section's
queries must not grow with the data (the page is tested with a fixed query budget).

An app adds a section to a mission goal's page the same way, with
`goal_section(*, goal, user) -> ProfileSection | None`.

An app adds to the page «Min profil» (accounts) by defining, in the same module,
`user_profile_context(*, user) -> dict`: template variables for that page. So accounts, which
the other apps build on, need not import them.

Everything stored about a person (GDPR art. 15 and 20, «Last ned mine data») is gathered the
same way: each app that stores anything tied to a user defines `personal_data(*, user) -> dict`
and names, in `PERSONAL_DATA_FIELDS`, every field of its models that points to the user
(`"app_label.Model.field"`). A test walks every model's links to the user model and fails for
one that no app names, so a new one cannot ship without being in the download.
"""

from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.db.models import QuerySet
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


def collect_personal_data(*, user) -> dict[str, Any]:
    """Everything the apps store about `user`, by app, ready for JSON (DjangoJSONEncoder)."""
    data: dict[str, Any] = {"created_at": timezone.now()}
    for config, module in app_plugins("profile"):
        builder = getattr(module, "personal_data", None)
        if builder is not None:
            data[config.label] = builder(user=user)
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
    """The fields pointing to a user that some app's `personal_data` reports."""
    fields: set[str] = set()
    for _config, module in app_plugins("profile"):
        fields.update(getattr(module, "PERSONAL_DATA_FIELDS", ()))
    return fields


def records(queryset: QuerySet, *fields: str) -> list[dict[str, Any]]:
    """The rows of `queryset` as dicts of `fields` (relations crossed with `__`), in a stable
    order, for a `personal_data` section."""
    return list(queryset.order_by("pk").values(*fields))


# --- core's own part: the audit trail and Django admin's history of what the person did -----

PERSONAL_DATA_FIELDS = ("auditlog.LogEntry.actor", "admin.LogEntry.user")


def personal_data(*, user) -> dict[str, Any]:
    return {
        "audit_log": [
            {**entry, "action": str(ACTIONS.get(entry["action"], entry["action"]))}
            for entry in records(
                LogEntry.objects.filter(actor=user),
                "timestamp",
                "action",
                "content_type__model",
                "object_pk",
                "object_repr",
                "changes",
            )
        ],
        "admin_log": records(
            AdminLogEntry.objects.filter(user=user),
            "action_time",
            "content_type__model",
            "object_id",
            "object_repr",
            "change_message",
        ),
    }

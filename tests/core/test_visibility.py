"""For every role and every kind of object: what a list shows is what the detail page opens.

Lists, search, the API, exports, feeds and profile sections filter with
`core.policy.visible`; detail pages ask `user.has_perm(<app>.view_<model>, obj)`. Both come
from the one `visibility(...)` declaration in each app's rules.py. This test walks the world
of the permission matrix (every app adds its objects) as every role, and a few roles the
matrix does not need (moderator, national partner, a user without an organisation), and
requires the two forms to agree on every object.
"""

import pytest
import rules
from django.apps import apps
from rules.permissions import permissions

from fellesloft.core.policy import declared_visibilities, visible
from tests.matrix import extend_world
from tests.world import every_role


def test_every_viewable_kind_declares_its_visibility():
    """A model with a `view_` permission must say who sees it in lists too."""
    declared = {declared.model for declared in declared_visibilities()}
    missing = [
        f"{model._meta.app_label}.view_{model._meta.model_name}"
        for model in apps.get_models()
        if model.__module__.startswith("fellesloft.")
        and rules.perm_exists(f"{model._meta.app_label}.view_{model._meta.model_name}")
        and model not in declared
    ]
    assert not missing, f"Permissions without a declared visibility: {missing}"


# `view_` permissions about a part of an object or a page, not about which objects a list
# shows: each is asked about one object (or none) and has no list of its own.
NOT_ABOUT_LISTS = {
    "barriers.view_internal_notes",  # a section of the barrier page
    "barriers.view_report",  # the report page, not a list of objects
    "core.view_auditlog",  # admin-only log page
    "dialogs.view_report",  # the report of one dialog
    "dialogs.view_results",  # the results of one dialog
    "experiments.view_portfolio",  # the portfolio page
    "experiments.view_support",  # one municipality's support log
    "experiments.view_support_overview",  # the overview page
    "learning.view_meeting_notes",  # a section of the meeting page
    "notifications.view_notifications",  # the user's own notification centre
    "organisations.view_members",  # a section of the organisation page
}


def test_every_view_permission_is_a_declared_visibility_or_about_a_page():
    declared = {declared.permission for declared in declared_visibilities()}
    undecided = sorted(
        name
        for name in permissions
        if name.partition(".")[2].startswith("view_")
        and name not in declared
        and name not in NOT_ABOUT_LISTS
    )
    assert not undecided, f"view_ permissions with no declared visibility: {undecided}"


@pytest.mark.django_db
def test_list_filter_equals_object_rule(world):
    extend_world(world)
    users = every_role(world)
    assert declared_visibilities()
    for declared in declared_visibilities():
        manager = declared.model._default_manager
        objects = list(manager.all())
        assert objects, f"The world has no {declared.model.__name__}: nothing would be tested."
        seen_by_someone = set()
        for role, user in users.items():
            by_rule = {obj.pk for obj in objects if user.has_perm(declared.permission, obj)}
            by_filter = set(visible(manager.all(), user).values_list("pk", flat=True))
            assert by_filter == by_rule, (
                f"{declared.permission} as {role}: the list shows {sorted(by_filter - by_rule)} "
                f"that the object rule refuses, and hides {sorted(by_rule - by_filter)} "
                f"that it allows"
            )
            seen_by_someone |= by_rule
        hidden_from_someone = any(
            len(visible(manager.all(), user)) < len(objects) for user in users.values()
        )
        assert seen_by_someone, f"No role sees any {declared.model.__name__}."
        # A kind that everyone sees in full would not test the filter; rules.always_allow
        # kinds are that on purpose and are fine.
        assert hidden_from_someone or all(
            user.has_perm(declared.permission, obj) for obj in objects for user in users.values()
        )

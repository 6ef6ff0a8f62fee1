"""TEMPORARY, test-only: the visibilities that the other apps' policies do not declare yet.

Search restricts every source to `core.policy.visible(...)`, which needs each model's declared
visibility. The policies of experiments, dialogs, learning, measures and organisations are
being written on other branches; until they are merged, the tests declare the same rules here
(the existing django-rules permissions, in their Condition form) – only for models that have
no declaration, so this does nothing once the real ones exist. Likewise the dialog pages'
permissions that search filters by get their Condition form when they have none. Delete
this module and its fixture in tests/conftest.py after the merge.
"""

import rules

from fellesloft.core import policy
from fellesloft.core.policy import field, field_in_user, user_has
from fellesloft.experiments.models import Experiment, LearningCard, LearningCardStatus
from fellesloft.learning.models import Discussion, DiscussionVisibility, NetworkMeeting, Resource
from fellesloft.measures.models import Measure
from fellesloft.organisations.models import Organisation
from fellesloft.organisations.rules import (
    is_mission_lead,
    is_moderator,
    is_staff_user,
    organisation_ids_of,
)

everyone = user_has("everyone", lambda user: True)
# Django lets an active superuser have every permission, whatever the rules say.
is_superuser = user_has("is_superuser", lambda user: user.is_active and user.is_superuser)


def _own_id(user):
    return [user.pk]


PENDING = [
    (Experiment, "experiments.view_experiment", is_staff_user),
    (
        LearningCard,
        "experiments.view_learning_card",
        field("status", LearningCardStatus.PUBLISHED)
        | field_in_user("experiment__owner_organisation_id", organisation_ids_of)
        | field_in_user("experiment__partners__organisation_id", organisation_ids_of)
        | field_in_user("experiment__team_members__user_id", _own_id)
        | is_superuser,
    ),
    (Measure, "measures.view_measure", everyone),
    (Resource, "learning.view_resource", everyone),
    (NetworkMeeting, "learning.view_meeting", everyone),
    (
        Discussion,
        "learning.view_discussion",
        field_in_user("organisation_id", organisation_ids_of)
        | (field("visibility", DiscussionVisibility.SHARED) & is_staff_user)
        | is_superuser,
    ),
    (Organisation, "organisations.view_organisation", everyone),
]


def declare_pending_visibilities() -> None:
    declare_pending_page_rules()
    declared = {visibility.model for visibility in policy.declared_visibilities()}
    for model, permission, condition in PENDING:
        if model not in declared:
            policy._visibilities[model] = policy.Visibility(model, permission, condition)


# The report and results pages of a dialog: «may moderate, or the results are public», in the
# Condition form search filters by (dialogs/rules.py has them as plain predicates today).
may_see_results = (
    is_mission_lead
    | is_moderator
    | field_in_user("organisation_id", organisation_ids_of)
    | field("results_public", True)
    | is_superuser
)
PENDING_PAGE_RULES = {
    "dialogs.view_report": may_see_results,
    "dialogs.view_results": may_see_results,
}


def declare_pending_page_rules() -> None:
    for permission, condition in PENDING_PAGE_RULES.items():
        if not isinstance(rules.permissions.permissions.get(permission), policy.Condition):
            rules.set_perm(permission, condition)

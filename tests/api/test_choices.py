"""A choice the API reads or answers is the model's own list of stored values (`one_of`), so a
value added to a model is accepted, documented and answered by the API without a second list."""

import pytest

from fellesloft.accounts.models import GlobalRole
from fellesloft.api.api import api
from fellesloft.barriers.models import AnswerOutcome, Level, RecipientKind, Status, StepStatus
from fellesloft.core.choices import PARTICIPANT_AGE_BANDS, TARGET_AGE_BANDS
from fellesloft.core.work import STATES
from fellesloft.dialogs.models import DialogKind, OutcomeKind, Phase
from fellesloft.dialogs.participation import DialogStatus, StatementState
from fellesloft.experiments.models import (
    ExperimentOutcome,
    ExperimentStatus,
    LearningCardStatus,
    SupportKind,
)
from fellesloft.learning.models import ResourceKind
from fellesloft.measures.analysis import GapStatus
from fellesloft.measures.models import Access, Reach, YouthNeed
from fellesloft.mission.models import Direction, ObservationStatus, RegionLevel
from fellesloft.mission.progress import STATUSES as PROGRESS_STATUSES
from fellesloft.notifications.models import Kind
from fellesloft.organisations.models import InvitationStatus, MembershipRole, OrganisationKind

pytestmark = pytest.mark.django_db


def _values(members) -> set[str]:
    return {member.value for member in members}


# (schema in the OpenAPI document, its field, the values the model stores)
CHOICE_FIELDS = [
    ("BarrierUpdateIn", "level", _values(Level)),
    ("TrialStepOut", "status", _values(StepStatus)),
    ("MeasureIn", "reach", _values(Reach)),
    ("MeasureIn", "access", _values(Access)),
    ("GoalIn", "direction", _values(Direction)),
    ("GoalUpdateIn", "direction", _values(Direction)),
    ("StatusIn", "status", _values(ExperimentStatus)),
    ("StatusIn", "outcome", _values(ExperimentOutcome) | {""}),
    ("DialogSummaryOut", "kind", _values(DialogKind)),
    ("DialogSummaryOut", "status", _values(DialogStatus)),
    ("StatementCreatedOut", "state", _values(StatementState)),
    ("OutcomeOut", "kind", _values(OutcomeKind)),
    ("ParticipantIn", "age_band", _values(PARTICIPANT_AGE_BANDS)),
    ("InvitationIn", "role", _values(MembershipRole)),
    ("InvitationIn", "global_role", _values(GlobalRole)),
    ("ResourceIn", "kind", _values(ResourceKind)),
    ("WorkItemOut", "state", set(STATES)),
    # Answers name the same values as the model stores.
    ("BarrierOut", "level", _values(Level)),
    ("BarrierOut", "status", _values(Status)),
    ("AnswerOut", "outcome", _values(AnswerOutcome)),
    ("RecipientOut", "kind", _values(RecipientKind)),
    ("ExperimentOut", "status", _values(ExperimentStatus)),
    ("ExperimentOut", "outcome", _values(ExperimentOutcome) | {""}),
    ("ExperimentOut", "age_band", _values(TARGET_AGE_BANDS)),
    ("StatusOut", "status", _values(ExperimentStatus)),
    ("SupportEntryOut", "kind", _values(SupportKind)),
    ("LearningCardDetailOut", "status", _values(LearningCardStatus)),
    ("ResourceOut", "kind", _values(ResourceKind)),
    ("StatementOut", "phase", _values(Phase)),
    ("PhaseResultOut", "phase", _values(Phase)),
    ("MeasureOut", "reach", _values(Reach)),
    ("MeasureOut", "access", _values(Access)),
    ("MeasureOut", "youth_needs", _values(YouthNeed)),
    ("GapOut", "status", _values(GapStatus)),
    ("RegionOut", "level", _values(RegionLevel)),
    ("ObservationOut", "status", _values(ObservationStatus)),
    ("GoalOut", "direction", _values(Direction)),
    ("GoalOut", "status", set(PROGRESS_STATUSES)),
    ("OrganisationOut", "kind", _values(OrganisationKind)),
    ("InvitationOut", "role", _values(MembershipRole)),
    ("InvitationOut", "global_role", _values(GlobalRole)),
    ("InvitationOut", "status", _values(InvitationStatus)),
    ("MemberOut", "role", _values(MembershipRole)),
    ("NotificationOut", "kind", _values(Kind)),
]


def _enum_values(document: dict, schema: dict) -> set[str]:
    """Every value a property's schema lists, through references and alternatives."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _enum_values(document, document["components"]["schemas"][name])
    values = set(schema.get("enum", ()))
    if "const" in schema:
        values.add(schema["const"])
    items = [schema["items"]] if "items" in schema else []
    for option in [*schema.get("anyOf", ()), *schema.get("oneOf", ()), *items]:
        values |= _enum_values(document, option)
    return values


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema(path_prefix="/api/v1/")


@pytest.mark.parametrize(("schema", "field", "stored"), CHOICE_FIELDS)
def test_the_api_lists_the_values_the_model_stores(document, schema, field, stored):
    properties = document["components"]["schemas"][schema]["properties"]
    assert _enum_values(document, properties[field]) == stored


def test_an_experiment_is_for_the_target_group_bands_only(document):
    properties = document["components"]["schemas"]["ExperimentIn"]["properties"]
    assert _enum_values(document, properties["age_band"]) == _values(TARGET_AGE_BANDS)

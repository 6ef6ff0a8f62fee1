"""core.policy: every Condition's object test and queryset filter agree, however combined.

The conditions are built on real models (organisations with their municipality, sector and
members) and checked against every row, for users with and without organisations.
"""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from fellesloft.core.policy import (
    EVERYTHING,
    NOTHING,
    Condition,
    field,
    field_in_user,
    related,
    user_has,
    visibility,
    visible,
)
from fellesloft.organisations.models import Membership, Organisation
from fellesloft.organisations.rules import organisation_ids_of
from tests.world import make_user


def _agree(condition: Condition, queryset, users) -> None:
    rows = list(queryset)
    for user in users:
        by_test = {row.pk for row in rows if condition(user, row)}
        by_filter = set(condition.filter(queryset, user).values_list("pk", flat=True))
        assert by_filter == by_test, (condition.name, user)


@pytest.fixture
def users(world):
    return [AnonymousUser(), make_user("ingen@test.no"), *filter(None, world.users.values())]


def _parts(world):
    return [
        user_has("logged_in", lambda user: user.is_authenticated),
        user_has("nobody", lambda user: False),
        field("municipality", world.municipality.pk),
        field("municipality__number__in", ["5014", "9999"]),
        field("municipality__isnull", True),
        field("sector__slug", "nav"),
        field_in_user("pk", organisation_ids_of),
        field_in_user("memberships__user_id", lambda user: [user.pk]),
    ]


@pytest.mark.django_db
def test_parts_and_their_combinations_agree(world, users):
    Organisation.objects.create(
        name="Uten kommune", slug="uten-kommune", sector=world.organisation.sector
    )
    parts = _parts(world)
    queryset = Organisation.objects.all()
    for part in parts:
        _agree(part, queryset, users)
        _agree(~part, queryset, users)
    for left, right in itertools.combinations(parts, 2):
        _agree(left & right, queryset, users)
        _agree(left | right, queryset, users)
        _agree(~(left | right) & left, queryset, users)


@pytest.mark.django_db
def test_related_condition_agrees_through_a_foreign_key(world, users):
    queryset = Membership.objects.all()
    for part in _parts(world):
        _agree(related("organisation", part), queryset, users)
        _agree(~related("organisation", part), queryset, users)


@pytest.mark.django_db
def test_a_callable_value_is_evaluated_at_each_check(world):
    """So that «now» in «the dialog is open now» is the moment of the check."""
    evaluations = []

    def current_organisation() -> int:
        evaluations.append(1)
        return world.organisation.pk

    is_current = field("pk", current_organisation)
    assert is_current(AnonymousUser(), world.organisation)
    assert list(is_current.filter(Organisation.objects.all(), AnonymousUser())) == [
        world.organisation
    ]
    assert len(evaluations) == 2


@pytest.mark.django_db
def test_everyone_or_someone_is_everyone(world):
    """Django drops an empty Q() from `Q() | x`; the policy's «everyone» must not shrink."""
    everyone = user_has("everyone", lambda user: True)
    nobody_matches = field("slug", "finnes-ikke")
    combined = everyone | nobody_matches
    assert combined.q(AnonymousUser()) is EVERYTHING
    assert (~everyone).q(AnonymousUser()) is NOTHING
    assert combined.filter(Organisation.objects.all(), AnonymousUser()).count() == (
        Organisation.objects.count()
    )


@pytest.mark.django_db
def test_filter_gives_each_row_once_across_a_many_relation(world):
    # Two members of the same organisation: a join would give that organisation twice.
    has_members = field("memberships__role__in", ["member", "coordinator"])
    rows = list(has_members.filter(Organisation.objects.all(), AnonymousUser()))
    assert len(rows) == len({row.pk for row in rows}) == 2


def test_visible_refuses_a_model_without_a_declared_visibility():
    with pytest.raises(LookupError):
        visible(Membership.objects.all(), AnonymousUser())


def test_a_visibility_needs_a_filter():
    import rules

    with pytest.raises(TypeError):
        visibility(Membership, "organisations.view_membership_test", rules.always_allow)

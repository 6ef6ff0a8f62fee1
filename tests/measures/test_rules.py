"""The measures policy: each rule's object form and list form agree, and an import is handled
by the one who uploaded it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from fellesloft.measures import selectors
from fellesloft.measures.models import Measure
from fellesloft.measures.rules import (
    coordinates_in_municipality_of,
    is_member_of_provider,
    may_name_as_provider,
)
from fellesloft.organisations.models import Organisation
from tests.measures.factories import make_measure, organisation
from tests.measures.test_import import prepare, row, xlsx

pytestmark = pytest.mark.django_db


def _users(world):
    return {role: user or AnonymousUser() for role, user in world.users.items()}


def test_provider_choices_are_the_organisations_the_rule_allows(world):
    national = organisation("Statsforvalteren (test)", "stat")
    in_froya = organisation(
        "Frøya frivilligsentral (test)", "frivillighet", world.other_municipality
    )
    organisations = list(Organisation.objects.all())
    chosen = {}
    for role, user in _users(world).items():
        chosen[role] = set(selectors.provider_choices(user=user))
        assert chosen[role] == {o for o in organisations if may_name_as_provider(user, o)}, role
    # Not local: everyone's; in Frøya: the Frøya coordinator's; all of them: the mission lead's.
    assert national in chosen["anonymous"] and in_froya not in chosen["anonymous"]
    assert in_froya in chosen["other_coordinator"] and in_froya not in chosen["coordinator"]
    assert world.organisation in chosen["member"]
    assert world.organisation not in chosen["other_coordinator"]
    assert chosen["mission_lead"] == set(organisations)


def test_who_may_change_a_measure_is_the_same_as_object_and_as_filter(world):
    make_measure(provider=world.organisation, name="Los i Trondheim")
    make_measure(
        provider=world.organisation,
        name="Los på Frøya",
        municipalities=[world.other_municipality],
    )
    make_measure(
        provider=organisation("Frivillige i Trøndelag (test)", "frivillighet"),
        name="Frivillig i to kommuner",
        municipalities=[world.other_municipality, world.municipality],
    )
    measures = list(Measure.objects.all())
    may_change = is_member_of_provider | coordinates_in_municipality_of
    for role, user in _users(world).items():
        by_object = {m.pk for m in measures if may_change(user, m)}
        by_filter = set(may_change.filter(Measure.objects.all(), user).values_list("pk", flat=True))
        assert by_object == by_filter, role
    in_both = Measure.objects.get(name="Frivillig i to kommuner")
    assert coordinates_in_municipality_of(world.users["coordinator"], in_both)
    assert coordinates_in_municipality_of(world.users["other_coordinator"], in_both)
    assert not coordinates_in_municipality_of(world.users["member"], in_both)


def test_an_import_is_handled_by_its_uploader_and_the_mission_lead(client_as, world):
    measure_import = prepare(world, xlsx([row("Los")]), role="coordinator")
    url = reverse("measures:import_preview", kwargs={"import_id": measure_import.uuid})
    statuses = {role: client_as(role).get(url).status_code for role in world.users}
    assert statuses == {
        "anonymous": 302,
        "member": 403,
        "coordinator": 200,
        "other_coordinator": 403,
        "mission_lead": 200,
        "superuser": 200,
    }

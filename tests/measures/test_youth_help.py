"""«Hva kan hjelpe meg?» helps wherever a young person lives: every measure shown has a way to
get in touch, every municipality is offered, and where a municipality has nothing for a need,
the services for the whole county and the whole country are shown instead."""

import pytest
from django.urls import reverse

from fellesloft.core.exceptions import ServiceError
from fellesloft.measures import selectors, services
from fellesloft.measures.models import Measure, Reach
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality
from tests.measures.factories import make_measure, measure_input, organisation
from tests.measures.test_import import HEADER, prepare, row, xlsx

pytestmark = pytest.mark.django_db


def _national(name, needs, ages=(13, 29)):
    provider = organisation("Røde Kors (test)", "frivillighet")
    return make_measure(
        provider=provider,
        name=name,
        reach=Reach.NATIONAL,
        youth_needs=needs,
        ages=ages,
        location="",
        website="https://www.example.no",
    )


def test_a_measure_shown_to_young_people_needs_a_way_to_get_in_touch(world):
    data = measure_input(provider=world.organisation, youth_needs=["helse"], location="")
    with pytest.raises(ServiceError) as error:
        services.measure_create(actor=world.users["mission_lead"], data=data)
    assert error.value.field == "contact_phone"
    assert "telefon, nettside eller adresse" in error.value.message
    assert not Measure.objects.exists()
    # A phone number alone, a web page alone or an address alone is enough.
    ways_in = {"Telefon": {"contact_phone": "72 54 00 00"}, "Nett": {"website": "https://a.no"}}
    for name, way_in in ways_in.items():
        data = measure_input(
            provider=world.organisation,
            youth_needs=["helse"],
            location="",
            name=f"Tiltak med {name}",
            **way_in,
        )
        services.measure_create(actor=world.users["mission_lead"], data=data)


def test_a_measure_not_shown_to_young_people_may_lack_a_way_in(world):
    # «Møter med systemet» from a culture office suggests no youth need, so it is not shown.
    provider = organisation("Kulturkontoret (test)", "kultur-fritid", world.municipality)
    data = measure_input(
        provider=provider,
        location="",
        need_themes=[NeedTheme.objects.get(slug="moter-med-systemet")],
    )
    measure = services.measure_create(actor=world.users["mission_lead"], data=data)
    assert not measure.youth_needs.exists()


def test_reach_decides_whether_municipalities_are_named(world):
    lead = world.users["mission_lead"]
    with pytest.raises(ServiceError, match="hele fylket eller hele landet"):
        services.measure_create(
            actor=lead, data=measure_input(provider=world.organisation, reach=Reach.NATIONAL)
        )
    with pytest.raises(ServiceError, match="minst én kommune"):
        services.measure_create(
            actor=lead, data=measure_input(provider=world.organisation, municipalities=[])
        )
    with pytest.raises(ServiceError, match="hvor tilbudet gis"):
        services.measure_create(
            actor=lead, data=measure_input(provider=world.organisation, reach="galaxy")
        )
    measure = services.measure_create(
        actor=lead,
        data=measure_input(provider=world.organisation, reach=Reach.REGIONAL, municipalities=[]),
    )
    assert measure.reach == Reach.REGIONAL and not measure.municipalities.exists()


def test_wider_services_fill_the_needs_the_municipality_has_nothing_for(world):
    make_measure(provider=world.organisation, name="Helsestasjon", youth_needs=["helse"])
    _national("Chat for unge", ["snakke", "helse"])
    _national("Boligråd", ["bolig"])
    _national("Bostøtte for voksne", ["bolig"], ages=(25, 99))

    found = selectors.youth_help(municipality=world.municipality, needs=["helse", "bolig"], age=17)
    assert [measure.name for measure in found.local] == ["Helsestasjon"]
    assert found.uncovered_needs == ["bolig"]
    # Only for the uncovered need, and only for the age.
    assert [measure.name for measure in found.wider] == ["Boligråd"]

    # A need the municipality covers brings no fallback.
    covered = selectors.youth_help(municipality=world.municipality, needs=["helse"], age=17)
    assert covered.uncovered_needs == [] and covered.wider == []

    # A municipality with nothing at all: every need falls back.
    empty = selectors.youth_help(municipality=world.other_municipality, needs=[], age=None)
    assert empty.local == []
    assert {measure.name for measure in empty.wider} == {
        "Chat for unge",
        "Boligråd",
        "Bostøtte for voksne",
    }


def test_a_measure_without_a_way_in_is_never_shown_to_young_people(world):
    shown = make_measure(provider=world.organisation, name="Med adresse", youth_needs=["helse"])
    hidden = make_measure(provider=world.organisation, name="Uten adresse", youth_needs=["jobb"])
    # Data from before the rule: written straight to the table, past the services.
    Measure.objects.filter(pk=hidden.pk).update(location="", contact_phone="", website="")
    found = selectors.youth_help(municipality=world.municipality, needs=[], age=None)
    assert [measure.name for measure in found.local] == [shown.name]


def test_every_municipality_is_offered(client, world):
    body = client.get(reverse("measures:youth_index")).content.decode()
    municipalities = list(Municipality.objects.all())
    assert len(municipalities) >= 38
    for municipality in municipalities:
        assert reverse("measures:youth", kwargs={"number": municipality.number}) in body


def test_the_page_says_what_is_missing_and_shows_the_wider_services(
    client, world, django_assert_max_num_queries
):
    _national("Chat for unge", ["snakke"])
    url = reverse("measures:youth", kwargs={"number": world.other_municipality.number})
    with django_assert_max_num_queries(8):
        body = client.get(url, {"behov": ["snakke"], "alder": "16"}).content.decode()
    county = world.other_municipality.county.name
    assert f"Tilbud for hele {county} og hele landet" in body
    assert "har ikke lagt inn noe for: Noen å snakke med" in body
    assert "Chat for unge" in body and "for hele landet" in body
    # The crisis numbers are always there.
    assert "116 111" in body


def test_the_import_takes_reach(world):
    header = [*HEADER, "rekkevidde"]
    national = row("Nasjonal chat", kommunenummer="") + ["Landet"]
    unknown = row("Ukjent", kommunenummer="") + ["Verden"]
    missing = row("Uten kommune", kommunenummer="") + [""]
    measure_import = prepare(world, xlsx([national, unknown, missing], header=header))
    assert [item["number"] for item in measure_import.rows] == [2]
    reasons = {item["number"]: " ".join(item["reasons"]) for item in measure_import.refused}
    assert "Ukjent rekkevidde «Verden»" in reasons[3]
    assert "Kommunenummer mangler" in reasons[4]
    services.measure_import_confirm(
        actor=world.users["mission_lead"], measure_import=measure_import
    )
    assert Measure.objects.get(name="Nasjonal chat").reach == Reach.NATIONAL


def test_the_api_says_where_a_measure_is_offered(client, world):
    _national("Chat for unge", ["snakke"])
    data = client.get("/api/v1/measures").json()
    items = data["items"] if isinstance(data, dict) else data
    assert {item["name"]: item["reach"] for item in items}["Chat for unge"] == "national"

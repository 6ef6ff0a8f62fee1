import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from fellesloft.core.exceptions import ServiceError
from fellesloft.measures import selectors, services
from fellesloft.measures.models import Access, Measure
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality
from tests.measures.factories import make_measure, measure_input, organisation

pytestmark = pytest.mark.django_db


def test_create_sets_themes_youth_needs_and_a_readable_slug(world):
    measure = services.measure_create(
        actor=world.users["member"], data=measure_input(provider=world.organisation)
    )
    assert measure.slug == "helsestasjon-for-ungdom-trondheim"
    assert [theme.slug for theme in measure.need_themes.all()] == ["psykisk-helse"]
    # Left empty: suggested from the theme (health, someone to talk to) and the sector (school).
    assert sorted(item.need for item in measure.youth_needs.all()) == ["helse", "skole", "snakke"]
    assert LogEntry.objects.get_for_object(measure).exists()


def test_upside_down_age_range_is_refused_with_both_ages(world):
    with pytest.raises(ServiceError) as error:
        services.measure_create(
            actor=world.users["member"],
            data=measure_input(provider=world.organisation, age_from=25, age_to=16),
        )
    assert error.value.field == "age_to"
    assert "25" in error.value.message and "16" in error.value.message
    assert not Measure.objects.exists()


def test_database_refuses_an_upside_down_age_range_too(world):
    from django.db import IntegrityError, transaction

    measure = make_measure(provider=world.organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(age_from=30, age_to=20)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_role", "Kari Nordmann, 912 34 567"),
        ("contact_role", "kari@trondheim.kommune.no"),
        ("description", "Ring meg på 41234567"),
        ("opening_hours", "Spør etter 01019010046"),
    ],
)
def test_contact_point_is_a_role_never_a_person(world, field, value):
    with pytest.raises(ServiceError) as error:
        services.measure_create(
            actor=world.users["member"],
            data=measure_input(provider=world.organisation, **{field: value}),
        )
    assert error.value.field == field
    assert "personopplysninger" in error.value.message


def test_service_phone_is_normalised_and_bad_numbers_refused(world):
    measure = services.measure_create(
        actor=world.users["member"],
        data=measure_input(provider=world.organisation, contact_phone="72 54 00 00"),
    )
    assert measure.contact_phone == "+47 72 54 00 00"
    assert measure.phone_uri == "tel:+4772540000"
    with pytest.raises(ServiceError):
        services.measure_create(
            actor=world.users["member"],
            data=measure_input(provider=world.organisation, name="Annet", contact_phone="123"),
        )


def test_member_cannot_register_for_another_organisation_elsewhere(world):
    with pytest.raises(ServiceError) as error:
        services.measure_create(
            actor=world.users["member"],
            data=measure_input(
                provider=world.other_organisation,
                municipalities=[world.other_municipality],
            ),
        )
    assert error.value.code == "forbidden"


def test_coordinator_maps_any_provider_in_own_municipality(world):
    volunteer = organisation("Røde Kors Trondheim (test)", "frivillighet", world.municipality)
    measure = services.measure_create(
        actor=world.users["coordinator"], data=measure_input(provider=volunteer)
    )
    assert world.users["coordinator"].has_perm("measures.change_measure", measure)
    assert not world.users["other_coordinator"].has_perm("measures.change_measure", measure)
    assert world.users["mission_lead"].has_perm("measures.change_measure", measure)


def test_coordination_links_are_mutual_and_must_share_a_municipality(world):
    first = make_measure(provider=world.organisation, name="Los")
    second = services.measure_create(
        actor=world.users["member"],
        data=measure_input(provider=world.organisation, coordinated_with=[first]),
    )
    assert list(first.coordinated_with.all()) == [second]
    elsewhere = make_measure(
        provider=world.other_organisation, name="NAV ung", municipalities=[world.other_municipality]
    )
    with pytest.raises(ServiceError) as error:
        services.measure_update(
            actor=world.users["mission_lead"],
            measure=second,
            data=measure_input(provider=world.organisation, coordinated_with=[elsewhere]),
        )
    assert error.value.field == "coordinated_with"


def test_duplicate_name_at_the_same_provider_is_refused(world):
    make_measure(provider=world.organisation)
    with pytest.raises(ServiceError) as error:
        services.measure_create(
            actor=world.users["member"],
            data=measure_input(provider=world.organisation, name="helsestasjon FOR ungdom"),
        )
    assert error.value.field == "name"


def test_youth_search_filters_by_need_and_age_and_orders_easiest_first(world):
    make_measure(
        provider=world.organisation,
        name="B Henvisning",
        access=Access.REFERRAL,
        youth_needs=["helse"],
    )
    make_measure(
        provider=world.organisation, name="C Drop-in", access=Access.DROP_IN, youth_needs=["helse"]
    )
    make_measure(provider=world.organisation, name="A Jobb", youth_needs=["jobb"])
    make_measure(
        provider=world.organisation, name="D Ung voksen", ages=(20, 29), youth_needs=["helse"]
    )
    make_measure(
        provider=world.organisation, name="E Ferdig", youth_needs=["helse"], is_active=False
    )
    found = selectors.youth_measures(municipality=world.municipality, needs=["helse"], age=17)
    assert [measure.name for measure in found] == ["C Drop-in", "B Henvisning"]
    everything = selectors.youth_measures(municipality=world.municipality, needs=[], age=None)
    assert len(everything) == 4


def test_create_page_shows_norwegian_errors_and_writes_nothing(client_as, world):
    client = client_as("member")
    response = client.post(reverse("measures:create"), {"name": "", "age_from": "30"})
    assert response.status_code == 200
    assert "Skjemaet har feil" in response.content.decode()
    assert not Measure.objects.exists()


def test_create_page_turns_a_service_error_into_a_field_error(client_as, world):
    client = client_as("member")
    response = client.post(
        reverse("measures:create"),
        {
            "name": "Ungdomslos",
            "provider": world.organisation.pk,
            "reach": "municipal",
            "municipalities": [world.municipality.pk],
            "description": "En voksen som følger deg.",
            "age_from": "20",
            "age_to": "13",
            "need_themes": [NeedTheme.objects.get(slug="relasjoner").pk],
            "access": "self_referral",
            "contact_role": "Ungdomslos",
            "opening_hours": "Hverdager 9–16",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Aldersspennet er snudd" in response.content.decode()
    assert not Measure.objects.exists()


def test_create_and_edit_through_the_pages(client_as, world):
    client = client_as("member")
    data = {
        "name": "Ungdomslos",
        "provider": world.organisation.pk,
        "reach": "municipal",
        "municipalities": [world.municipality.pk],
        "description": "En voksen som følger deg.",
        "age_from": "13",
        "age_to": "20",
        "need_themes": [NeedTheme.objects.get(slug="relasjoner").pk],
        "youth_needs": ["snakke", "skole"],
        "access": "self_referral",
        "contact_role": "Ungdomslos",
        "opening_hours": "Hverdager 9–16",
        "location": "Ungdomshuset",
        "is_active": "on",
    }
    response = client.post(reverse("measures:create"), data)
    measure = Measure.objects.get(name="Ungdomslos")
    assert response.status_code == 302
    assert measure.created_by == world.users["member"]
    response = client.post(
        reverse("measures:edit", kwargs={"slug": measure.slug}), {**data, "is_active": ""}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert not measure.is_active
    page = client.get(reverse("measures:detail", kwargs={"slug": measure.slug})).content.decode()
    assert "Tiltaket er avsluttet" in page


def test_coverage_page_shows_matrix_gaps_and_fragmentation(client, world):
    froya = world.other_municipality
    for name, sector in [("Helse", "helse"), ("NAV", "nav"), ("Frivillig", "frivillighet")]:
        make_measure(
            provider=organisation(f"{name} Frøya (test)", sector, froya),
            name=f"{name}tilbud",
            municipalities=[froya],
        )
    body = client.get(reverse("measures:coverage", kwargs={"number": froya.number})).content
    body = body.decode()
    assert "Helsetilbud" in body and "NAVtilbud" in body
    assert "3 tilbydere fra ulike sektorer uten koordinering" in body
    assert "mangler 24–29 år" not in body  # 13–23: 24 is missing in 20–24, 25–29 is a gap
    assert "mangler 24 år" in body
    assert ">Hull<" in body


def test_coverage_queries_do_not_grow(client, world, django_assert_max_num_queries):
    url = reverse("measures:coverage", kwargs={"number": world.municipality.number})
    make_measure(provider=world.organisation, name="Første")
    with django_assert_max_num_queries(12):
        client.get(url)
    for index in range(15):
        make_measure(provider=world.organisation, name=f"Tiltak {index}", themes=("lavinntekt",))
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_list_and_comparison_queries_do_not_grow(client, world, django_assert_max_num_queries):
    for index in range(12):
        make_measure(provider=world.organisation, name=f"Tiltak {index}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("measures:list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("measures:comparison")).status_code == 200


def test_municipality_page_has_a_measures_section_with_a_fixed_budget(
    client, world, django_assert_max_num_queries
):
    url = reverse("organisations:municipality_detail", kwargs={"number": "5001"})
    for index in range(10):
        make_measure(provider=world.organisation, name=f"Tiltak {index}")
    with django_assert_max_num_queries(25):
        body = client.get(url).content.decode()
    assert "Tiltak for unge" in body
    assert reverse("measures:youth", kwargs={"number": "5001"}) in body


def test_comparison_lists_municipalities_with_the_same_figures(client, world):
    make_measure(provider=world.organisation, name="Los")
    make_measure(
        provider=world.other_organisation,
        name="NAV ung",
        municipalities=[world.other_municipality],
        ages=(16, 29),
    )
    rows = dict(selectors.municipality_comparison())
    assert set(rows) == {world.municipality, world.other_municipality}
    # Four of five themes have no measure: 4 × 3 age bands are gaps in both municipalities.
    froya, trondheim = rows[world.other_municipality], rows[world.municipality]
    assert (froya.gap_count, froya.partial_gap_count) == (12, 1)  # 16–29: 15 is missing
    assert (trondheim.gap_count, trondheim.partial_gap_count) == (13, 1)  # 13–23
    assert froya.themes_covered == trondheim.themes_covered == 1


def test_youth_page_needs_no_login_stores_nothing_and_sets_no_session(
    client, world, django_assert_max_num_queries
):
    make_measure(provider=world.organisation, name="Helsestasjon", youth_needs=["helse"])
    url = reverse("measures:youth", kwargs={"number": "5001"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"behov": ["helse"], "alder": "16"})
    assert response.status_code == 200
    assert "Helsestasjon" in response.content.decode()
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries)
    assert "sessionid" not in response.cookies
    assert response["Referrer-Policy"] == "no-referrer"
    assert "<script" not in response.content.decode()


def test_youth_page_explains_a_bad_age_in_plain_words(client, world):
    url = reverse("measures:youth", kwargs={"number": "5001"})
    body = client.get(url, {"alder": "tre"}).content.decode()
    assert "Skriv alderen din som et tall" in body


def test_unknown_municipality_is_404_everywhere(client, reference_data):
    assert client.get("/tiltak/kommune/9999/").status_code == 404
    assert client.get("/tiltak/hva-kan-hjelpe-meg/9999/").status_code == 404
    assert client.get("/tiltak/finnes-ikke/").status_code == 404


def test_demo_is_idempotent_and_builds_the_intended_landscapes(reference_data):
    import io

    from fellesloft.measures import demo as measures_demo
    from fellesloft.organisations import demo as organisations_demo

    organisations_demo.load(stdout=io.StringIO())
    measures_demo.load(stdout=io.StringIO())
    count = Measure.objects.count()
    measures_demo.load(stdout=io.StringIO())
    assert Measure.objects.count() == count
    figures = dict(selectors.municipality_comparison())
    trondheim = Municipality.objects.get(number="5001")
    steinkjer = Municipality.objects.get(number="5006")
    assert figures[trondheim].fragmented_theme_count == 0
    coverage = selectors.municipality_coverage(municipality=steinkjer)
    assert "psykisk-helse" in {theme.slug for theme, _ in coverage.fragmented}
    assert Measure.objects.filter(is_active=False).exists()
    # Never a named person: every contact point passes the personal-data screening.
    from fellesloft.core.screening import find_personal_data

    for measure in Measure.objects.all():
        assert not find_personal_data(measure.contact_role + " " + measure.description)

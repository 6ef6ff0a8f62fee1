import csv

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from fellesloft.core.exceptions import ServiceError
from fellesloft.organisations import selectors, services
from fellesloft.organisations.models import (
    MembershipRole,
    Municipality,
    Organisation,
    Sector,
)
from fellesloft.organisations.reference import MUNICIPALITIES_CSV

pytestmark = pytest.mark.django_db


def test_all_38_municipalities_of_trondelag_are_loaded(reference_data):
    assert Municipality.objects.filter(county__number="50").count() == 38
    assert Municipality.objects.get(number="5001").name == "Trondheim"


def test_the_projects_copy_matches_the_shared_reference_file():
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 38
    assert {row["kommunenummer"][:2] for row in rows} == {"50"}


def test_youth_is_a_voice_not_an_employer(reference_data):
    youth = Sector.objects.get(slug="ungdom")
    assert youth.is_youth_voice
    assert not selectors.sectors_for_organisations().filter(slug="ungdom").exists()


def test_organisation_cannot_belong_to_the_youth_voice(reference_data):
    with pytest.raises(ServiceError) as error:
        services.organisation_create(
            name="Ungdomsrådet", kind="other", sector=Sector.objects.get(slug="ungdom")
        )
    assert error.value.field == "sector"
    assert not Organisation.objects.filter(name="Ungdomsrådet").exists()


def test_slugs_are_unique_and_readable(reference_data):
    sector = Sector.objects.get(slug="nav")
    first = services.organisation_create(name="NAV Frøya", kind="nav", sector=sector)
    second = services.organisation_create(name="NAV Frøya", kind="nav", sector=sector)
    assert first.slug == "nav-froya"
    assert second.slug == "nav-froya-2"


def test_a_slug_never_shadows_a_page_of_the_app(client, reference_data):
    sector = Sector.objects.get(slug="nav")
    organisation = services.organisation_create(name="Kommuner", kind="nav", sector=sector)
    assert organisation.slug == "kommuner-2"
    detail = reverse("organisations:detail", kwargs={"slug": organisation.slug})
    assert client.get(detail).status_code == 200


def test_last_coordinator_cannot_be_deactivated_or_demoted(world):
    coordinator = world.memberships["coordinator"]
    with pytest.raises(ServiceError):
        services.membership_deactivate(membership=coordinator)
    with pytest.raises(ServiceError):
        services.membership_change_role(membership=coordinator, role=MembershipRole.MEMBER)
    services.membership_change_role(
        membership=world.memberships["member"], role=MembershipRole.COORDINATOR
    )
    services.membership_deactivate(membership=coordinator)
    coordinator.refresh_from_db()
    assert not coordinator.is_active


def test_coordinator_manages_own_organisation_only(world):
    coordinator = world.users["coordinator"]
    assert coordinator.has_perm("organisations.manage_members", world.organisation)
    assert not coordinator.has_perm("organisations.manage_members", world.other_organisation)
    assert not world.users["member"].has_perm("organisations.manage_members", world.organisation)
    assert world.users["mission_lead"].has_perm("organisations.add_organisation")
    assert not coordinator.has_perm("organisations.add_organisation")


def test_members_list_is_shown_to_members_only(client, world):
    url = reverse("organisations:detail", kwargs={"slug": world.organisation.slug})
    assert "medlem@test.no" not in client.get(url).content.decode()
    client.force_login(world.users["other_coordinator"])
    assert "Medlemmer" not in client.get(url).content.decode().split("<main")[1].split("</main>")[0]
    client.force_login(world.users["member"])
    assert "medlem@test.no"[:6] in client.get(url).content.decode()


def test_create_form_shows_norwegian_errors_and_writes_nothing(client, world):
    client.force_login(world.users["mission_lead"])
    before = Organisation.objects.count()
    response = client.post(reverse("organisations:create"), {"name": "", "website": "ikke en url"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Skjemaet har feil" in body
    assert "Feltet er påkrevet." in body
    assert Organisation.objects.count() == before


def test_mission_lead_creates_an_organisation_and_it_is_audited(client, world):
    client.force_login(world.users["mission_lead"])
    response = client.post(
        reverse("organisations:create"),
        {
            "name": "Levanger frivilligsentral",
            "kind": "volunteer",
            "sector": Sector.objects.get(slug="frivillighet").pk,
            "municipality": Municipality.objects.get(number="5037").pk,
            "description": "",
            "website": "levanger.frivilligsentral.no",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Levanger frivilligsentral")
    assert organisation.website == "https://levanger.frivilligsentral.no"
    entry = LogEntry.objects.get_for_object(organisation).get()
    assert entry.actor == world.users["mission_lead"]


def test_coordinator_changes_a_role_through_the_page(client, world):
    client.force_login(world.users["coordinator"])
    membership = world.memberships["member"]
    url = reverse(
        "organisations:membership_role",
        kwargs={"slug": world.organisation.slug, "membership_id": membership.pk},
    )
    client.post(url, {"role": "coordinator"})
    membership.refresh_from_db()
    assert membership.role == MembershipRole.COORDINATOR


def test_invalid_role_is_refused_with_a_message(client, world):
    client.force_login(world.users["coordinator"])
    membership = world.memberships["member"]
    url = reverse(
        "organisations:membership_role",
        kwargs={"slug": world.organisation.slug, "membership_id": membership.pk},
    )
    response = client.post(url, {"role": "keiser"}, follow=True)
    assert "Velg en gyldig rolle" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == MembershipRole.MEMBER


def test_list_filters_by_municipality_and_sector(client, world):
    response = client.get(reverse("organisations:list"), {"kommune": "5014", "sektor": "nav"})
    body = response.content.decode()
    assert world.other_organisation.name in body
    assert world.organisation.name not in body


def test_list_with_unknown_filter_value_shows_the_error_not_a_500(client, world):
    response = client.get(reverse("organisations:list"), {"kommune": "9999"})
    assert response.status_code == 200


def test_list_queries_do_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    sector = Sector.objects.get(slug="frivillighet")
    for number in range(30):
        services.organisation_create(name=f"Lag {number}", kind="volunteer", sector=sector)
    with django_assert_max_num_queries(8):
        client.get(reverse("organisations:list"))
    with django_assert_max_num_queries(8):
        client.get(reverse("organisations:municipality_list"))


def test_unknown_municipality_gives_a_friendly_404(client, reference_data):
    response = client.get("/organisasjoner/kommuner/9999/")
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()


def test_organisation_update_takes_only_the_forms_fields(world):
    with pytest.raises(ServiceError):
        services.organisation_update(organisation=world.organisation, slug="noe-annet")
    world.organisation.refresh_from_db()
    assert world.organisation.slug != "noe-annet"
    services.organisation_update(organisation=world.organisation, description="Ny tekst")
    world.organisation.refresh_from_db()
    assert world.organisation.description == "Ny tekst"

"""Reference-list names in English (issue 23): need themes, main challenges, innovation areas,
barrier categories and sectors carry an English name in the database (`name_en`), so a term
the mission lead adds gets one too; the term reads as the active language's name."""

import pytest
from django.conf import settings
from django.urls import reverse

from fellesloft.mission.models import InnovationArea, NeedTheme
from fellesloft.organisations.models import Sector
from tests.barriers.helpers import category

pytestmark = pytest.mark.django_db


def _in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_seeded_terms_have_english_names():
    assert NeedTheme.objects.filter(name_en="").count() == 0
    assert Sector.objects.filter(name_en="").count() == 0
    assert category("lov-og-regelverk").name_en == "Laws and regulations"


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("nb", "Psykisk helse", "Mental health"), ("en", "Mental health", "Psykisk helse")],
)
def test_pages_and_select_options_name_terms_in_the_language(
    client_as, world, language, shown, not_shown
):
    client = _in(client_as("member"), language)
    mission = client.get(reverse("mission:mission")).content.decode()
    assert f"<strong>{shown}</strong>" in mission and f"<strong>{not_shown}</strong>" not in mission
    measures = client.get(reverse("measures:list")).content.decode()  # the filter's options
    assert f">{shown}</option>" in measures and f">{not_shown}</option>" not in measures
    sector = "Health" if language == "en" else "Helse"
    assert f">{sector}</option>" in measures


def test_a_term_added_by_the_mission_lead_gets_its_english_name(client_as, world):
    client = client_as("mission_lead")
    response = client.post(
        reverse("mission:reference_term_create", kwargs={"kind": "innovasjonsomrader"}),
        {
            "name": "Ungdom som medskapere",
            "name_en": "Young people as co-creators",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    area = InnovationArea.objects.get(name="Ungdom som medskapere")
    assert area.name_en == "Young people as co-creators"
    english = _in(client, "en").get(reverse("mission:mission")).content.decode()
    assert "Young people as co-creators" in english
    lists = client.get(reverse("mission:reference_lists")).content.decode()
    assert '<td lang="en">Young people as co-creators</td>' in lists
    # Without an English name the Norwegian one is shown.
    area.name_en = ""
    area.save()
    assert "Ungdom som medskapere" in client.get(reverse("mission:mission")).content.decode()


def test_a_barrier_category_gets_its_english_name_in_the_form(client_as, world):
    from fellesloft.barriers.models import BarrierCategory

    client = client_as("mission_lead")
    client.post(
        reverse("mission:reference_term_create", args=["barrierekategorier"]),
        {"name": "Digitale verktøy", "name_en": "Digital tools", "order": "9", "is_active": "on"},
    )
    assert BarrierCategory.objects.get(name="Digitale verktøy").name_en == "Digital tools"

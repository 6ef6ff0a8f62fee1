"""The one slug helper every app uses for new objects (`core.slugs`)."""

import pytest

from fellesloft.core.slugs import unique_slug
from fellesloft.organisations.models import Organisation
from fellesloft.organisations.services import unique_organisation_slug

pytestmark = pytest.mark.django_db


def test_norwegian_letters_survive_in_both_cases():
    # slugify alone drops «Ø» whole: «Ørland» became «rland».
    assert unique_slug(Organisation, "Ørland Æsj Åfjord", fallback="org") == "orland-aesj-afjord"
    assert unique_slug(Organisation, "ungdom på Frøya", fallback="org") == "ungdom-pa-froya"


def test_a_taken_slug_gets_a_counter_and_a_reserved_one_is_never_given(world):
    organisation = world.organisation
    Organisation.objects.filter(pk=organisation.pk).update(slug="nav-trondheim")
    assert unique_organisation_slug("NAV Trondheim") == "nav-trondheim-2"
    assert unique_organisation_slug("NAV Trondheim", exclude_pk=organisation.pk) == "nav-trondheim"
    assert unique_slug(Organisation, "import", fallback="org", reserved={"import"}) == "import-2"


def test_a_text_with_no_letters_gets_the_fallback():
    assert unique_slug(Organisation, "?!", fallback="org") == "org"


def test_the_slug_and_its_counter_fit_the_field(world):
    length = Organisation._meta.get_field("slug").max_length
    name = "utenforskap " * 20
    first = unique_slug(Organisation, name, fallback="org")
    assert len(first) == length
    Organisation.objects.filter(pk=world.organisation.pk).update(slug=first)
    second = unique_slug(Organisation, name, fallback="org")
    assert second.endswith("-2") and len(second) <= length
    assert second != first

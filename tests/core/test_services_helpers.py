"""The steps the apps' services share (fellesloft.core.services), and that the services
packages split by topic still offer every name from the package."""

import importlib

import pytest

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import (
    apply_fields,
    refuse_personal_data,
    refuse_unknown_fields,
)
from fellesloft.organisations.models import Organisation


def test_unknown_fields_are_named_in_the_error():
    refuse_unknown_fields({"name": "x"}, ("name", "kind"))
    with pytest.raises(ServiceError) as error:
        refuse_unknown_fields({"name": "x", "slug": "y", "pk": 3}, ("name", "kind"))
    assert error.value.message == "Ukjente felt: pk, slug"


def test_the_message_of_an_unknown_field_can_be_the_callers():
    with pytest.raises(ServiceError) as error:
        refuse_unknown_fields(["slug"], (), message="Kan ikke endres: %(fields)s")
    assert error.value.message == "Kan ikke endres: slug"


def test_applied_text_is_stripped_unless_asked_not_to():
    organisation = Organisation(name="x")
    apply_fields(organisation, {"name": "  NAV Frøya ", "description": " Hei "})
    assert (organisation.name, organisation.description) == ("NAV Frøya", "Hei")
    apply_fields(organisation, {"description": " Hei "}, strip=False)
    assert organisation.description == " Hei "


def test_personal_data_is_refused_with_what_was_found_and_the_field():
    refuse_personal_data("Vi møtes hver tirsdag.", field="notes", message="(%(what)s)")
    with pytest.raises(ServiceError) as error:
        refuse_personal_data(
            "Ring meg på 912 34 567", field="notes", message="%(label)s: %(what)s", label="Notat"
        )
    assert error.value.field == "notes"
    assert error.value.message.startswith("Notat: ")
    assert "telefonnummer" in error.value.message


@pytest.mark.parametrize("app", ["experiments", "barriers"])
def test_every_name_the_services_package_lists_can_be_imported_from_it(app):
    package = importlib.import_module(f"fellesloft.{app}.services")
    assert package.__all__
    for name in package.__all__:
        assert getattr(package, name) is not None, name

"""Norwegian alphabetical order in the database (Æ Ø Å after Z), the same on SQLite and
PostgreSQL, and in Python."""

import pytest

from fellesloft.core.ordering import norwegian, norwegian_key
from fellesloft.organisations.models import County, Municipality

NAMES = ["Åfjord", "Ørland", "Ørsta", "Aukra", "Zeta", "ærlig", "Øksnes", "Ålen", "Bø", "bakke"]
NORWEGIAN = ["Aukra", "bakke", "Bø", "Zeta", "ærlig", "Øksnes", "Ørland", "Ørsta", "Åfjord", "Ålen"]


def test_the_python_key_sorts_the_norwegian_way():
    assert sorted(NAMES, key=norwegian_key) == NORWEGIAN


@pytest.mark.django_db
def test_the_database_sorts_the_norwegian_way():
    county = County.objects.create(number="99", name="Testfylke")
    for number, name in enumerate(NAMES):
        Municipality.objects.create(number=f"99{number:02d}", name=name, county=county)
    ours = Municipality.objects.filter(county=county)
    assert list(ours.order_by(norwegian("name")).values_list("name", flat=True)) == NORWEGIAN
    assert list(ours.values_list("name", flat=True)) == NORWEGIAN  # the model's own ordering
    assert list(
        ours.order_by(norwegian("name", descending=True)).values_list("name", flat=True)
    ) == list(reversed(NORWEGIAN))


@pytest.mark.django_db
def test_the_database_check_names_a_missing_collation(monkeypatch):
    from django.db import connection

    from fellesloft.core import ordering

    assert ordering.check_postgresql_collation(databases=["default"]) == []
    if connection.vendor != "postgresql":
        return
    monkeypatch.setattr(ordering, "POSTGRESQL_COLLATION", "nb-XX-finnes-ikke")
    [error] = ordering.check_postgresql_collation(databases=["default"])
    assert error.id == "fellesloft.E001" and "nb-XX-finnes-ikke" in error.msg


# Every page that lists Trøndelag's municipalities, as a table or a select's options: Ørland
# (5057) before Åfjord (5058) – in code-point order Å (U+00C5) would come before Ø (U+00D8).
MUNICIPALITY_PAGES = [
    ("organisations:municipality_list", "mission_lead"),
    ("experiments:portfolio", "mission_lead"),
    ("experiments:support_overview", "mission_lead"),
    ("measures:list", "member"),
    ("organisations:list", "member"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), MUNICIPALITY_PAGES)
def test_pages_list_municipalities_in_norwegian_order(client_as, name, role):
    from django.urls import reverse

    body = client_as(role).get(reverse(name)).content.decode()
    assert "Ørland" in body and "Åfjord" in body, name
    assert body.index("Ørland") < body.index("Åfjord"), name
    assert body.index("Verdal") < body.index("Ørland"), name

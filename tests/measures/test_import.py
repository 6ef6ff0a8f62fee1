import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fellesloft.core.exceptions import ServiceError
from fellesloft.measures import importer, services
from fellesloft.measures.models import ImportStatus, Measure, MeasureImport
from fellesloft.organisations.models import Organisation
from tests.measures.factories import make_measure

pytestmark = pytest.mark.django_db

HEADER = [
    "kommunenummer", "tiltak", "tilbyder", "sektor", "beskrivelse", "alder_fra", "alder_til",
    "behovstema", "tilgang", "kontaktpunkt", "apningstid", "sted", "koordinert_med",
]  # fmt: skip


def row(name, **overrides):
    values = {
        "kommunenummer": "5001",
        "tiltak": name,
        "tilbyder": "Trondheim kommune – oppvekst (test)",
        "sektor": "",
        "beskrivelse": "En voksen som følger deg opp.",
        "alder_fra": 13,
        "alder_til": 20,
        "behovstema": "relasjoner; selvfolelse-mestring",
        "tilgang": "Ta kontakt selv",
        "kontaktpunkt": "Ungdomslos",
        "apningstid": "Hverdager 9–16",
        "sted": "Ungdomshuset",
        "koordinert_med": "",
    }
    values.update(overrides)
    return [values[key] for key in HEADER]


def xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tiltak"
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def prepare(world, content, *, role="mission_lead", filename="tiltak.xlsx"):
    return services.measure_import_prepare(
        actor=world.users[role], filename=filename, content=content
    )


def test_bad_rows_are_refused_by_row_number_and_nothing_is_written_before_confirming(world):
    content = xlsx(
        [
            row("Ungdomslos"),
            row("Feil kommune", kommunenummer="9999"),
            row("Feil tema", behovstema="relasjoner; ensomhet"),
            row("Snudd alder", alder_fra=25, alder_til=16),
            row("Fritidsklubb", alder_fra=13, alder_til=18),
        ]
    )
    measure_import = prepare(world, content)
    assert measure_import.row_count == 5
    assert [item["number"] for item in measure_import.rows] == [2, 6]
    refused = {item["number"]: item["reasons"] for item in measure_import.refused}
    assert refused[3] == ["Ukjent kommunenummer «9999»."]
    assert refused[4] == ["Ukjent behovstema «ensomhet»."]
    assert "Aldersspennet er snudd" in refused[5][0]
    assert not Measure.objects.exists()

    services.measure_import_confirm(
        actor=world.users["mission_lead"], measure_import=measure_import
    )
    assert sorted(Measure.objects.values_list("name", flat=True)) == ["Fritidsklubb", "Ungdomslos"]
    measure_import.refresh_from_db()
    assert measure_import.status == ImportStatus.CONFIRMED
    assert measure_import.imported_count == 2
    with pytest.raises(ServiceError):
        services.measure_import_confirm(
            actor=world.users["mission_lead"], measure_import=measure_import
        )


def test_csv_with_semicolons_in_windows_encoding(world):
    lines = [
        ";".join(HEADER),
        "5001;Leksehjelp;Trondheim kommune – oppvekst (test);;Hjelp med lekser;13;19;"
        "Selvfølelse og mestring;Drop-in;Frivillig leksehjelper;Mandag 17–19;Biblioteket;",
    ]
    content = "\r\n".join(lines).encode("cp1252")
    measure_import = prepare(world, content, filename="tiltak.csv")
    assert measure_import.refused == []
    services.measure_import_confirm(
        actor=world.users["mission_lead"], measure_import=measure_import
    )
    measure = Measure.objects.get(name="Leksehjelp")
    assert measure.access == "drop_in"
    assert [theme.slug for theme in measure.need_themes.all()] == ["selvfolelse-mestring"]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "tiltak.csv", "Filen er tom"),
        (b"tiltak;kommunenummer\nLos;5001\n", "tiltak.csv", "mangler"),
        (b"kommunenummer;behovstemaer\n", "tiltak.csv", "Ukjente kolonner"),
        (b"PK\x03\x04 not really", "tiltak.xlsx", "XLSX"),
        (b"hei", "tiltak.pdf", "XLSX- eller CSV"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(world, content, filename, message):
    with pytest.raises(ServiceError) as error:
        prepare(world, content, filename=filename)
    assert message in error.value.message
    assert not MeasureImport.objects.exists()


def test_coordination_links_within_the_file_and_a_cascade_from_refused_rows(world):
    content = xlsx(
        [
            row("Ungdomslos", koordinert_med="Fritidsklubb"),
            row("Fritidsklubb", alder_fra=13, alder_til=18),
            row("Snudd", alder_fra=30, alder_til=20),
            row("Peker på snudd", koordinert_med="Snudd"),
            row("Peker på ukjent", koordinert_med="Finnes ikke"),
        ]
    )
    measure_import = prepare(world, content)
    refused = {item["number"]: item["reasons"][0] for item in measure_import.refused}
    assert set(refused) == {4, 5, 6}
    assert "avvist (rad 4)" in refused[5]
    assert "fant ikke tiltaket «Finnes ikke»" in refused[6]
    services.measure_import_confirm(
        actor=world.users["mission_lead"], measure_import=measure_import
    )
    los = Measure.objects.get(name="Ungdomslos")
    assert [other.name for other in los.coordinated_with.all()] == ["Fritidsklubb"]


def test_an_existing_measure_is_updated_and_keeps_its_links(world):
    existing = make_measure(provider=world.organisation, name="Ungdomslos", ages=(13, 18))
    other = make_measure(provider=world.organisation, name="Helsestasjon")
    existing.coordinated_with.add(other)
    measure_import = prepare(world, xlsx([row("ungdomslos", alder_til=21)]))
    assert measure_import.rows[0]["summary"]["action"] == "update"
    services.measure_import_confirm(
        actor=world.users["mission_lead"], measure_import=measure_import
    )
    existing.refresh_from_db()
    assert existing.age_to == 21
    assert list(existing.coordinated_with.all()) == [other]
    assert Measure.objects.count() == 2


def test_a_new_provider_is_created_when_the_sector_is_given(world):
    content = xlsx(
        [
            row("Fritid for alle", tilbyder="Røde Kors Trondheim", sektor="Frivillighet"),
            row("Uten sektor", tilbyder="Ukjent lag"),
            row("Feil sektor", sektor="nav"),
        ]
    )
    measure_import = prepare(world, content)
    assert measure_import.rows[0]["summary"]["new_provider"] is True
    refused = {item["number"]: item["reasons"][0] for item in measure_import.refused}
    assert "Fyll ut sektor" in refused[3]
    assert "hører til sektoren «Skole og oppvekst», ikke «NAV»" in refused[4]
    services.measure_import_confirm(
        actor=world.users["mission_lead"], measure_import=measure_import
    )
    provider = Organisation.objects.get(name="Røde Kors Trondheim")
    assert provider.sector.slug == "frivillighet"
    assert provider.municipality == world.municipality


def test_rows_outside_the_coordinators_municipality_are_refused(world):
    content = xlsx(
        [
            row("Frøya-tiltak", kommunenummer="5014", tilbyder="NAV Frøya (test)"),
            row("Trondheim-tiltak"),
        ]
    )
    measure_import = prepare(world, content, role="other_coordinator")
    assert [item["number"] for item in measure_import.rows] == [2]
    assert "koordinator" in measure_import.refused[0]["reasons"][0]


def test_duplicate_rows_and_personal_data_are_refused(world):
    content = xlsx(
        [
            row("Los"),
            row("Los"),
            row("Telefon", kontaktpunkt="Kari, 912 34 567"),
        ]
    )
    refused = {item["number"]: item["reasons"][0] for item in prepare(world, content).refused}
    assert "rad 2" in refused[3]
    assert "personopplysninger" in refused[4]


def test_confirm_checks_again_and_writes_nothing_when_something_changed(world):
    target = make_measure(provider=world.organisation, name="Helsestasjon")
    measure_import = prepare(
        world, xlsx([row("Fritidsklubb"), row("Los", koordinert_med="Helsestasjon")])
    )
    assert len(measure_import.rows) == 2
    target.delete()
    with pytest.raises(ServiceError) as error:
        services.measure_import_confirm(
            actor=world.users["mission_lead"], measure_import=measure_import
        )
    assert "rad 3" in error.value.message
    assert not Measure.objects.filter(name__in=["Fritidsklubb", "Los"]).exists()


def test_only_the_uploader_confirms(world):
    measure_import = prepare(world, xlsx([row("Los")]))
    with pytest.raises(ServiceError):
        services.measure_import_confirm(
            actor=world.users["superuser"], measure_import=measure_import
        )
    assert not Measure.objects.exists()


def test_template_has_the_documented_columns_and_round_trips(client, world):
    response = client.get(reverse("measures:import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="tiltak-mal.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tiltak", "Kolonner", "Koder"]
    header = [cell.value for cell in workbook["Tiltak"][1]]
    assert header == importer.COLUMN_KEYS
    codes = {(r[0], r[1]) for r in workbook["Koder"].iter_rows(min_row=2, values_only=True)}
    assert ("kommunenummer", "5001") in codes and ("behovstema", "lavinntekt") in codes
    examples = {r[0]: r[3] for r in workbook["Kolonner"].iter_rows(min_row=2, values_only=True)}
    # The documented examples, filled into the template, make a row that is accepted.
    sheet = workbook["Tiltak"]
    sheet.append([examples[key] or "" for key in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    measure_import = prepare(world, buffer.getvalue())
    assert measure_import.refused[0]["reasons"] == [
        "«koordinert med»: fant ikke tiltaket «Oppfølgingstjenesten (OT)» i samme kommune."
    ]


def test_import_pages_preview_then_confirm(client_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("mission_lead")
    page = client.get(reverse("measures:import")).content.decode()
    assert "kommunenummer" in page and "Last ned malen" in page
    upload = SimpleUploadedFile("tiltak.xlsx", xlsx([row("Los"), row("Feil", kommunenummer="12")]))
    response = client.post(reverse("measures:import"), {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Rad 3" in preview and "Ukjent kommunenummer «0012»." in preview
    assert "Importer 1 rad" in preview
    measure_import = MeasureImport.objects.get()
    response = client.post(
        reverse("measures:import_confirm", kwargs={"import_id": measure_import.uuid}), follow=True
    )
    assert "1 tiltak er importert" in response.content.decode()
    assert Measure.objects.filter(name="Los").exists()


def test_import_page_shows_a_file_error_in_the_form(client_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("mission_lead")
    upload = SimpleUploadedFile("tiltak.csv", b"navn;alder\nLos;13\n")
    response = client.post(reverse("measures:import"), {"file": upload})
    assert response.status_code == 200
    assert "Ukjente kolonner" in response.content.decode()

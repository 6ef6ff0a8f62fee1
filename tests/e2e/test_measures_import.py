"""A coordinator imports a spreadsheet: sees what is refused and why, then confirms the rest."""

import pytest
from playwright.sync_api import expect

from fellesloft.measures.models import Measure
from tests.e2e.conftest import log_in
from tests.measures.test_import import row, xlsx
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_refuses_bad_rows_by_number_and_imports_the_rest_on_confirm(page, tmp_path):
    world = build_world()
    path = tmp_path / "tiltak.xlsx"
    path.write_bytes(
        xlsx(
            [
                row("Ungdomslos"),
                row("Snudd alder", alder_fra=25, alder_til=16),
                row("Fritidsklubb", kommunenummer="5999"),
            ]
        )
    )
    log_in(page, world.users["coordinator"].email)
    page.goto("/tiltak/")
    page.get_by_role("link", name="Importer fra regneark").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer tiltak fra regneark")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned malen (XLSX)").click()
    assert download.value.suggested_filename == "tiltak-mal.xlsx"

    page.get_by_label("Fil med tiltak (XLSX eller CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Sjekk filen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "3 rader lest: 1 kan importeres, 2 blir avvist"
    )
    refused = page.get_by_role("table", name="Rader som ikke blir importert, og hvorfor")
    expect(refused.get_by_role("row", name="Rad 3")).to_contain_text("Aldersspennet er snudd")
    expect(refused.get_by_role("row", name="Rad 4")).to_contain_text("Ukjent kommunenummer «5999»")
    assert not Measure.objects.exists()

    page.get_by_role("button", name="Importer 1 rad").click()
    expect(page.get_by_text("1 tiltak er importert.")).to_be_visible()
    assert list(Measure.objects.values_list("name", flat=True)) == ["Ungdomslos"]

"""Small wrongs a user sees (issue 17, item 13): the dialog's dates in the right tense, an
empty phase, seed statements from two sources at once, the share link's address."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from fellesloft.dialogs import reports, services
from fellesloft.dialogs.models import DialogKind, Phase
from tests.dialogs.helpers import make_dialog

pytestmark = pytest.mark.django_db


def _pages(client, dialog) -> dict[str, str]:
    return {
        "report": client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode(),
        "report_pdf": render_to_string(
            "dialogs/report_pdf.html", reports.report_context(dialog=dialog)
        ),
        "detail": client.get(reverse("dialogs:detail", args=[dialog.slug])).content.decode(),
        "list": client.get(reverse("dialogs:list")).content.decode(),
    }


def test_an_open_dialog_says_when_it_closes_and_a_closed_one_that_it_closed(world, client_as):
    client = client_as("member")
    future = timezone.now() + timedelta(days=30)
    dialog = make_dialog(world, closes_at=future)
    for name, page in _pages(client, dialog).items():
        assert "Stengt" not in page, name
        assert name == "list" or "Stenger" in page, name

    services.dialog_close(dialog=dialog)
    dialog.refresh_from_db()
    for name, page in _pages(client, dialog).items():
        assert "Stengt" in page, name


def test_a_dialog_that_has_not_opened_says_it_opens(world, client_as):
    client = client_as("member")
    dialog = make_dialog(world, opens_at=timezone.now() + timedelta(days=2))
    pages = _pages(client, dialog)
    for name in ("report", "report_pdf", "detail"):
        assert "Åpner" in pages[name] and "Åpnet" not in pages[name], name
    assert "Åpner snart" in pages["detail"] and "Åpner snart" in pages["list"]


def _vote_page(client, dialog) -> str:
    client.post(reverse("dialogs:participate", args=[dialog.slug]), {})
    return client.get(reverse("dialogs:vote", args=[dialog.slug])).content.decode()


def test_an_empty_phase_says_it_has_no_statements_not_that_you_have_seen_them_all(world, client):
    dialog = make_dialog(world, kind=DialogKind.FUTURE_WORKSHOP, seeds=["Skolen er for lang"])
    services.dialog_phase_set(dialog=dialog, phase=Phase.FANTASY)
    page = _vote_page(client, dialog)
    assert "ingen utsagn i denne fasen ennå" in page
    assert "Du har sett alle" not in page

    plain = make_dialog(world, title="Uten utsagn", seeds=[])
    page = _vote_page(client, plain)
    assert "ingen utsagn å ta stilling til ennå" in page
    assert "Du har sett alle" not in page


def test_seeds_pasted_and_uploaded_at_once_are_refused_not_dropped(world, client_as):
    dialog = make_dialog(world, seeds=[])
    client = client_as("member")
    upload = SimpleUploadedFile("utsagn.csv", b"utsagn\nGratis mat\n")
    response = client.post(
        reverse("dialogs:seeds", args=[dialog.slug]),
        {"texts": "Lengre åpningstider\nFlere voksne", "csv_file": upload},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "både skrevet inn utsagn og valgt en CSV-fil" in page
    assert "Lengre åpningstider" in page  # the pasted text is still in the field
    assert not dialog.statements.exists()


def test_share_link_qr_code_and_export_use_the_configured_site_url(world, client_as, settings):
    settings.SITE_URL = "http://127.0.0.1:8080"
    dialog = make_dialog(world)
    expected = "http://127.0.0.1:8080" + reverse("dialogs:participate", args=[dialog.slug])
    assert dialog.public_url() == expected
    client = client_as("member")
    assert expected in client.get(reverse("dialogs:share", args=[dialog.slug])).content.decode()


def test_experiments_on_the_dialog_form_are_checkboxes_and_multi_selects_show_rows(
    world, client_as
):
    from pathlib import Path

    from fellesloft.experiments.models import Experiment

    experiment = Experiment.objects.create(
        municipality=world.municipality,
        owner_organisation=world.organisation,
        title="Felles ungdomslos",
        challenge="Unge som faller ut mellom skole og NAV.",
    )
    page = client_as("member").get(reverse("dialogs:create")).content.decode()
    assert "<select" not in page.split("Forsøk dialogen hører til")[1].split("</fieldset>")[0]
    assert f'type="checkbox" name="experiments" value="{experiment.pk}"' in page
    css = (
        Path(__file__).resolve().parents[2] / "src/fellesloft/static/fellesloft/site.css"
    ).read_text()
    assert "select.ds-input[multiple] { height: auto;" in css

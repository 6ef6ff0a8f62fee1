"""The dialog's exports: every one of every demo dialog, what the XLSX shows, and what personal
data may leave through them."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fellesloft.accounts.models import User
from fellesloft.barriers.models import Barrier
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_personal_data
from fellesloft.dialogs import polis, services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.models import Dialog, ModerationMode, StatementState
from fellesloft.experiments.models import Experiment
from tests.dialogs.helpers import make_dialog
from tests.world import ensure_reference_data

pytestmark = pytest.mark.django_db


def _open(name: str, response) -> None:
    """Reads an export the way its users' programs would; fails on anything they would refuse."""
    assert response.status_code == 200, name
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if name.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content))
        assert all(sheet.max_row >= 1 for sheet in workbook), name
    elif name.endswith(".pdf"):
        assert content.startswith(b"%PDF-"), name
    elif name.endswith(".zip"):
        archive = zipfile.ZipFile(io.BytesIO(content))
        assert {path.rsplit("/", 1)[-1] for path in archive.namelist()} >= {
            "comments.csv",
            "votes.csv",
        }
        for path in archive.namelist():
            list(csv.reader(io.StringIO(archive.read(path).decode("utf-8"))))
    elif name.endswith(".csv"):
        list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    else:
        assert content, name


def test_every_export_of_every_demo_dialog_and_of_the_demo_data(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_reference_data()
    call_command("demo", stdout=io.StringIO())
    client.force_login(User.objects.filter(is_superuser=True).first() or _superuser())
    dialogs = list(Dialog.objects.all())
    assert {dialog.kind for dialog in dialogs} == {"dialog", "future_workshop"}
    assert any(s.phase for d in dialogs for s in d.statements.all())  # a workshop with phases
    for dialog in dialogs:
        for name in ("report_xlsx", "report_pdf", "export", "qr", "report", "results"):
            url = reverse(f"dialogs:{name}", args=[dialog.slug])
            _open(url, client.get(url))
    workshop = next(dialog for dialog in dialogs if dialog.is_future_workshop)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("dialogs:report_xlsx", args=[workshop.slug])).content)
    )["Utsagn"]
    assert "Kritikkfase" in [row[1] for row in sheet.iter_rows(values_only=True)]
    # The other exports of the product, over the same demo data.
    urls = [
        reverse("barriers:report_xlsx"),
        reverse("barriers:report_pdf"),
        reverse("experiments:portfolio_xlsx"),
        reverse("experiments:portfolio_csv"),
        reverse("measures:import_template"),
        reverse("mission:indicator_csv", kwargs={"code": "neet-andel-15-29"}),
        "/api/v1/observations.csv",
    ]
    urls += [
        reverse("experiments:pdf", args=[pk])
        for pk in Experiment.objects.values_list("pk", flat=True)
    ]
    assert Barrier.objects.exists()
    for url in urls:
        _open(url, client.get(url))


def _superuser():
    return User.objects.create_superuser("eksport@test.no", "riktig-hest-batteri-stift")


def test_report_xlsx_shows_shares_as_percent_the_time_in_norway_and_sized_columns(world, client_as):
    dialog = make_dialog(world)
    statements = list(dialog.statements.order_by("pk"))
    for number in range(12):
        participant = services.participant_create(dialog=dialog).participant
        for index, statement in enumerate(statements):
            value = 1 if (index + number) % 3 else -1
            if number < 6 and index < 3:
                value = 1
            services.vote_cast(participant=participant, statement_id=statement.pk, value=value)
    analysis = compute_analysis(dialog_id=dialog.pk, phase="")
    workbook = load_workbook(
        io.BytesIO(
            client_as("member").get(reverse("dialogs:report_xlsx", args=[dialog.slug])).content
        )
    )
    overview = {row[0].value: row[1] for row in workbook["Sammendrag"].iter_rows()}
    computed = overview["Analyse sist oppdatert"]
    assert isinstance(computed.value, datetime.datetime)
    local = timezone.localtime(analysis.computed_at).replace(tzinfo=None, microsecond=0)
    assert computed.value.replace(microsecond=0) == local
    assert computed.number_format == 'D.M.YYYY "kl." HH:MM'  # «15.1.2027 kl. 14:05»
    shares = [
        cell
        for name in ("Grupper", "Konsensus", "Sektorlinse")
        for row in workbook[name].iter_rows(min_row=2)
        for cell in row
        if cell.number_format == "0 %"
    ]
    assert shares, "no share written as a percentage"
    assert all(cell.value is None or 0 <= cell.value <= 1 for cell in shares)
    assert any(isinstance(cell.value, float) for cell in shares)
    for sheet in workbook:
        used = {cell.column_letter for row in sheet.iter_rows() for cell in row if cell.value}
        for letter in used:
            assert letter in sheet.column_dimensions, (sheet.title, letter)
            assert 8 <= sheet.column_dimensions[letter].width <= 80, (sheet.title, letter)


# --- personal data ---------------------------------------------------------------------------

PHONE_TEXT = "Ring meg på 912 34 567 hvis dere vil høre mer."
NAMED_TEXT = "Læreren min, Kari Nordmann på Byåsen, gir opp elevene."


def _held_and_rejected(world):
    """A publish-first dialog with one held statement (a phone number), one rejected after it
    had votes, and one published."""
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    author = services.participant_create(dialog=dialog).participant
    held = services.statement_submit(participant=author, text=PHONE_TEXT)
    rejected = services.statement_submit(participant=author, text=NAMED_TEXT)
    published = services.statement_submit(participant=author, text="Mer praksis i skolen.")
    assert held.state == StatementState.PENDING and published.state == StatementState.APPROVED
    voter = services.participant_create(dialog=dialog).participant
    for statement in (rejected, published):  # published first, so voted on before rejected
        services.vote_cast(participant=voter, statement_id=statement.pk, value=1)
    services.statement_moderate(
        statement=rejected, moderator=world.users["member"], approve=False, reason="Sjikane"
    )
    return dialog, held, rejected, published


def test_polis_export_holds_only_published_statements_and_their_votes(world, client_as):
    dialog, held, rejected, published = _held_and_rejected(world)
    response = client_as("member").get(reverse("dialogs:export", args=[dialog.slug]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {
        name.rsplit("/", 1)[-1]: archive.read(name).decode("utf-8") for name in archive.namelist()
    }
    everything = "".join(files.values())
    assert "912 34 567" not in everything and "Kari Nordmann" not in everything
    comments = list(csv.DictReader(io.StringIO(files["comments.csv"])))
    assert {row["comment-id"] for row in comments} >= {str(published.pk)}
    assert str(held.pk) not in {row["comment-id"] for row in comments}
    assert str(rejected.pk) not in {row["comment-id"] for row in comments}
    voted_on = {row["comment-id"] for row in csv.DictReader(io.StringIO(files["votes.csv"]))}
    assert voted_on == {str(published.pk)}
    header = next(csv.reader(io.StringIO(files["participants-votes.csv"])))
    assert str(held.pk) not in header and str(rejected.pk) not in header
    # What was exported can be imported again whole.
    polis.import_polis(files=files, organisation=world.organisation)


def test_rejecting_for_personal_data_always_deletes_the_text(world, client_as):
    dialog, _held, _rejected, published = _held_and_rejected(world)
    # A name and a place: nothing the screening can find, yet personal data.
    named = services.statement_submit(
        participant=services.participant_create(dialog=dialog).participant, text=NAMED_TEXT
    )
    assert not describe_personal_data(named.text)
    client = client_as("member")
    client.post(
        reverse("dialogs:moderate", args=[dialog.slug, named.pk]),
        {"decision": "reject_personal_data"},
    )
    named.refresh_from_db()
    assert named.state == StatementState.REJECTED
    assert "Kari Nordmann" not in named.text and not named.normalised_text
    assert named.rejection_reason == "Personopplysninger"
    # The service keeps the same promise, with or without a reason of the moderator's own.
    services.statement_moderate(
        statement=published,
        moderator=world.users["member"],
        approve=False,
        reason="Navn på en elev",
        personal_data=True,
    )
    published.refresh_from_db()
    assert "praksis" not in published.text and published.rejection_reason == "Navn på en elev"


def test_approving_a_flagged_statement_needs_a_confirmation_that_names_the_finding(
    world, client_as
):
    dialog, held, _rejected, _published = _held_and_rejected(world)
    client = client_as("member")
    queue = client.get(reverse("dialogs:moderation", args=[dialog.slug])).content.decode()
    form = queue[queue.index(f'id="utsagn-{held.pk}"') :]
    form = form[: form.index("</form>")]
    assert 'name="confirm"' in form and "telefonnummer" in form
    # One click on «Godkjenn» is not enough: nothing is published, and the message says why.
    url = reverse("dialogs:moderate", args=[dialog.slug, held.pk])
    response = client.post(url, {"decision": "approve"}, follow=True)
    held.refresh_from_db()
    assert held.state == StatementState.PENDING
    assert "telefonnummer" in response.content.decode()
    with pytest.raises(ServiceError, match="telefonnummer") as error:
        services.statement_moderate(statement=held, moderator=world.users["member"], approve=True)
    assert error.value.field == "confirm"
    held.refresh_from_db()
    assert held.state == StatementState.PENDING
    client.post(url, {"decision": "approve", "confirm": "on"})
    held.refresh_from_db()
    assert held.state == StatementState.APPROVED

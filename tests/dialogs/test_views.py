"""The pages: facilitator set-up, share page, participant flow without JavaScript, moderation,
results, the co-creation report and the Pol.is exchange."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fellesloft.dialogs import disclosure, polis, selectors, services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.models import (
    Analysis,
    Dialog,
    DialogKind,
    ModerationMode,
    Participant,
    Phase,
    Statement,
    StatementState,
    Vote,
)
from fellesloft.organisations.models import Sector
from tests.dialogs.helpers import SEEDS, dialog_form_data, make_dialog

pytestmark = pytest.mark.django_db

POLIS_DIR = Path("/work/shared/data/polis-opendata")
if not POLIS_DIR.exists():
    POLIS_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis-opendata"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_facilitator_creates_dialog_and_uploads_seed_csv(world, client_as):
    client = client_as("member")
    response = client.post(
        reverse("dialogs:create"),
        {
            "title": "Fremtidens fritid",
            "question": "Hva ville fått deg til å bruke fritidsklubben?",
            "kind": "dialog",
            "audience": "youth",
            "organisation": world.organisation.pk,
            "statement_max_length": 140,
            "moderation_mode": "before",
            "participants_may_add": "on",
            "ask_sector": "on",
            "ask_age_band": "on",
            "retention_days": 30,
        },
    )
    dialog = Dialog.objects.get(title="Fremtidens fritid")
    assert response.status_code == 302 and response["Location"].endswith("/startutsagn/")
    assert dialog.created_by == world.users["member"]
    upload = SimpleUploadedFile("utsagn.csv", "utsagn\nLengre åpningstider\nGratis mat\n".encode())
    response = client.post(reverse("dialogs:seeds", args=[dialog.slug]), {"csv_file": upload})
    assert response.status_code == 302
    assert list(dialog.statements.values_list("text", flat=True)) == [
        "Lengre åpningstider",
        "Gratis mat",
    ]


def test_facilitator_links_the_dialog_to_experiments(world, client_as):
    from tests.experiments.factories import experiment

    linked = experiment(world, title="Fraværsteam i Vg1")
    dialog = make_dialog(world)
    client = client_as("member")
    form = client.get(reverse("dialogs:edit", args=[dialog.slug])).content.decode()
    assert "Fraværsteam i Vg1" in form
    data = dialog_form_data(dialog, world, experiments=[linked.pk])
    response = client.post(reverse("dialogs:edit", args=[dialog.slug]), data)
    assert response.status_code == 302
    assert list(dialog.experiments.all()) == [linked]
    detail = client.get(reverse("dialogs:detail", args=[dialog.slug])).content.decode()
    assert reverse("experiments:detail", args=[linked.pk]) in detail
    report = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    assert "Fraværsteam i Vg1" in report


def test_malformed_csv_shows_a_norwegian_error_and_stores_nothing(world, client_as):
    dialog = make_dialog(world, seeds=[])
    client = client_as("member")
    upload = SimpleUploadedFile("utsagn.csv", b"utsagn,x\nBra,1\n,2\n")
    response = client.post(reverse("dialogs:seeds", args=[dialog.slug]), {"csv_file": upload})
    assert response.status_code == 200
    assert "Rad 3 i CSV-filen mangler utsagnet" in response.content.decode()
    assert not dialog.statements.exists()


def test_other_organisation_cannot_manage(world, client_as):
    dialog = make_dialog(world)
    client = client_as("other_coordinator")
    assert client.get(reverse("dialogs:edit", args=[dialog.slug])).status_code == 403


def test_share_page_has_link_and_qr_code_from_our_server(world, client_as):
    dialog = make_dialog(world)
    client = client_as("member")
    page = client.get(reverse("dialogs:share", args=[dialog.slug])).content.decode()
    link = "http://127.0.0.1:8000" + reverse("dialogs:participate", args=[dialog.slug])
    assert link in page
    assert reverse("dialogs:qr", args=[dialog.slug]) in page
    response = client.get(reverse("dialogs:qr", args=[dialog.slug]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert link.encode() in response.content  # in its <title>


def test_the_link_shows_the_first_statement_and_one_tap_answers_it_without_javascript(
    world, client
):
    dialog = make_dialog(world)
    url = reverse("dialogs:participate", args=[dialog.slug])
    intro = client.get(url).content.decode()  # the link itself
    assert "anonym" in intro
    statement = next(s for s in dialog.statements.all() if s.text in intro)
    assert 'data-color="success"' in intro and 'data-color="danger"' in intro  # not text alone
    assert "Hovedmeny" not in intro  # no staff navigation for participants
    # One tap: the first vote, and the newcomer is a participant.
    response = client.post(url, {"statement": statement.pk, "vote": "agree"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogs:vote", args=[dialog.slug])
    cookie = response.cookies[f"fl_deltaker_{dialog.pk}"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    vote = Vote.objects.get()
    assert vote.statement == statement and vote.value == 1
    page = client.get(response["Location"]).content.decode()
    assert f"1 av {len(SEEDS)}" in page
    assert "Enig" in page and "Uenig" in page and "Vet ikke" in page and "Hopp over" in page
    assert statement.text not in page  # the next one


def test_a_refused_first_answer_leaves_no_participant(world, client):
    dialog = make_dialog(world)
    url = reverse("dialogs:participate", args=[dialog.slug])
    response = client.post(url, {"statement": 999999, "vote": "agree"})
    assert response.status_code == 200
    assert not Participant.objects.exists() and not Vote.objects.exists()
    assert f"fl_deltaker_{dialog.pk}" not in response.cookies
    response = client.post(url, {"statement": dialog.statements.first().pk, "vote": "kanskje"})
    assert "Velg Enig, Uenig, Vet ikke eller Hopp over." in response.content.decode()
    assert not Participant.objects.exists()


def test_without_statements_start_joins_and_the_questions_are_open(world, client):
    dialog = make_dialog(world, seeds=())
    url = reverse("dialogs:participate", args=[dialog.slug])
    page = client.get(url).content.decode()
    assert "Start" in page and '<details class="participant-describe" open>' in page
    response = client.post(url, {})
    assert response.status_code == 302
    assert Participant.objects.count() == 1


def test_the_optional_questions_come_after_the_first_answers(world, client):
    dialog = make_dialog(world, seeds=["Utsagn en", "Utsagn to", "Utsagn tre", "Utsagn fire"])
    url = reverse("dialogs:participate", args=[dialog.slug])
    vote_url = reverse("dialogs:vote", args=[dialog.slug])
    statements = list(dialog.statements.order_by("pk"))
    client.post(url, {"statement": statements[0].pk, "vote": "agree"})
    page = client.get(vote_url).content.decode()
    assert 'id="om-deg"' in page and 'data-after="3" hidden' in page  # not yet
    for statement in statements[1:3]:
        client.post(vote_url, {"statement": statement.pk, "vote": "pass"})
    page = client.get(vote_url).content.decode()
    assert 'data-after="3">' in page  # shown now
    response = client.post(
        reverse("dialogs:describe", args=[dialog.slug]), {"sector": "ungdom", "age_band": "16-19"}
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.sector.slug, participant.age_band) == ("ungdom", "16-19")
    assert 'id="om-deg"' not in client.get(vote_url).content.decode()  # asked once
    response = client.post(reverse("dialogs:describe", args=[dialog.slug]), {"age_band": "99"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.age_band == "16-19"  # a bad answer changes nothing


def test_self_description_from_the_intro_form(world, client):
    dialog = make_dialog(world)
    client.post(
        reverse("dialogs:participate", args=[dialog.slug]),
        {"sector": "ungdom", "age_band": "13-15"},
    )
    participant = Participant.objects.get()
    assert participant.sector == Sector.objects.get(slug="ungdom")
    assert participant.age_band == "13-15"


def test_participant_writes_own_statement_held_for_moderation(world, client):
    dialog = make_dialog(world, moderation_mode=ModerationMode.BEFORE)
    client.post(reverse("dialogs:participate", args=[dialog.slug]), {})
    response = client.post(
        reverse("dialogs:write", args=[dialog.slug]),
        {"text": "Flere lærlingplasser i kommunen"},
        follow=True,
    )
    assert "moderator" in response.content.decode()
    statement = Statement.objects.get(is_seed=False)
    assert statement.state == StatementState.PENDING
    too_long = client.post(reverse("dialogs:write", args=[dialog.slug]), {"text": "x" * 141})
    assert too_long.status_code == 200
    assert "141 tegn" in too_long.content.decode() or "141" in too_long.content.decode()


def test_moderation_queue_approve_and_reject(world, client_as):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    held = services.statement_submit(participant=participant, text="Send meg epost: a@b.no")
    fine = services.statement_submit(participant=participant, text="Mer praksis og mindre teori")
    client = client_as("member")
    page = client.get(reverse("dialogs:moderation", args=[dialog.slug])).content.decode()
    assert "e-postadresse" in page  # the reason is shown to the moderator
    client.post(reverse("dialogs:moderate", args=[dialog.slug, fine.pk]), {"decision": "approve"})
    client.post(
        reverse("dialogs:moderate", args=[dialog.slug, held.pk]),
        {"decision": "reject", "reason": "Personopplysninger"},
    )
    fine.refresh_from_db()
    held.refresh_from_db()
    assert fine.state == StatementState.APPROVED
    assert held.state == StatementState.REJECTED and "a@b.no" not in held.text
    all_queue = client.get(reverse("dialogs:moderation_all"))
    assert all_queue.status_code == 200


def test_one_click_moderation_keeps_the_queue_in_place_and_logs_who_did_what(world, client_as):
    dialog = make_dialog(world, moderation_mode=ModerationMode.BEFORE)
    participant = services.participant_create(dialog=dialog).participant
    first, second, third = (
        services.statement_submit(participant=participant, text=text)
        for text in ("Flere lærlingplasser", "Gratis busskort for unge", "Åpen skolekantine")
    )
    client = client_as("member")
    queue = reverse("dialogs:moderation", args=[dialog.slug])
    page = client.get(queue).content.decode()
    assert 'name="action" value="approve"' in page
    assert 'value="reject:off_topic"' in page and "Det handlet ikke om spørsmålet" in page
    # One click approves; the queue comes back at the statement after it.
    response = client.post(
        reverse("dialogs:moderate", args=[dialog.slug, first.pk]),
        {"action": "approve", "side": "1", "etter": str(second.pk)},
    )
    assert response["Location"] == f"{queue}#utsagn-{second.pk}-kort"
    # One click rejects with the reason the participant will read; no note needed.
    client.post(
        reverse("dialogs:moderate", args=[dialog.slug, second.pk]),
        {"action": "reject:off_topic", "side": "2"},
    )
    second.refresh_from_db()
    assert second.state == StatementState.REJECTED
    assert second.rejection_category == "off_topic"
    # An unknown action is refused and changes nothing.
    client.post(reverse("dialogs:moderate", args=[dialog.slug, third.pk]), {"action": "slett"})
    third.refresh_from_db()
    assert third.state == StatementState.PENDING

    page = client.get(queue).content.decode()
    assert "Behandlet nylig" in page and world.users["member"].full_name in page
    log = client.get(reverse("dialogs:moderation_log", args=[dialog.slug]))
    assert log["Content-Type"].startswith("text/csv")
    rows = [line.split(";") for line in log.content.decode().strip().splitlines()]
    assert rows[0][:4] == ["utsagn nr.", "utsagn", "kilde", "avgjørelse"]
    assert [row[0] for row in rows[1:]] == [str(second.pk), str(first.pk)]  # newest first
    assert rows[1][2:5] == ["deltaker", "avvist", "Det handlet ikke om spørsmålet"]
    assert rows[2][3] == "godkjent" and rows[2][6] == str(world.users["member"])


def test_near_duplicates_are_rejected_in_one_action(world, client_as):
    dialog = make_dialog(
        world, moderation_mode=ModerationMode.BEFORE, seeds=["Mer praksis i skolen"]
    )
    participant = services.participant_create(dialog=dialog).participant
    copy = services.statement_submit(participant=participant, text="Mer praksis i skolen!")
    other = services.statement_submit(participant=participant, text="Gratis busskort for unge")
    assert copy.duplicate_of is not None and other.duplicate_of is None
    client = client_as("member")
    page = client.get(reverse("dialogs:moderation", args=[dialog.slug])).content.decode()
    assert "Avvis alle nesten like som duplikater" in page
    response = client.post(reverse("dialogs:moderate_duplicates", args=[dialog.slug]), follow=True)
    assert "1 nesten likt utsagn er avvist som duplikat." in response.content.decode()
    copy.refresh_from_db()
    other.refresh_from_db()
    assert (copy.state, copy.rejection_category) == (StatementState.REJECTED, "duplicate")
    assert other.state == StatementState.PENDING


def test_publish_first_statement_is_live_and_in_the_review_queue(world, client_as):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    participant = services.participant_create(dialog=dialog).participant
    live = services.statement_submit(participant=participant, text="Mer praksis og mindre teori")
    client = client_as("member")
    page = client.get(reverse("dialogs:moderation", args=[dialog.slug])).content.decode()
    assert "Mer praksis og mindre teori" in page
    assert "Publisert – ikke gjennomgått" in page
    client.post(
        reverse("dialogs:moderate", args=[dialog.slug, live.pk]),
        {"decision": "reject", "reason": "Utenfor tema"},
    )
    live.refresh_from_db()
    assert live.state == StatementState.REJECTED
    page = client.get(reverse("dialogs:moderation", args=[dialog.slug])).content.decode()
    assert f'id="utsagn-{live.pk}-kort"' not in page  # out of the queue (in «behandlet nylig»)


def test_results_page_reads_the_snapshot_with_a_fixed_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    dialog = make_dialog(world, results_public=True)
    sector = Sector.objects.get(slug="ungdom")
    for camp in range(2):
        for _ in range(6):
            participant = services.participant_create(dialog=dialog, sector=sector).participant
            for index, statement in enumerate(dialog.statements.order_by("pk")):
                value = 1 if index % 2 == camp else -1
                services.vote_cast(participant=participant, statement_id=statement.pk, value=value)
    compute_analysis(dialog_id=dialog.pk, phase="")
    client = client_as("anonymous")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("dialogs:results", args=[dialog.slug]))
    page = response.content.decode()
    assert "Sist oppdatert" in page
    assert "Gruppe A" in page and "Gruppe B" in page
    assert "Sektorlinsen" in page
    assert 'id="dialog-chart-data"' in page
    # The opinion map is drawn on the server (no JavaScript): one marker per participant.
    svg = page[page.index('<svg class="opinion-map"') : page.index("</svg>")]
    assert len(re.findall(r"M-?[\d.]+ -?[\d.]+", svg)) == 12
    assert 'aria-hidden="true"' in svg  # the group table is the text alternative
    # The map's table says what sets each group apart, not coordinates.
    assert "Hva skiller gruppen ut" in page and "Plassering i kartet" not in page
    # The seed statements are marked apart from the participants' own.
    assert "(startutsagn)" in page


def test_the_results_and_the_report_mark_seed_statements_apart(world, client_as):
    dialog = make_dialog(world, results_public=True, seeds=["Mer praksis i skolen"])
    author = services.participant_create(dialog=dialog).participant
    own = services.statement_submit(participant=author, text="Gratis busskort for unge")
    services.statement_moderate(statement=own, moderator=world.users["member"], approve=True)
    results = disclosure.dialog_results(dialog=dialog)
    texts = disclosure._texts(dialog)
    assert texts.seeds == {dialog.statements.get(is_seed=True).pk}
    assert results  # no analysis yet: nothing to mark, and nothing breaks
    report = client_as("member").get(reverse("dialogs:report", args=[dialog.slug]))
    rows = report.content.decode().split("report-statements")[1]
    assert 'Mer praksis i skolen <span class="statement-source">(startutsagn)</span>' in rows
    assert "Gratis busskort for unge</td>" in rows


def test_report_as_page_pdf_and_xlsx(world, client_as):
    dialog = make_dialog(world)
    participants = [services.participant_create(dialog=dialog).participant for _ in range(3)]
    for participant in participants:
        services.vote_cast(
            participant=participant, statement_id=dialog.statements.first().pk, value=1
        )
    compute_analysis(dialog_id=dialog.pk, phase="")
    client = client_as("member")
    page = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    assert "Samskapingsrapport" in page and SEEDS[0] in page
    pdf = client.get(reverse("dialogs:report_pdf", args=[dialog.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("dialogs:report_xlsx", args=[dialog.slug]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert {"Sammendrag", "Utsagn", "Grupper", "Konsensus", "Splittende", "Sektorlinse"} <= set(
        workbook.sheetnames
    )
    rows = list(workbook["Utsagn"].iter_rows(values_only=True))
    assert rows[1][2] == SEEDS[0] and rows[1][3] == 3


def test_report_shows_who_took_part_with_small_groups_suppressed(world, client_as):
    dialog = make_dialog(world)
    for sector, age_band, count in (
        ("ungdom", "16-19", 6),
        ("nav", "20-24", 5),
        ("helse", "30+", 1),
    ):
        for _ in range(count):
            services.participant_create(dialog=dialog, sector=sector, age_band=age_band)
    client = client_as("member")
    page = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    table = page[page.index("Hvem har svart") :]
    assert re.search(r"Ungdom</th><td>6</td>", table)
    # One health worker is hidden, and so is NAV: 12 − 6 − 5 would give them away.
    assert re.search(r"Andre roller eller ikke oppgitt</th><td>6</td>", table)
    assert "NAV</th>" not in table and "Helse" not in table
    # The age bands: 16–19 and 20–24 of the 11 young ones; the one of 30 or more is not counted.
    assert re.search(r"16–19</th>\s*<td>6</td>\s*<td>55\u00a0%", table)
    assert re.search(r"30 eller eldre</th>\s*<td>færre enn 5</td>", table)
    xlsx = client.get(reverse("dialogs:report_xlsx", args=[dialog.slug]))
    overview = dict(
        load_workbook(io.BytesIO(xlsx.content))["Sammendrag"].iter_rows(values_only=True)
    )
    assert overview["Rolle eller sektor: Ungdom"] == 6
    assert overview["Rolle eller sektor: Andre roller eller ikke oppgitt"] == 6
    assert not any("NAV" in str(key) or "Helse" in str(key) for key in overview)


def test_future_workshop_results_per_phase_and_report_chain(world, client_as):
    dialog = make_dialog(
        world,
        kind=DialogKind.FUTURE_WORKSHOP,
        seeds=["Skolen er for teoretisk"],
        moderation_mode=ModerationMode.AFTER,
        critique_prompt="Hva er galt i dag?",
    )
    critique = dialog.statements.get()
    services.dialog_phase_set(dialog=dialog, phase=Phase.FANTASY)
    dialog.refresh_from_db()
    participant = services.participant_create(dialog=dialog).participant
    fantasy = services.statement_submit(
        participant=participant, text="Læring ute i arbeidslivet", builds_on_id=critique.pk
    )
    services.dialog_phase_set(dialog=dialog, phase=Phase.REALISATION)
    dialog.refresh_from_db()
    services.statement_submit(
        participant=participant, text="Avtale med fem bedrifter i høst", builds_on_id=fantasy.pk
    )
    client = client_as("member")
    results = client.get(reverse("dialogs:results", args=[dialog.slug])).content.decode()
    for label in ("Kritikkfase", "Fantasifase", "Virkeliggjøringsfase"):
        assert label in results
    report = client.get(reverse("dialogs:report", args=[dialog.slug])).content.decode()
    assert "Fra kritikk til fantasi til virkeliggjøring" in report
    assert "Avtale med fem bedrifter i høst" in report
    # The facilitator types in the fantasies from the workshop wall, answering the critique.
    response = client.post(
        reverse("dialogs:seeds", args=[dialog.slug]),
        {
            "phase": "fantasy",
            "texts": "Bedrifter som tar imot hele klasser",
            "builds_on": critique.pk,
        },
    )
    assert response.status_code == 302
    assert Statement.objects.get(text="Bedrifter som tar imot hele klasser").builds_on == critique
    wrong = client.post(
        reverse("dialogs:seeds", args=[dialog.slug]),
        {"phase": "realisation", "texts": "Hopper over en fase", "builds_on": critique.pk},
    )
    assert "fasen før" in wrong.content.decode()
    assert not Statement.objects.filter(text="Hopper over en fase").exists()


def test_profile_section_lists_the_municipality_dialogs(world, client):
    dialog = make_dialog(world)
    page = client.get(
        reverse("organisations:municipality_detail", args=[world.municipality.number])
    ).content.decode()
    assert dialog.title in page


def _polis_files(name: str) -> dict[str, str]:
    return polis.files_from_folder(POLIS_DIR / name)


def test_polis_round_trip_import_export_analysis(world):
    """A shared conversation: import → export → import again gives the same votes on the
    published statements and the same opinion groups; rejected statements stay behind."""
    original = polis.import_polis(
        files=_polis_files("london.youth.policing"), organisation=world.organisation
    )
    assert not original.is_open()
    assert original.statements.count() == 39
    # Moderated in Pol.is already: nothing of it lands in the review queue.
    assert not selectors.moderation_queue(dialogs=Dialog.objects.filter(pk=original.pk)).exists()
    first = compute_analysis(dialog_id=original.pk, phase="")
    exported = polis.export_polis(dialog=original)
    assert set(exported) == {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"}
    again = polis.import_polis(files=exported, organisation=world.organisation)
    second = compute_analysis(dialog_id=again.pk, phase="")

    def matrix(dialog):
        participants = {
            p: i
            for i, p in enumerate(
                Vote.objects.filter(dialog=dialog, statement__state=StatementState.APPROVED)
                .order_by("participant_id")
                .values_list("participant_id", flat=True)
                .distinct()
            )
        }
        published = dialog.statements.filter(state=StatementState.APPROVED).order_by("pk")
        statements = {s: i for i, s in enumerate(published.values_list("pk", flat=True))}
        return sorted(
            (participants[p], statements[s], v)
            for p, s, v in Vote.objects.filter(dialog=dialog, statement__in=published).values_list(
                "participant_id", "statement_id", "value"
            )
        )

    rejected = [s.text for s in original.statements.filter(state=StatementState.REJECTED)]
    assert rejected
    assert not any(text in exported["comments.csv"] for text in rejected)
    assert not again.statements.exclude(state=StatementState.APPROVED).exists()
    assert again.statements.count() == original.statements.count() - len(rejected)
    assert matrix(original) == matrix(again)
    assert sorted(g["size"] for g in first.summary["groups"]) == sorted(
        g["size"] for g in second.summary["groups"]
    )


def test_polis_export_and_import_views(world, client_as):
    original = polis.import_polis(
        files=_polis_files("london.youth.policing"), organisation=world.organisation
    )
    client = client_as("member")
    response = client.get(reverse("dialogs:export", args=[original.slug]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {Path(name).name for name in archive.namelist()} >= {"comments.csv", "votes.csv"}
    upload = SimpleUploadedFile("samtale.zip", response.content, content_type="application/zip")
    response = client.post(
        reverse("dialogs:import"), {"archive": upload, "organisation": world.organisation.pk}
    )
    assert response.status_code == 302
    assert Dialog.objects.count() == 2
    bad = client.post(
        reverse("dialogs:import"),
        {
            "archive": SimpleUploadedFile("x.zip", b"not a zip"),
            "organisation": world.organisation.pk,
        },
    )
    assert "ZIP" in bad.content.decode()
    assert Dialog.objects.count() == 2


def test_polis_import_with_unknown_comment_lands_nothing(world):
    files = _polis_files("london.youth.policing")
    files["votes.csv"] += "1658934589213,x,9999,1,1\n"
    with pytest.raises(Exception, match="9999"):
        polis.import_polis(files=files, organisation=world.organisation)
    assert not Dialog.objects.exists()
    assert not Analysis.objects.exists()


def test_the_moderation_policy_is_shown_before_a_participant_writes(world, client):
    dialog = make_dialog(world)
    client.post(reverse("dialogs:participate", args=[dialog.slug]), {})
    page = client.get(reverse("dialogs:write", args=[dialog.slug])).content.decode()
    assert "Dette publiserer vi ikke" in page and "kan såre eller krenke andre" in page
    services.dialog_update(dialog=dialog, moderation_policy="Vi fjerner reklame og banning.")
    page = client.get(reverse("dialogs:write", args=[dialog.slug])).content.decode()
    assert "Vi fjerner reklame og banning." in page


def test_the_forms_choose_a_persons_only_organisation_for_them(world, client_as):
    client = client_as("member")  # a member of one organisation
    selected = f'<option value="{world.organisation.pk}" selected>'
    for url in (reverse("dialogs:create"), reverse("dialogs:import")):
        assert selected in client.get(url).content.decode(), url


def test_a_short_code_leads_to_the_dialog_and_the_share_page_offers_it(world, client_as):
    dialog = make_dialog(world)
    assert len(dialog.short_code) == 6
    assert set(dialog.short_code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    visitor = client_as("anonymous")
    start = reverse("dialogs:participate", args=[dialog.slug])
    typed = f" {dialog.short_code[:3].lower()}-{dialog.short_code[3:]} "  # as people type it
    response = visitor.get(reverse("dialogs:by_code_form"), {"kode": typed})
    assert response["Location"] == start
    response = visitor.get(reverse("dialogs:by_code", args=[dialog.short_code]))
    assert response["Location"] == start
    wrong = visitor.get(reverse("dialogs:by_code_form"), {"kode": "XXXXXX"}, follow=True)
    assert "Fant ingen dialog med den koden." in wrong.content.decode()
    assert 'name="kode"' in visitor.get(reverse("dialogs:list")).content.decode()

    share = client_as("member").get(reverse("dialogs:share", args=[dialog.slug])).content.decode()
    assert dialog.short_code in share and f"/dialoger/k/{dialog.short_code}/" in share
    assert 'data-copy="' in share and "Kopier lenken" in share
    assert '<div class="no-print">' in share  # the poster prints without the page's menus


def _two_camps(dialog, per_camp: int = 6) -> list:
    statements = list(dialog.statements.order_by("pk"))
    for camp in range(2):
        for _ in range(per_camp):
            participant = services.participant_create(dialog=dialog).participant
            for index, statement in enumerate(statements):
                value = 1 if index % 2 == camp else -1
                services.vote_cast(participant=participant, statement_id=statement.pk, value=value)
    return statements


def test_a_participant_sees_which_group_they_are_in_on_the_results(world, client):
    dialog = make_dialog(world, results_public=True)
    statements = _two_camps(dialog)
    url = reverse("dialogs:participate", args=[dialog.slug])
    client.post(url, {"statement": statements[0].pk, "vote": "agree"})  # this device joins
    me = Participant.objects.order_by("-pk").first()
    for index, statement in enumerate(statements[1:], start=1):
        value = 1 if index % 2 == 0 else -1  # as the first camp
        services.vote_cast(participant=me, statement_id=statement.pk, value=value)
    analysis = compute_analysis(dialog_id=dialog.pk, phase="")
    page = client.get(reverse("dialogs:results", args=[dialog.slug])).content.decode()
    place = selectors.own_places(participant=me)[""]
    x, y, group, votes = analysis.positions[Analysis.position_key(me.pk)]
    assert (place.group, place.x, place.y, place.votes) == (group, x, y, votes)
    assert votes == len(statements)
    label = next(
        group["label"]
        for group in disclosure.dialog_results(dialog=dialog)[0].groups
        if group["id"] == place.group
    )
    assert f"Du er i gruppe {label}:" in page
    # On the map a ring and its label in words; in the map's table a row with the group; the
    # group's heading is marked – and no coordinates anywhere in words.
    assert page.count('class="you-are-here-marker"') == 1
    assert page.count('<tr class="you-are-here-row"><th scope="row">Du er her</th>') == 1
    assert f'<td colspan="2">Du er i gruppe {label}</td>' in page
    assert page.count("Du er her") == 4  # the map, its legend, the table row, the heading
    # Somebody else – another device – is told nothing about anybody's group or place.
    other = type(client)().get(reverse("dialogs:results", args=[dialog.slug])).content.decode()
    assert "Du er i gruppe" not in other and "Du er her" not in other


def test_a_participant_not_on_the_map_is_told_why(world, client):
    dialog = make_dialog(world, results_public=True)
    # More than the 15 the engine tops its clustered participants up to with the most active.
    statements = _two_camps(dialog, per_camp=8)
    url = reverse("dialogs:participate", args=[dialog.slug])
    client.post(url, {"statement": statements[0].pk, "vote": "agree"})  # one vote only
    me = Participant.objects.order_by("-pk").first()
    results = reverse("dialogs:results", args=[dialog.slug])
    # The map was made before this participant voted.
    compute_analysis(dialog_id=dialog.pk, phase="")
    Analysis.objects.update(positions={})
    assert "det ble laget før du stemte" in client.get(results).content.decode()
    # Made since: one vote of the seven it takes (fewer statements: all of them).
    compute_analysis(dialog_id=dialog.pk, phase="")
    assert selectors.own_places(participant=me)[""].group is None
    page = client.get(results).content.decode()
    needed = min(7, len(statements))
    assert (
        f"der står de som har tatt stilling til minst {needed} utsagn, og du har tatt stilling"
        " til 1." in page
    )
    assert "you-are-here-marker" not in page and "Du er her" not in page


def test_reading_ones_place_does_not_load_the_analysis(world, django_assert_num_queries):
    """One query for every phase, the participant's entry picked out in the database."""
    dialog = make_dialog(world, kind=DialogKind.FUTURE_WORKSHOP)
    _two_camps(dialog)
    compute_analysis(dialog_id=dialog.pk, phase=dialog.current_phase)
    me = Participant.objects.order_by("-pk").first()
    with django_assert_num_queries(1) as queries:
        places = selectors.own_places(participant=me)
    sql = queries.captured_queries[0]["sql"]
    assert '"positions"' in sql and '"engine_state"' not in sql and '"summary"' not in sql
    assert places[dialog.current_phase].group is not None

"""The rules of dialogs: seeds, participants, votes, screening, moderation, privacy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs import participation, selectors, services
from fellesloft.dialogs.models import (
    Dialog,
    DialogKind,
    ModerationMode,
    Participant,
    Phase,
    Statement,
    StatementState,
    Vote,
    VoteEvent,
    VoteValue,
)
from fellesloft.organisations.models import Sector
from tests.dialogs.helpers import SEEDS, make_dialog

pytestmark = pytest.mark.django_db


def test_create_dialog_with_typed_seeds(world):
    dialog = make_dialog(world)
    assert dialog.slug == "hva-skal-til-for-at-unge-fullforer-skolen"
    assert list(dialog.statements.values_list("text", flat=True)) == SEEDS
    assert set(dialog.statements.values_list("state", flat=True)) == {StatementState.APPROVED}


def test_statement_length_limit_must_be_between_20_and_500(world):
    with pytest.raises(Exception, match="500"):
        make_dialog(world, statement_max_length=501)


def test_future_workshop_starts_in_critique_and_moves_on(world):
    dialog = make_dialog(world, kind=DialogKind.FUTURE_WORKSHOP, seeds=[])
    assert dialog.current_phase == Phase.CRITIQUE
    services.dialog_phase_set(dialog=dialog, phase=Phase.FANTASY)
    dialog.refresh_from_db()
    assert dialog.current_phase == Phase.FANTASY
    plain = make_dialog(world, title="Vanlig", seeds=[])
    with pytest.raises(ServiceError):
        services.dialog_phase_set(dialog=plain, phase=Phase.FANTASY)


def test_seed_csv_with_header_and_semicolons():
    data = "utsagn;kommentar\nMer tid med læreren;x\n«Færre skjemaer», takk;y\n".encode()
    assert services.parse_seed_csv(data) == ["Mer tid med læreren", "«Færre skjemaer», takk"]


def test_seed_csv_without_header_uses_first_column():
    assert services.parse_seed_csv(b"En ting\nEn annen ting\n") == ["En ting", "En annen ting"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "tom"),
        ("æøå".encode("latin-1"), "UTF-8"),
        (b"utsagn,kommentar\nEn ting,x\n,y\n", "Rad 3"),
        (b"\x00\x01\x02", "CSV"),
    ],
)
def test_malformed_seed_csv_names_the_problem(data, message):
    with pytest.raises(ServiceError, match=message):
        services.parse_seed_csv(data)


def test_seed_with_too_long_line_stores_nothing(world):
    dialog = make_dialog(world, seeds=[])
    with pytest.raises(ServiceError, match="Linje 2"):
        services.seed_statements_add(dialog=dialog, texts=["Kort", "x" * 141])
    assert not dialog.statements.exists()


def test_seed_with_personal_data_is_refused(world):
    dialog = make_dialog(world, seeds=[])
    with pytest.raises(ServiceError, match="personopplysninger"):
        services.seed_statements_add(dialog=dialog, texts=["Ring meg på 912 34 567"])


def test_duplicate_seeds_are_stored_once(world):
    dialog = make_dialog(world, seeds=["Mer tid, takk!", "mer  tid takk"])
    assert dialog.statements.count() == 1


def test_participant_token_is_stored_only_as_hash(world):
    dialog = make_dialog(world)
    created = services.participant_create(dialog=dialog, sector="ungdom", age_band="16-19")
    participant = Participant.objects.get(pk=created.participant.pk)
    assert created.token not in (participant.token_hash or "")
    assert participant.token_hash == participation.hash_token(created.token)
    assert participant.sector.slug == "ungdom" and participant.age_band == "16-19"
    assert services.participant_for_token(dialog=dialog, token=created.token) == participant
    assert services.participant_for_token(dialog=dialog, token="forfalsket") is None


def test_self_description_is_checked(world):
    dialog = make_dialog(world)
    with pytest.raises(ServiceError, match="sektor"):
        services.participant_create(dialog=dialog, sector="ukjent")
    with pytest.raises(ServiceError, match="alder"):
        services.participant_create(dialog=dialog, age_band="12")


def test_dialog_that_does_not_ask_keeps_no_self_description(world):
    dialog = make_dialog(world, ask_sector=False, ask_age_band=False)
    created = services.participant_create(dialog=dialog, sector="nav", age_band="30+")
    assert created.participant.sector is None and created.participant.age_band == ""


def test_logged_in_staff_take_part_as_themselves(world):
    dialog = make_dialog(world)
    user = world.users["member"]
    first = services.participant_create(dialog=dialog, user=user)
    again = services.participant_create(dialog=dialog, user=user)
    assert first.participant.pk == again.participant.pk
    assert Participant.objects.filter(dialog=dialog, user=user).count() == 1


def test_repeated_vote_updates_and_is_idempotent(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    statement = dialog.statements.first()
    assert services.vote_cast(participant=participant, statement_id=statement.pk, value=1)
    assert not services.vote_cast(participant=participant, statement_id=statement.pk, value=1)
    assert services.vote_cast(participant=participant, statement_id=statement.pk, value=-1)
    assert list(Vote.objects.filter(participant=participant).values_list("value", flat=True)) == [
        -1
    ]
    assert list(
        VoteEvent.objects.filter(participant=participant)
        .order_by("pk")
        .values_list("value", flat=True)
    ) == [1, -1]


def test_vote_on_closed_dialog_or_unknown_statement_is_refused(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    other = make_dialog(world, title="En annen dialog", seeds=["Noe helt annet her"])
    with pytest.raises(ServiceError) as error:
        services.vote_cast(
            participant=participant, statement_id=other.statements.first().pk, value=1
        )
    assert error.value.code == "unknown_statement"
    with pytest.raises(ServiceError):
        services.vote_cast(participant=participant, statement_id="abc", value=1)
    services.dialog_close(dialog=dialog, now=timezone.now() - timedelta(seconds=1))
    participant.dialog.refresh_from_db()
    with pytest.raises(ServiceError) as error:
        services.vote_cast(
            participant=participant, statement_id=dialog.statements.first().pk, value=1
        )
    assert error.value.code == "dialog_closed"
    assert not Vote.objects.exists()


def test_dialog_not_yet_open_refuses_participants(world):
    dialog = make_dialog(world, opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ServiceError):
        services.participant_create(dialog=dialog)


@pytest.mark.parametrize(
    "text, found",
    [
        ("Ring meg på 912 34 567 så prater vi", "telefonnummer"),
        # Wrong check digits, but eleven digits and named: held all the same.
        ("Mitt fødselsnummer er 010190 12345 ikke sant", "tall med 11 sifre"),
        ("Send e-post til ola.nordmann@example.no", "e-postadresse"),
        ("Nummeret 13097248022 er mitt", "fødselsnummer"),
        ("D-nummer 530972 48030 også", "omtale av fødselsnummer"),
    ],
)
def test_statements_with_personal_data_are_held_even_in_publish_first_mode(world, text, found):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER, statement_max_length=200)
    participant = services.participant_create(dialog=dialog).participant
    statement = services.statement_submit(participant=participant, text=text)
    if found:
        assert statement.state == StatementState.PENDING
        assert found in statement.hold_reason
    else:
        assert statement.state == StatementState.APPROVED


def test_valid_d_number_is_held(world):
    from stdnum.no import fodselsnummer

    # Build a valid D-number: day + 40, with both check digits computed.
    base = "410190" + "123"
    k1 = fodselsnummer.calc_check_digit1(base)
    k2 = fodselsnummer.calc_check_digit2(base + k1)
    number = base + k1 + k2
    assert fodselsnummer.is_valid(number)
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    participant = services.participant_create(dialog=dialog).participant
    statement = services.statement_submit(
        participant=participant, text=f"Her er {number[:6]} {number[6:]}"
    )
    assert statement.state == StatementState.PENDING
    assert "fødselsnummer" in statement.hold_reason


def test_near_duplicate_is_flagged(world):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    participant = services.participant_create(dialog=dialog).participant
    statement = services.statement_submit(
        participant=participant, text="unge trenger ÉN fast voksen å forholde seg til!!"
    )
    assert statement.state == StatementState.PENDING
    assert statement.duplicate_of == dialog.statements.get(text=SEEDS[0])
    assert "Nesten likt" in statement.hold_reason


def test_empty_and_too_long_statements_are_refused(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    with pytest.raises(ServiceError, match="Skriv"):
        services.statement_submit(participant=participant, text="   ")
    with pytest.raises(ServiceError, match="141 tegn"):
        services.statement_submit(participant=participant, text="x" * 141)
    assert dialog.statements.filter(is_seed=False).count() == 0


def test_publish_before_moderation_and_reject_with_reason(world):
    dialog = make_dialog(world, moderation_mode=ModerationMode.BEFORE)
    participant = services.participant_create(dialog=dialog).participant
    statement = services.statement_submit(participant=participant, text="Mer praksis i skolen")
    assert statement.state == StatementState.PENDING
    assert statement not in selectors.votable_statements(dialog=dialog)
    with pytest.raises(ServiceError, match="begrunnelse"):
        services.statement_moderate(
            statement=statement, moderator=world.users["member"], approve=False
        )
    services.statement_moderate(
        statement=statement, moderator=world.users["member"], approve=False, reason="Utenfor tema"
    )
    statement.refresh_from_db()
    assert statement.state == StatementState.REJECTED
    assert statement.rejection_reason == "Utenfor tema"
    assert statement not in selectors.votable_statements(dialog=dialog)


def test_an_own_statement_counts_as_agreement_once_published_and_is_not_put_to_its_author(
    world,
):
    dialog = make_dialog(world, moderation_mode=ModerationMode.BEFORE, seeds=())
    author = services.participant_create(dialog=dialog).participant
    other = services.participant_create(dialog=dialog).participant
    held = services.statement_submit(participant=author, text="Mer praksis i skolen")
    rejected = services.statement_submit(participant=author, text="Gratis buss for alle unge")
    assert not Vote.objects.exists()  # nothing counts before it may be voted on

    moderator = world.users["member"]
    services.statement_moderate(statement=held, moderator=moderator, approve=True)
    services.statement_moderate(
        statement=rejected, moderator=moderator, approve=False, reason="Utenfor tema"
    )
    assert list(Vote.objects.values_list("participant_id", "statement_id", "value")) == [
        (author.pk, held.pk, VoteValue.AGREE)
    ]
    assert VoteEvent.objects.filter(participant=author, statement=held).count() == 1
    assert selectors.next_statement(participant=author) is None
    assert selectors.next_statement(participant=other) == held

    # Published at once: the agreement is there at once.
    open_dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER, seeds=())
    writer = services.participant_create(dialog=open_dialog).participant
    published = services.statement_submit(participant=writer, text="Flere miljøarbeidere")
    assert published.state == StatementState.APPROVED
    assert Vote.objects.get(participant=writer).statement == published
    assert selectors.next_statement(participant=writer) is None


def test_rejected_text_with_personal_data_is_erased(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    statement = services.statement_submit(participant=participant, text="Ring 912 34 567")
    services.statement_moderate(
        statement=statement, moderator=world.users["member"], approve=False, reason="Telefon"
    )
    statement.refresh_from_db()
    assert "912" not in statement.text


def test_next_statement_skips_voted_and_skipped_and_prefers_least_voted(world):
    dialog = make_dialog(world, seeds=SEEDS[:3])
    first, second, third = dialog.statements.order_by("pk")
    others = [services.participant_create(dialog=dialog).participant for _ in range(2)]
    for other in others:
        services.vote_cast(participant=other, statement_id=first.pk, value=1)
    services.vote_cast(participant=others[0], statement_id=second.pk, value=1)
    # Before any analysis: the least-voted comes first.
    from fellesloft.dialogs.models import Analysis

    Analysis.objects.all().delete()
    participant = services.participant_create(dialog=dialog).participant
    assert selectors.next_statement(participant=participant) == third
    services.statement_skip(participant=participant, statement_id=third.pk)
    assert selectors.next_statement(participant=participant) == second
    services.vote_cast(participant=participant, statement_id=second.pk, value=0)
    assert selectors.next_statement(participant=participant) == first
    services.vote_cast(participant=participant, statement_id=first.pk, value=0)
    assert selectors.next_statement(participant=participant) is None
    assert selectors.participant_progress(participant=participant).voted == 2


def test_next_statement_follows_the_engine_priority(world):
    import random

    from fellesloft.dialogs.models import Analysis

    dialog = make_dialog(world, seeds=SEEDS[:3])
    first, second, third = dialog.statements.order_by("pk")
    Analysis.objects.update_or_create(
        dialog=dialog,
        phase="",
        defaults={
            "computed_at": timezone.now(),
            "priorities": {str(first.pk): 0.0, str(second.pk): 5.0, str(third.pk): 0.0},
        },
    )
    participant = services.participant_create(dialog=dialog).participant
    rng = random.Random(1)
    picks = {selectors.next_statement(participant=participant, rng=rng) for _ in range(20)}
    assert picks == {second}


def test_future_workshop_statements_belong_to_the_current_phase(world):
    dialog = make_dialog(
        world,
        kind=DialogKind.FUTURE_WORKSHOP,
        seeds=["Skolen er for teoretisk"],
        moderation_mode=ModerationMode.AFTER,
    )
    critique = dialog.statements.get()
    assert critique.phase == Phase.CRITIQUE
    services.dialog_phase_set(dialog=dialog, phase=Phase.FANTASY)
    dialog.refresh_from_db()
    participant = services.participant_create(dialog=dialog).participant
    assert selectors.next_statement(participant=participant) is None
    fantasy = services.statement_submit(
        participant=participant,
        text="En skole der alle lærer ved å gjøre",
        builds_on_id=critique.pk,
    )
    assert fantasy.phase == Phase.FANTASY and fantasy.builds_on == critique
    # Its author agrees with it already; another participant gets it.
    assert selectors.next_statement(participant=participant) is None
    other = services.participant_create(dialog=dialog).participant
    assert selectors.next_statement(participant=other) == fantasy
    with pytest.raises(ServiceError):
        services.vote_cast(participant=participant, statement_id=critique.pk, value=1)
    # A statement builds on the phase just before, not on one of its own or a later phase.
    with pytest.raises(ServiceError, match="bygge på"):
        services.statement_submit(
            participant=participant, text="Mer friluft i skolen", builds_on_id=fantasy.pk
        )


def test_facilitator_links_workshop_seeds_to_the_phase_before(world):
    dialog = make_dialog(world, kind=DialogKind.FUTURE_WORKSHOP, seeds=["Bussen går for sjelden"])
    critique = dialog.statements.get()
    fantasies = services.seed_statements_add(
        dialog=dialog,
        texts=["Gratis båt og buss for alle", "Buss hver halvtime"],
        phase=Phase.FANTASY,
        builds_on=critique,
    )
    assert [s.builds_on for s in fantasies] == [critique, critique]
    realisation = services.seed_statements_add(
        dialog=dialog,
        texts=["Søk fylket om prøveordning"],
        phase="realisation",
        builds_on=fantasies[0],
    )
    chains = selectors.workshop_chains(statements=list(dialog.statements.order_by("pk")))
    assert chains[0].critique == critique
    assert chains[0].fantasies[0] == (fantasies[0], realisation)
    # Skipping a phase, or building on a statement of the same phase, stores nothing.
    for phase, parent in ((Phase.REALISATION, critique), (Phase.FANTASY, fantasies[1])):
        with pytest.raises(ServiceError, match="fasen før"):
            services.seed_statements_add(
                dialog=dialog, texts=["Noe nytt"], phase=phase, builds_on=parent
            )
    assert not dialog.statements.filter(text="Noe nytt").exists()


def test_participant_data_is_purged_after_retention(world):
    dialog = make_dialog(world, retention_days=30)
    sector = Sector.objects.get(slug="ungdom")
    participant = services.participant_create(
        dialog=dialog, sector=sector, age_band="16-19"
    ).participant
    services.vote_cast(participant=participant, statement_id=dialog.statements.first().pk, value=1)
    closed = timezone.now() - timedelta(days=31)
    Dialog.objects.filter(pk=dialog.pk).update(closes_at=closed)
    assert services.participants_purge_expired() == 1
    participant.refresh_from_db()
    assert participant.token_hash is None and participant.sector is None
    assert participant.age_band == ""
    assert Vote.objects.filter(dialog=dialog).count() == 1
    assert Statement.objects.filter(dialog=dialog).count() == len(SEEDS)


def test_recently_closed_dialog_keeps_participant_data(world):
    dialog = make_dialog(world, retention_days=30)
    services.participant_create(dialog=dialog, age_band="16-19")
    Dialog.objects.filter(pk=dialog.pk).update(closes_at=timezone.now() - timedelta(days=3))
    assert services.participants_purge_expired() == 0


def test_purge_command(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("dialogs_purge", stdout=out)
    assert "Anonymiserte deltakere: 0" in out.getvalue()


def test_dialog_links_to_experiments(world):
    from tests.experiments.factories import experiment

    first = experiment(world, title="Fraværsteam i Vg1")
    second = experiment(world, title="Los for unge på NAV")
    dialog = make_dialog(world, experiments=[first])
    assert list(dialog.experiments.all()) == [first]
    assert list(first.youth_dialogs.all()) == [dialog]
    services.dialog_update(dialog=dialog, title="Ny tittel", experiments=[second])
    assert list(selectors.linked_experiments(dialog=dialog)) == [second]
    # Leaving the field out keeps the links.
    services.dialog_update(dialog=dialog, title="Enda en tittel")
    assert list(dialog.experiments.all()) == [second]


def test_publish_first_statements_wait_for_review_after_publication(world):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    participant = services.participant_create(dialog=dialog).participant
    published = services.statement_submit(participant=participant, text="Mer praksis i skolen")
    assert published.state == StatementState.APPROVED
    assert published in selectors.votable_statements(dialog=dialog)
    # Published at once, yet in the queue until a moderator has looked at it; seeds are not.
    queue = selectors.moderation_queue(dialogs=Dialog.objects.filter(pk=dialog.pk))
    assert list(queue) == [published]
    assert selectors.participation_totals(dialog=dialog)["to_review"] == 1
    services.statement_moderate(statement=published, moderator=world.users["member"], approve=True)
    assert not queue.all().exists()
    # A moderator may still take a published statement down: it leaves the vote at once.
    services.statement_moderate(
        statement=published, moderator=world.users["member"], approve=False, reason="Usaklig"
    )
    assert published not in selectors.votable_statements(dialog=dialog)
    assert not queue.all().exists()


def test_closing_schedules_the_purge_for_the_end_of_retention(
    world, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    dialog = make_dialog(world, retention_days=10)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.dialog_close(dialog=dialog, now=now)
    results = [r for r in default_task_backend.results if r.task.name == "purge_participant_data"]
    assert len(results) == 1
    assert results[0].task.run_after == now + timedelta(days=10, minutes=1)
    # Nothing to schedule for a dialog without a closing time.
    with django_capture_on_commit_callbacks(execute=True):
        make_dialog(world, title="Uten sluttdato", retention_days=10)
    assert len(default_task_backend.results) == 1

"""The participant's hot path in plain SQL: finding them by token and writing a vote."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fellesloft.dialogs import services
from fellesloft.dialogs.models import Dialog, Participant, Vote, VoteEvent
from tests.dialogs.helpers import make_dialog


def _fields(instance):
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def test_token_lookup_gives_the_same_participant_and_dialog_as_the_orm(world):
    closes = timezone.now() + timedelta(days=3)
    dialog = make_dialog(world, closes_at=closes, results_public=True, ask_age_band=False)
    created = services.participant_create(dialog=dialog, sector="nav")
    found = services.participant_for_token(dialog=None, token=created.token)
    assert _fields(found) == _fields(Participant.objects.get(pk=created.participant.pk))
    assert _fields(found.dialog) == _fields(Dialog.objects.get(pk=dialog.pk))
    # Types as the ORM gives them, not the database's raw values.
    assert found.dialog.closes_at == closes and found.dialog.results_public is True
    assert found.dialog.ask_age_band is False and found.created_at.tzinfo is not None


def test_token_lookup_refuses_another_dialogs_participant(world):
    dialog, other = make_dialog(world), make_dialog(world)
    created = services.participant_create(dialog=dialog)
    assert services.participant_for_token(dialog=other, token=created.token) is None
    assert services.participant_for_token(dialog=dialog, token="") is None
    assert services.participant_for_token(dialog=dialog, token="x" * 201) is None


def test_a_vote_writes_the_vote_and_one_event_with_the_time(
    world, django_capture_on_commit_callbacks
):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    statement = dialog.statements.first()
    now = timezone.now()
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.vote_cast(
            participant=participant, statement_id=statement.pk, value=0, now=now
        )
    vote = Vote.objects.get(participant=participant, statement=statement)
    assert (vote.value, vote.created_at, vote.updated_at, vote.dialog_id) == (
        0,
        now,
        now,
        dialog.pk,
    )
    event = VoteEvent.objects.get(participant=participant)
    assert (event.value, event.created_at, event.statement_id) == (0, now, statement.pk)
    assert len(callbacks) == 1  # the analysis is scheduled once the vote is committed


def test_a_vote_that_fails_inside_a_transaction_leaves_nothing(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    statement = dialog.statements.first()
    try:
        with transaction.atomic():
            services.vote_cast(participant=participant, statement_id=statement.pk, value=1)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert not Vote.objects.filter(participant=participant).exists()
    assert not VoteEvent.objects.filter(participant=participant).exists()


def _token_vote(dialog, participant, statement, value):
    return services.TokenVote(dialog.slug, participant.token_hash, statement.pk, value)


def test_a_batch_of_votes_is_written_in_one_go_and_says_which_were_written(world):
    dialog, other = make_dialog(world), make_dialog(world, title="En annen")
    first, second = (services.participant_create(dialog=dialog).participant for _ in range(2))
    statements = list(dialog.statements.order_by("pk"))
    services.vote_cast(participant=first, statement_id=statements[2].pk, value=1)
    votes = [
        _token_vote(dialog, first, statements[0], 1),
        _token_vote(dialog, second, statements[0], -1),
        _token_vote(dialog, first, statements[1], 0),
        _token_vote(dialog, first, statements[2], 1),  # the same vote again: not written
        _token_vote(other, first, other.statements.first(), 1),  # not this dialog's voter
        services.TokenVote(dialog.slug, "0" * 64, statements[0].pk, 1),  # unknown token
        _token_vote(dialog, second, statements[0], 1),  # changes its own vote in the batch
    ]
    assert services.votes_write(votes=votes) == [True, True, True, False, False, False, True]
    assert Vote.objects.get(participant=second, statement=statements[0]).value == 1
    assert VoteEvent.objects.filter(participant=second).count() == 2
    assert Vote.objects.filter(participant=first).count() == 3
    assert VoteEvent.objects.count() == 1 + 4  # the earlier vote and the four written now


def test_the_open_window_of_the_vote_write_is_that_of_the_dialog(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    statement = dialog.statements.first()
    now = timezone.now()
    hour = timedelta(hours=1)
    windows = [
        (None, None),
        (now - hour, None),
        (now + hour, None),
        (None, now + hour),
        (None, now - hour),
        (None, now),  # closes exactly now: closed
        (now, None),  # opens exactly now: open
        (now - hour, now + hour),
    ]
    for value, (opens_at, closes_at) in enumerate(windows):
        Dialog.objects.filter(pk=dialog.pk).update(opens_at=opens_at, closes_at=closes_at)
        dialog.refresh_from_db()
        vote = _token_vote(dialog, participant, statement, value % 2 * 2 - 1)
        Vote.objects.all().delete()
        assert services.votes_write(votes=[vote], now=now) == [dialog.is_open(now)], (
            opens_at,
            closes_at,
        )

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

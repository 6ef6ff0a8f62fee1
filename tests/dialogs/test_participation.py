"""The participation rules' forms agree: the open test on an object, its queryset filter and
its SQL (the vote write's), at and around the window's ends; the vote names follow the enum."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from fellesloft.dialogs import participation, selectors
from fellesloft.dialogs.models import Dialog, Phase, StatementState, VoteValue
from tests.dialogs.helpers import make_dialog

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
HOUR = timedelta(hours=1)
# (opens_at, closes_at) around NOW: no bounds, scheduled, just opened, open, closing right
# now, closed, and a window that is all in the past or all in the future.
WINDOWS = [
    (None, None),
    (NOW + HOUR, None),
    (NOW, None),
    (NOW - HOUR, NOW + HOUR),
    (None, NOW),
    (None, NOW - HOUR),
    (NOW - 2 * HOUR, NOW - HOUR),
    (NOW + HOUR, NOW + 2 * HOUR),
]
OPEN = {0, 2, 3}


def test_the_open_test_its_filter_and_its_sql_agree_at_the_windows_ends(world):
    dialogs = []
    for number, (opens_at, closes_at) in enumerate(WINDOWS):
        dialog = make_dialog(world, title=f"Dialog {number}", seeds=[])
        Dialog.objects.filter(pk=dialog.pk).update(opens_at=opens_at, closes_at=closes_at)
        dialogs.append(Dialog.objects.get(pk=dialog.pk))
    by_object = {d.pk for d in dialogs if participation.is_open(d, NOW)}
    assert by_object == {dialogs[index].pk for index in OPEN}
    assert {d.pk for d in dialogs if d.is_open(NOW)} == by_object
    by_filter = set(
        Dialog.objects.filter(participation.open_filter(NOW)).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id FROM {Dialog._meta.db_table} d "  # noqa: S608 – constants only
            f"WHERE {participation.open_sql('d')}",
            {"now": connection.ops.adapt_datetimefield_value(NOW)},
        )
        by_sql = {row[0] for row in cursor.fetchall()}
    assert by_filter == by_sql == by_object
    # Scheduled and closed are the two ways of not being open.
    for dialog in dialogs:
        assert participation.is_open(dialog, NOW) == (
            participation.has_opened(dialog, NOW) and not participation.has_closed(dialog, NOW)
        )


# The window's status for each of WINDOWS at NOW: what the pages label and the API answers.
STATUSES = ["open", "scheduled", "open", "open", "closed", "closed", "closed", "scheduled"]


def test_the_window_status_is_open_exactly_when_the_open_test_says_so(world):
    dialog = make_dialog(world, seeds=[])
    for (opens_at, closes_at), expected in zip(WINDOWS, STATUSES, strict=True):
        dialog.opens_at, dialog.closes_at = opens_at, closes_at
        status = dialog.window_status(NOW)
        assert status == expected, (opens_at, closes_at)
        assert (status == participation.DialogStatus.OPEN) == dialog.is_open(NOW)
        assert dialog.status_label(NOW) == status.label
    assert participation.DialogStatus.SCHEDULED.label == "Åpner snart"


def test_the_votable_statements_are_the_approved_ones_of_the_current_phase(world):
    dialog = make_dialog(world)
    other = make_dialog(world, title="En annen dialog")
    first, second, *_rest = dialog.statements.order_by("pk")
    first.state = StatementState.PENDING
    first.save(update_fields=["state"])
    second.phase = Phase.CRITIQUE
    second.save(update_fields=["phase"])
    votable = set(selectors.votable_statements(dialog=dialog).values_list("pk", flat=True))
    assert votable == set(
        dialog.statements.exclude(pk__in=[first.pk, second.pk]).values_list("pk", flat=True)
    )
    assert votable.isdisjoint(other.statements.values_list("pk", flat=True))


def test_the_vote_names_are_the_enums_and_a_skip():
    assert participation.VOTE_BY_NAME == {
        "agree": VoteValue.AGREE,
        "disagree": VoteValue.DISAGREE,
        "pass": VoteValue.PASS,
    }
    assert participation.CHOICES == ("agree", "disagree", "pass", "skip")


def test_a_token_is_well_formed_up_to_its_length():
    token = participation.new_token()
    assert participation.token_is_well_formed(token)
    assert participation.token_is_well_formed("x" * participation.MAX_TOKEN_LENGTH)
    for bad in ("", None, "x" * (participation.MAX_TOKEN_LENGTH + 1)):
        assert not participation.token_is_well_formed(bad)
    assert participation.hash_token(token) != participation.hash_token(token + "x")
    assert len(participation.hash_token(token)) == 64  # Participant.token_hash's length

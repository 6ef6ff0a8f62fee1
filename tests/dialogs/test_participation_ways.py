"""One answer to a vote, whichever way it comes in.

A vote reaches the project three ways: the fast lane in front of Django (`dialogs/intake.py`,
as gunicorn's ASGI worker and as a WSGI server call it), the JSON API and the HTML form. For
every state in the table below – the dialog open, closed or scheduled; the statement
approved, pending, rejected or another dialog's; the participant's token valid, forged or
another dialog's; each vote value and a skip – each way must
accept or refuse alike (for the same reason) and store the same thing, and that must be what
the rules say (`expected`).

The fast lane writes from its own thread with its own database connection, so these tests
commit their data (transaction=True) instead of running inside a rolled-back transaction.
"""

import itertools
import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fellesloft.dialogs import participation, services
from fellesloft.dialogs.models import Skip, Statement, StatementState, Vote, VoteEvent
from fellesloft.dialogs.views import cookie_name
from tests.dialogs.helpers import make_dialog
from tests.dialogs.test_intake import call, lane

pytestmark = pytest.mark.django_db(transaction=True)

DIALOG_STATES = ("open", "closed", "scheduled")
STATEMENTS = ("approved", "pending", "rejected", "other dialog's")
TOKENS = ("valid", "forged", "other dialog's")
CHOICES = participation.CHOICES  # each vote value and a skip
WAYS = ("fast lane (ASGI)", "fast lane (WSGI)", "API", "HTML form")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def fast_lanes():
    """The ASGI and the WSGI intake, each in front of Django's application."""
    lanes = [lane("asgi"), lane("wsgi")]
    yield [next(generator) for generator in lanes]
    for generator in lanes:
        next(generator, None)  # stops the writer and closes its connections


@dataclass(frozen=True)
class Answer:
    accepted: bool
    reason: str  # why it was refused ("" when accepted)
    stored: tuple  # the participant's votes and skips, and the vote events, afterwards


def expected(dialog_state: str, statement: str, token: str, choice: str) -> tuple[bool, str]:
    """What the rules say, written out plainly, in the order the ways check them."""
    if token != "valid":
        return False, "invalid_token"
    if dialog_state != "open":
        return False, "dialog_closed"
    if statement != "approved":
        return False, "unknown_statement"
    return True, ""


def stored(participant) -> tuple:
    if participant is None:  # nobody of this dialog voted: nothing at all may be stored
        return (Vote.objects.count(), Skip.objects.count(), VoteEvent.objects.count())
    return (
        tuple(Vote.objects.filter(participant=participant).values_list("statement_id", "value")),
        tuple(Skip.objects.filter(participant=participant).values_list("statement_id", flat=True)),
        tuple(VoteEvent.objects.filter(participant=participant).values_list("value", flat=True)),
    )


def json_answer(status: int, body) -> tuple[bool, str]:
    if status == 201:
        assert body["changed"] is True
        return True, ""
    code = body["error"]["code"]
    return False, "invalid" if status == 422 else code


def by_fast_lane(intake, dialog, statement_id, token, choice) -> tuple[bool, str]:
    status, _headers, body = call(
        intake, dialog.slug, {"statement": statement_id, "vote": choice}, token
    )
    return json_answer(status, body)


def by_api(dialog, statement_id, token, choice) -> tuple[bool, str]:
    response = Client().post(
        reverse("api:dialog_vote", kwargs={"slug": dialog.slug}),
        json.dumps({"statement": statement_id, "vote": choice}),
        content_type="application/json",
        headers={"X-Participant-Token": token},
    )
    return json_answer(response.status_code, response.json())


def by_form(dialog, statement_id, token, choice) -> tuple[bool, str]:
    client = Client()
    client.cookies[cookie_name(dialog)] = token
    response = client.post(
        reverse("dialogs:vote", kwargs={"slug": dialog.slug}),
        {"statement": statement_id, "vote": choice},
    )
    assert response.status_code == 302
    if response["Location"] == reverse("dialogs:participate", kwargs={"slug": dialog.slug}):
        return False, "invalid_token"  # not a participant of this dialog
    assert response["Location"] == reverse("dialogs:vote", kwargs={"slug": dialog.slug})
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    if not shown:
        return True, ""
    [message] = shown
    reasons = {
        str(services.DialogClosed().message): "dialog_closed",
        str(services.UnknownStatement().message): "unknown_statement",
        str(services.VoteRateLimited(1).message): "rate_limited",
    }
    return False, reasons.get(message, "invalid")


def setup_dialogs(world, dialog_state: str, participants: int):
    """The dialog in `dialog_state` with a statement in each state, `participants` tokens of
    it, and another, open dialog with a token and an approved statement of its own."""
    dialog = make_dialog(world)
    other = make_dialog(world, title="En annen dialog")
    approved, pending, rejected, *_rest = dialog.statements.order_by("pk")
    Statement.objects.filter(pk=pending.pk).update(state=StatementState.PENDING)
    Statement.objects.filter(pk=rejected.pk).update(state=StatementState.REJECTED)
    statements = {
        "approved": approved.pk,
        "pending": pending.pk,
        "rejected": rejected.pk,
        "other dialog's": other.statements.order_by("pk").first().pk,
    }
    created = [services.participant_create(dialog=dialog) for _ in range(participants)]
    now = timezone.now()
    if dialog_state == "closed":
        services.dialog_close(dialog=dialog)
    elif dialog_state == "scheduled":
        dialog.opens_at = now + timedelta(hours=1)
        dialog.save(update_fields=["opens_at"])
    other_token = services.participant_create(dialog=other).token
    return dialog, statements, created, other_token


@pytest.mark.parametrize("dialog_state", DIALOG_STATES)
def test_every_way_in_gives_the_same_answer_and_stores_the_same(world, fast_lanes, dialog_state):
    cases = list(itertools.product(STATEMENTS, TOKENS, CHOICES))
    dialog, statements, created, other_token = setup_dialogs(
        world, dialog_state, participants=len(cases) * len(WAYS)
    )
    fresh = iter(created)  # each submission by a participant who has not voted yet
    asgi, wsgi = fast_lanes
    ways = {
        WAYS[0]: lambda *vote: by_fast_lane(asgi, *vote),
        WAYS[1]: lambda *vote: by_fast_lane(wsgi, *vote),
        WAYS[2]: by_api,
        WAYS[3]: by_form,
    }
    wrong = []
    for statement, token_kind, choice in cases:
        rule = expected(dialog_state, statement, token_kind, choice)
        answers = {}
        for way, submit in ways.items():
            new = next(fresh)
            token = {"valid": new.token, "forged": "forfalsket-" + new.token[:20]}.get(
                token_kind, other_token
            )
            before = stored(None)
            accepted, reason = submit(dialog, statements[statement], token, choice)
            participant = new.participant
            answers[way] = Answer(accepted, reason, stored(participant))
            if not accepted and stored(None) != before:
                wrong.append((statement, token_kind, choice, way, "refused but stored"))
        want_stored = ((), (), ())
        if rule[0] and choice == participation.SKIP:
            want_stored = ((), (statements[statement],), ())
        elif rule[0]:
            value = participation.VOTE_BY_NAME[choice]
            want_stored = (((statements[statement], value),), (), (value,))
        want = Answer(*rule, want_stored)
        wrong += [
            (statement, token_kind, choice, way, answer)
            for way, answer in answers.items()
            if answer != want
        ]
    assert wrong == []
    # The fast lane wrote the writable votes itself and passed everything else on.
    written_by_lane = len(participation.VOTE_BY_NAME) if dialog_state == "open" else 0
    for intake in fast_lanes:
        assert intake.spy.passed_on == len(cases) - written_by_lane


def test_a_choice_that_is_no_vote_is_refused_alike_in_every_way(world, fast_lanes):
    dialog, statements, created, _other = setup_dialogs(world, "open", participants=len(WAYS))
    asgi, wsgi = fast_lanes
    ways = [
        lambda *vote: by_fast_lane(asgi, *vote),
        lambda *vote: by_fast_lane(wsgi, *vote),
        by_api,
        by_form,
    ]
    for submit, new in zip(ways, created, strict=True):
        for choice in ("kanskje", "", "AGREE", "1"):
            assert submit(dialog, statements["approved"], new.token, choice) == (False, "invalid")
        assert stored(new.participant) == ((), (), ())


def test_the_rate_limit_refuses_alike_in_every_way(world, fast_lanes, settings):
    # A window of ~12 days: the votes cannot fall into two windows (as at a minute's end).
    settings.DIALOGS_RATE_LIMITS = {"vote": (1, 10**6)}
    dialog, statements, created, _other = setup_dialogs(world, "open", participants=len(WAYS))
    asgi, wsgi = fast_lanes
    ways = [
        lambda *vote: by_fast_lane(asgi, *vote),
        lambda *vote: by_fast_lane(wsgi, *vote),
        by_api,
        by_form,
    ]
    for submit, new in zip(ways, created, strict=True):
        assert submit(dialog, statements["approved"], new.token, "agree") == (True, "")
        # The second vote (a skip is counted too) is one too many.
        for choice in ("disagree", participation.SKIP):
            assert submit(dialog, statements["approved"], new.token, choice) == (
                False,
                "rate_limited",
            )
        assert stored(new.participant) == (((statements["approved"], 1),), (), (1,))


def test_the_same_vote_again_changes_nothing_in_every_way(world, fast_lanes):
    dialog, statements, created, _other = setup_dialogs(world, "open", participants=len(WAYS))
    asgi, wsgi = fast_lanes
    client = Client()
    url = reverse("api:dialog_vote", kwargs={"slug": dialog.slug})
    for intake in (asgi, wsgi):
        new = created.pop()
        body = {"statement": statements["approved"], "vote": "pass"}
        first = call(intake, dialog.slug, body, new.token)
        again = call(intake, dialog.slug, body, new.token)
        assert (first[0], first[2]["changed"], again[0], again[2]["changed"]) == (
            201,
            True,
            201,
            False,
        )
        assert stored(new.participant) == (((statements["approved"], 0),), (), (0,))
    new = created.pop()
    for changed in (True, False):
        response = client.post(
            url,
            json.dumps({"statement": statements["approved"], "vote": "pass"}),
            content_type="application/json",
            headers={"X-Participant-Token": new.token},
        )
        assert (response.status_code, response.json()["changed"]) == (201, changed)
    assert stored(new.participant) == (((statements["approved"], 0),), (), (0,))
    new = created.pop()
    for _ in range(2):
        assert by_form(dialog, statements["approved"], new.token, "pass") == (True, "")
    assert stored(new.participant) == (((statements["approved"], 0),), (), (0,))

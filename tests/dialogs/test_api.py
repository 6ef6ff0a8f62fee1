"""The JSON API of the participant flow."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from fellesloft.dialogs import services
from fellesloft.dialogs.models import ModerationMode, Participant, Vote, VoteEvent
from tests.dialogs.helpers import dialog_form_data, make_dialog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _post(client, url, body, token=None):
    headers = {"X-Participant-Token": token} if token else {}
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def _join(client, dialog, body=None):
    response = _post(client, f"/api/v1/dialogs/{dialog.slug}/participants", body or {})
    assert response.status_code == 201, response.content
    return response.json()["token"]


def test_full_flow_join_next_vote_write_results(world, client):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER, results_public=True)
    token = _join(client, dialog, {"sector": "ungdom", "age_band": "16-19"})
    participant = Participant.objects.get()
    assert participant.sector.slug == "ungdom"
    seen = set()
    while True:
        response = client.get(
            f"/api/v1/dialogs/{dialog.slug}/next", headers={"X-Participant-Token": token}
        )
        if response.status_code == 204:
            break
        assert response.status_code == 200
        body = response.json()
        assert body["id"] not in seen
        seen.add(body["id"])
        assert body["progress"]["voted"] == len(seen) - 1
        vote = _post(
            client,
            f"/api/v1/dialogs/{dialog.slug}/votes",
            {"statement": body["id"], "vote": "agree"},
            token,
        )
        assert vote.status_code == 201
        assert vote.json() == {"statement": body["id"], "vote": "agree", "changed": True}
    assert len(seen) == dialog.statements.count()
    response = _post(
        client,
        f"/api/v1/dialogs/{dialog.slug}/statements",
        {"text": "Flere miljøarbeidere i skolen"},
        token,
    )
    assert response.status_code == 201
    assert response.json()["state"] == "approved"
    response = client.get(f"/api/v1/dialogs/{dialog.slug}/results")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"computed_at", "votes_counted", "phases"}
    assert set(body["phases"][0]) >= {
        "groups",
        "consensus_agree",
        "divisive",
        "sector_lens",
        "computed_at",
        "votes_counted",
    }


def test_repeated_vote_is_idempotent_and_updates(world, client):
    dialog = make_dialog(world)
    token = _join(client, dialog)
    statement = dialog.statements.first()
    url = f"/api/v1/dialogs/{dialog.slug}/votes"
    assert _post(client, url, {"statement": statement.pk, "vote": "agree"}, token).json()["changed"]
    again = _post(client, url, {"statement": statement.pk, "vote": "agree"}, token)
    assert again.status_code == 201 and again.json()["changed"] is False
    _post(client, url, {"statement": statement.pk, "vote": "pass"}, token)
    assert list(Vote.objects.values_list("value", flat=True)) == [0]
    assert VoteEvent.objects.count() == 2


def test_a_skip_is_idempotent_too(world, client):
    dialog = make_dialog(world)
    token = _join(client, dialog)
    statement = dialog.statements.first()
    url = f"/api/v1/dialogs/{dialog.slug}/votes"
    first = _post(client, url, {"statement": statement.pk, "vote": "skip"}, token)
    again = _post(client, url, {"statement": statement.pk, "vote": "skip"}, token)
    assert (first.status_code, first.json()["changed"]) == (201, True)
    assert (again.status_code, again.json()["changed"]) == (201, False)
    assert not Vote.objects.exists()


def test_statement_with_phone_number_is_held_with_reason(world, client):
    dialog = make_dialog(world, moderation_mode=ModerationMode.AFTER)
    token = _join(client, dialog)
    response = _post(
        client, f"/api/v1/dialogs/{dialog.slug}/statements", {"text": "Ring meg på 41234567"}, token
    )
    assert response.status_code == 201
    assert response.json()["state"] == "pending"
    assert "telefonnummer" in response.json()["message"]


@pytest.mark.parametrize(
    "token, status, code",
    [(None, 401, "missing_token"), ("forfalsket-nokkel", 401, "invalid_token")],
)
def test_missing_or_forged_token(world, client, token, status, code):
    dialog = make_dialog(world)
    statement = dialog.statements.first()
    response = _post(
        client,
        f"/api/v1/dialogs/{dialog.slug}/votes",
        {"statement": statement.pk, "vote": "agree"},
        token,
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert not Vote.objects.exists()


def test_token_of_another_dialog_is_refused(world, client):
    dialog = make_dialog(world)
    other = make_dialog(world, title="En annen dialog")
    token = _join(client, other)
    response = client.get(
        f"/api/v1/dialogs/{dialog.slug}/next", headers={"X-Participant-Token": token}
    )
    assert response.status_code == 401


def test_bad_votes(world, client):
    dialog = make_dialog(world)
    token = _join(client, dialog)
    url = f"/api/v1/dialogs/{dialog.slug}/votes"
    unknown = _post(client, url, {"statement": 999999, "vote": "agree"}, token)
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "unknown_statement"
    invalid = _post(
        client, url, {"statement": dialog.statements.first().pk, "vote": "kanskje"}, token
    )
    assert invalid.status_code == 422
    assert invalid.json()["error"]["details"][0]["message"] == "Ugyldig verdi."
    assert not Vote.objects.exists()


def test_vote_on_closed_dialog_is_409(world, client):
    dialog = make_dialog(world)
    token = _join(client, dialog)
    services.dialog_close(dialog=dialog)
    response = _post(
        client,
        f"/api/v1/dialogs/{dialog.slug}/votes",
        {"statement": dialog.statements.first().pk, "vote": "agree"},
        token,
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "dialog_closed"
    assert "ikke åpen" in response.json()["error"]["message"]
    join = _post(client, f"/api/v1/dialogs/{dialog.slug}/participants", {})
    assert join.status_code == 409


def test_empty_and_too_long_statements(world, client):
    dialog = make_dialog(world)
    token = _join(client, dialog)
    url = f"/api/v1/dialogs/{dialog.slug}/statements"
    empty = _post(client, url, {"text": "  "}, token)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty"
    long = _post(client, url, {"text": "a" * 141}, token)
    assert long.status_code == 400 and long.json()["error"]["code"] == "too_long"
    assert dialog.statements.filter(is_seed=False).count() == 0


def test_unknown_dialog_is_404(world, client):
    assert _post(client, "/api/v1/dialogs/finnes-ikke/participants", {}).status_code == 404


def test_joining_is_rate_limited_per_address_without_storing_it(world, client, settings):
    settings.DIALOGS_RATE_LIMITS = {"join": (3, 3600)}
    dialog = make_dialog(world)
    for _ in range(3):
        _join(client, dialog)
    response = _post(client, f"/api/v1/dialogs/{dialog.slug}/participants", {})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0
    # Nothing about the address is stored in the database.
    for participant in Participant.objects.values():
        assert "127.0.0.1" not in json.dumps(participant, default=str)


def test_a_school_behind_one_address_joins_one_dialog_together(world, client):
    """A whole hall joins from one address at once: 600 in a minute, with the defaults."""
    dialog = make_dialog(world)
    for _ in range(600):
        _join(client, dialog)
    assert dialog.participants.count() == 600


def test_join_limit_is_per_dialog_and_raised_by_the_facilitator(world, client, client_as, settings):
    settings.DIALOGS_JOIN_LIMIT_PER_HOUR = 60
    dialog, other = make_dialog(world), make_dialog(world, title="En annen dialog")
    joined = [
        _post(client, f"/api/v1/dialogs/{dialog.slug}/participants", {}).status_code
        for _ in range(61)
    ]
    assert joined == [201] * 60 + [429]
    _join(client, other)  # another dialog from the same address is not held up
    # The facilitator raises the dialog's limit for the event in the dialog's settings form.
    facilitator = client_as("member")
    edit = reverse("dialogs:edit", args=[dialog.slug])
    form = facilitator.get(edit).content.decode()
    assert 'name="join_limit_per_hour"' in form
    data = dialog_form_data(dialog, world, join_limit_per_hour=20_001)  # over the maximum
    response = facilitator.post(edit, data)
    assert response.status_code == 200 and "join_limit_per_hour" in response.context["form"].errors
    response = facilitator.post(edit, {**data, "join_limit_per_hour": 300})
    assert response.status_code == 302
    dialog.refresh_from_db()
    assert dialog.join_limit_per_hour == 300
    facilitator.logout()
    _join(client, dialog)


def test_a_burst_of_joins_from_one_address_is_held_back_across_dialogs(world, client, settings):
    settings.DIALOGS_RATE_LIMITS = {"join_burst": (45, 60)}
    dialog, other = make_dialog(world), make_dialog(world, title="En annen dialog")
    statuses = [
        _post(client, f"/api/v1/dialogs/{slug}/participants", {}).status_code
        for slug in [dialog.slug] * 30 + [other.slug] * 16
    ]
    assert statuses == [201] * 45 + [429]
    assert dialog.participants.count() + other.participants.count() == 45


def test_results_are_private_unless_published(world, client):
    dialog = make_dialog(world)
    assert client.get(f"/api/v1/dialogs/{dialog.slug}/results").status_code == 403
    client.force_login(world.users["member"])
    assert client.get(f"/api/v1/dialogs/{dialog.slug}/results").status_code == 200


def test_the_dialog_list_holds_what_the_caller_may_see_with_a_fixed_number_of_queries(
    world, client_as, django_assert_max_num_queries
):
    now = timezone.now()
    open_dialog = make_dialog(world, title="Åpen dialog")
    closed = make_dialog(world, title="Stengt dialog", closes_at=now + timedelta(hours=1))
    services.dialog_close(dialog=closed)
    scheduled = make_dialog(world, title="Åpner snart", opens_at=now + timedelta(days=2))
    services.participant_create(dialog=open_dialog)
    url = reverse("api:dialogs_list")

    visitor = client_as("anonymous").get(url)
    assert visitor.status_code == 200
    [only] = visitor.json()
    assert only["slug"] == open_dialog.slug and only["status"] == "open"
    assert only["participants"] == 1 and only["municipality"] == world.municipality.number
    assert only["url"].endswith(f"/dialoger/{open_dialog.slug}/")

    facilitator = client_as("member")  # the dialogs' organisation moderates them
    rows = {row["slug"]: row["status"] for row in facilitator.get(url).json()}
    assert rows == {
        open_dialog.slug: "open",
        closed.slug: "closed",
        scheduled.slug: "scheduled",
    }
    with django_assert_max_num_queries(12) as captured:
        facilitator.get(url)
    few = len(captured.captured_queries)
    for number in range(5):
        make_dialog(world, title=f"Flere {number}", seeds=())
    with django_assert_max_num_queries(few):
        assert len(facilitator.get(url, {"limit": 50}).json()) == 8
    assert len(facilitator.get(url, {"limit": 2, "offset": 1}).json()) == 2
    assert facilitator.get(url, {"limit": 0}).status_code == 422

"""«Slett mine svar»: a participant deletes their answers from their device, on the page and
through the API. Published statements stay, anonymous; everything else of theirs goes."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from fellesloft.dialogs import services
from fellesloft.dialogs.models import (
    Analysis,
    ModerationMode,
    Participant,
    Skip,
    Statement,
    StatementState,
    Vote,
    VoteEvent,
)
from fellesloft.dialogs.views import cookie_name
from fellesloft.organisations.models import Sector
from tests.dialogs.helpers import make_dialog, make_participants


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _taking_part(world):
    """A young participant who voted, skipped, described themselves and wrote one statement
    that was published and one that waits for moderation; and someone else who voted."""
    dialog = make_dialog(world, moderation_mode=ModerationMode.BEFORE)
    created = services.participant_create(
        dialog=dialog, sector=Sector.objects.get(slug="ungdom"), age_band="16-19"
    )
    participant = created.participant
    seeds = list(dialog.statements.filter(is_seed=True).order_by("pk"))
    services.vote_cast(participant=participant, statement_id=seeds[0].pk, value=1)
    services.vote_cast(participant=participant, statement_id=seeds[1].pk, value=-1)
    services.statement_skip(participant=participant, statement_id=seeds[2].pk)
    published = services.statement_submit(
        participant=participant, text="Unge må få en fast kontaktperson i NAV."
    )
    services.statement_moderate(statement=published, moderator=world.users["member"], approve=True)
    pending = services.statement_submit(
        participant=participant, text="Skolen bør ha leksehjelp hver dag."
    )
    other = make_participants(dialog, 1)[0].participant
    services.vote_cast(participant=other, statement_id=seeds[0].pk, value=1)
    return dialog, created, published, pending, other


def _assert_forgotten(participant, published, pending, other):
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert not Vote.objects.filter(participant_id=participant.pk).exists()
    assert not VoteEvent.objects.filter(participant_id=participant.pk).exists()
    assert not Skip.objects.filter(participant_id=participant.pk).exists()
    assert not Statement.objects.filter(pk=pending.pk).exists()
    kept = Statement.objects.get(pk=published.pk)
    assert kept.author_id is None
    assert kept.state == StatementState.APPROVED
    # Someone else's vote stays.
    assert Vote.objects.filter(participant=other).count() == 1


def test_the_service_deletes_the_answers_and_keeps_published_statements_anonymous(
    world, django_capture_on_commit_callbacks
):
    dialog, created, published, pending, other = _taking_part(world)
    Analysis.objects.filter(dialog=dialog).delete()
    with django_capture_on_commit_callbacks(execute=True):
        kept = services.participant_forget(participant=created.participant)
    assert kept == 1
    _assert_forgotten(created.participant, published, pending, other)
    # The token no longer finds anyone.
    assert services.participant_for_token(dialog=dialog, token=created.token) is None
    # The analysis is recomputed through the existing trigger, without the deleted votes.
    analysis = Analysis.objects.get(dialog=dialog, phase="")
    assert analysis.votes_counted == 1


def test_the_page_asks_first_then_deletes_and_forgets_the_cookie(world, client):
    dialog, created, published, pending, other = _taking_part(world)
    client.cookies[cookie_name(dialog)] = created.token
    vote_page = client.get(reverse("dialogs:vote", kwargs={"slug": dialog.slug}))
    url = reverse("dialogs:forget", kwargs={"slug": dialog.slug})
    assert url in vote_page.content.decode()

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ja, slett svarene mine" in confirm.content.decode()
    assert Participant.objects.filter(pk=created.participant.pk).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogs:participate", kwargs={"slug": dialog.slug})
    cookie = response.cookies[cookie_name(dialog)]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    _assert_forgotten(created.participant, published, pending, other)

    page = client.get(response["Location"]).content.decode()
    assert "Svarene dine er slettet." in page
    # Without a participant there is nothing to delete.
    assert client.post(url).status_code == 302


def test_a_logged_in_participant_deletes_their_answers_too(world, client):
    dialog = make_dialog(world)
    person = world.users["member"]
    participant = services.participant_create(dialog=dialog, user=person).participant
    seed = dialog.statements.filter(is_seed=True).first()
    services.vote_cast(participant=participant, statement_id=seed.pk, value=1)
    client.force_login(person)
    client.post(reverse("dialogs:forget", kwargs={"slug": dialog.slug}))
    assert not Participant.objects.filter(user=person).exists()
    assert not Vote.objects.filter(dialog=dialog).exists()


def test_the_api_deletes_with_the_token(world, client):
    dialog, created, published, pending, other = _taking_part(world)
    url = f"/api/v1/dialogs/{dialog.slug}/participant"
    missing = client.delete(url)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "missing_token"

    response = client.delete(url, headers={"X-Participant-Token": created.token})
    assert response.status_code == 200
    assert response.json() == {"statements_kept": 1}
    _assert_forgotten(created.participant, published, pending, other)

    again = client.delete(url, headers={"X-Participant-Token": created.token})
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "invalid_token"
    unknown = client.delete(
        "/api/v1/dialogs/finnes-ikke/participant", headers={"X-Participant-Token": created.token}
    )
    assert unknown.status_code == 404


def test_the_api_refuses_a_token_of_another_dialog(world, client):
    dialog, created, *_rest = _taking_part(world)
    other_dialog = make_dialog(world, title="En annen dialog")
    response = client.delete(
        f"/api/v1/dialogs/{other_dialog.slug}/participant",
        headers={"X-Participant-Token": created.token},
    )
    assert response.status_code == 401
    assert Participant.objects.filter(pk=created.participant.pk).exists()

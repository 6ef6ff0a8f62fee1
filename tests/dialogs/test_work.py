"""The dialogs' items on «Mitt arbeid»: statements waiting for moderation and the user's
dialogs that open or close within a week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fellesloft.core.work import DUE, UPCOMING
from fellesloft.dialogs import services
from fellesloft.dialogs.work import work_items
from tests.dialogs.helpers import make_dialog
from tests.world import build_world, every_role

pytestmark = pytest.mark.django_db


def _kinds(user, kind):
    return [item for item in work_items(user=user) if item.kind == kind]


def test_statements_waiting_for_moderation_show_for_those_who_moderate_until_moderated():
    world = build_world()
    users = every_role(world)
    dialog = make_dialog(world, moderation_mode="before")
    author = services.participant_create(dialog=dialog).participant
    first = services.statement_submit(participant=author, text="Flere miljøarbeidere i skolen.")
    services.statement_submit(participant=author, text="Gratis buss til fritidsaktiviteter.")

    for role in ("member", "coordinator", "mission_lead", "moderator"):
        [item] = _kinds(users[role], "moderation")
        assert item.title.startswith("2 utsagn venter")
        assert item.url == f"/dialoger/{dialog.slug}/moderering/"
        assert item.state == DUE
    for role in ("other_coordinator", "national_partner", "without_organisation"):
        assert _kinds(users[role], "moderation") == []

    services.statement_moderate(statement=first, moderator=users["member"], approve=True)
    [item] = _kinds(users["member"], "moderation")
    assert item.title.startswith("1 utsagn venter")


def test_a_dialog_without_waiting_statements_is_not_listed():
    world = build_world()
    make_dialog(world)  # only the facilitators' seed statements, published
    assert _kinds(world.users["member"], "moderation") == []


def test_my_dialogs_that_open_or_close_within_a_week():
    world = build_world()
    now = timezone.now()
    opening = make_dialog(
        world,
        title="Åpner snart",
        opens_at=now + timedelta(days=2),
        closes_at=now + timedelta(days=30),
    )
    closing = make_dialog(world, title="Stenger snart", closes_at=now + timedelta(days=5))
    make_dialog(world, title="Stenger senere", closes_at=now + timedelta(days=20))

    member = world.users["member"]
    [opens] = _kinds(member, "dialog_opens")
    assert "Åpner snart" in opens.title
    assert opens.state == UPCOMING
    assert opens.due == timezone.localtime(opening.opens_at).date()
    [closes] = _kinds(member, "dialog_closes")
    assert "Stenger snart" in closes.title and closes.state == DUE
    assert closes.url == f"/dialoger/{closing.slug}/oversikt/"
    # Not the facilitator's organisation: nothing about these dialogs.
    assert _kinds(world.users["other_coordinator"], "dialog_closes") == []

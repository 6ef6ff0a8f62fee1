"""The dialogs' policy from one place: «open now», the list, the moderation queue's dialogs
and the results flag on the municipality page all come from `dialogs.rules`."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fellesloft.accounts.models import GlobalRole
from fellesloft.dialogs import profile, selectors, services
from fellesloft.dialogs.models import Dialog
from fellesloft.dialogs.participation import IS_OPEN, open_condition
from tests.dialogs.helpers import make_dialog
from tests.world import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dialogs(world):
    now = timezone.now()
    return {
        "open": make_dialog(world, title="Åpen", seeds=()),
        "open_with_dates": make_dialog(
            world,
            title="Åpen med datoer",
            seeds=(),
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
        ),
        "coming": make_dialog(world, title="Kommende", seeds=(), opens_at=now + timedelta(days=1)),
        "closed": services.dialog_close(
            dialog=make_dialog(world, title="Stengt", seeds=(), results_public=True)
        ),
        "other_closed": services.dialog_close(
            dialog=make_dialog(
                world,
                title="Stengt i den andre",
                seeds=(),
                organisation=world.other_organisation,
                user=world.users["other_coordinator"],
            )
        ),
    }


def _titles(queryset) -> set[str]:
    return {dialog.title for dialog in queryset}


def test_open_is_one_definition_for_the_object_and_the_list(dialogs):
    open_in_list = set(IS_OPEN.filter(Dialog.objects.all(), None).values_list("pk", flat=True))
    open_by_object = {dialog.pk for dialog in Dialog.objects.all() if dialog.is_open()}
    assert (
        open_in_list
        == open_by_object
        == {
            dialogs["open"].pk,
            dialogs["open_with_dates"].pk,
        }
    )
    # At a given moment: the coming dialog is open once it has opened, until it closes.
    coming = dialogs["coming"]
    later = coming.opens_at + timedelta(minutes=1)
    assert coming.is_open(later) and open_condition(later).holds(None, coming)
    assert not dialogs["closed"].is_open(later)
    assert not coming.is_open(coming.opens_at - timedelta(seconds=1))


def test_the_list_shows_open_dialogs_and_those_one_moderates(world, dialogs):
    open_ones = {"Åpen", "Åpen med datoer"}
    everything = set(_titles(Dialog.objects.all()))
    moderator = make_user("moderator@test.no", global_role=GlobalRole.MODERATOR)
    assert _titles(selectors.dialog_list(user=AnonymousUser())) == open_ones
    assert _titles(selectors.dialog_list(user=world.users["member"])) == everything - {
        "Stengt i den andre"
    }
    assert _titles(selectors.dialog_list(user=world.users["other_coordinator"])) == open_ones | {
        "Stengt i den andre"
    }
    assert _titles(selectors.dialog_list(user=moderator)) == everything
    assert _titles(selectors.dialog_list(user=world.users["mission_lead"])) == everything


def test_the_moderation_queue_covers_the_dialogs_one_moderates(world, dialogs):
    moderator = make_user("moderator@test.no", global_role=GlobalRole.MODERATOR)
    everything = _titles(Dialog.objects.all())
    assert _titles(selectors.dialogs_moderated_by(user=moderator)) == everything
    assert _titles(selectors.dialogs_moderated_by(user=world.users["other_coordinator"])) == {
        "Stengt i den andre"
    }


def test_the_municipality_page_offers_the_report_by_the_results_rule(world, dialogs):
    moderator = make_user("moderator@test.no", global_role=GlobalRole.MODERATOR)
    for user in (
        AnonymousUser(),
        world.users["member"],
        world.users["other_coordinator"],
        world.users["mission_lead"],
        moderator,
    ):
        with CaptureQueriesContext(connection) as queries:
            section = profile.municipality_section(municipality=world.municipality, user=user)
        assert len(queries) == 1
        shown = section.context["dialogs"]
        assert {dialog.pk for dialog in shown} == {dialog.pk for dialog in dialogs.values()}
        for dialog in shown:
            assert dialog.may_see_results == user.has_perm("dialogs.view_results", dialog)
    anonymous = profile.municipality_section(municipality=world.municipality, user=None)
    assert {d.title for d in anonymous.context["dialogs"] if d.may_see_results} == {"Stengt"}

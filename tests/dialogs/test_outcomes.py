"""«Dette skjedde videre»: outcomes of a dialog, the participant's own statements, e-mails."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs import notices, selectors, services
from fellesloft.dialogs.models import (
    DialogOutcome,
    OutcomeKind,
    OutcomeSubscription,
    RejectionCategory,
    StatementState,
)
from fellesloft.dialogs.views import cookie_name
from tests.barriers.helpers import escalate, report
from tests.dialogs.helpers import make_dialog
from tests.experiments.factories import experiment as make_experiment
from tests.world import make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _decision(dialog, user, **fields):
    values = {
        "kind": OutcomeKind.DECISION,
        "title": "Én fast kontaktperson for alle i Vg1",
        "text": "Oppvekstutvalget vedtok ordningen.",
        "decided_on": TODAY(),
    }
    values.update(fields)
    return services.outcome_create(dialog=dialog, user=user, **values)


def _seed(dialog, number=0):
    return dialog.statements.filter(is_seed=True).order_by("pk")[number]


# --- services -------------------------------------------------------------------------------


def test_outcome_links_statements_groups_and_experiment(world):
    dialog = make_dialog(world)
    experiment = make_experiment(world)
    outcome = services.outcome_create(
        dialog=dialog,
        user=world.users["member"],
        kind=OutcomeKind.EXPERIMENT,
        title="  Forsøk med fraværsteam  ",
        experiment=experiment,
        statements=[_seed(dialog, 0), _seed(dialog, 1)],
    )
    outcome.refresh_from_db()
    assert outcome.title == "Forsøk med fraværsteam"
    assert outcome.experiment == experiment
    assert outcome.decided_on == TODAY()  # empty: today
    assert set(outcome.statements.all()) == {_seed(dialog, 0), _seed(dialog, 1)}
    assert outcome.created_by == world.users["member"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "unknown"}, "kind"),
        ({"title": "   "}, "title"),
        ({"text": ""}, "text"),  # a decision says what was decided
        ({"decided_on": None}, "decided_on"),  # … and when
        ({"decided_on": datetime.date.today() + datetime.timedelta(days=3)}, "decided_on"),
        ({"kind": OutcomeKind.NOT_TAKEN_FURTHER, "text": " "}, "text"),  # a reason is owed
        ({"kind": OutcomeKind.EXPERIMENT}, "experiment"),
        ({"kind": OutcomeKind.BARRIER}, "barrier"),
        ({"text": "Ring Kari på 912 34 567 for mer."}, "text"),  # personal data
        ({"group_labels": ["Z"]}, "group_labels"),  # no such opinion group
    ],
)
def test_outcome_refuses_bad_input(world, fields, field):
    dialog = make_dialog(world)
    with pytest.raises(ServiceError) as refused:
        _decision(dialog, world.users["member"], **fields)
    assert refused.value.field == field
    assert not DialogOutcome.objects.exists()


def test_outcome_statements_must_be_published_and_of_the_dialog(world):
    dialog = make_dialog(world)
    other = make_dialog(world, title="En annen dialog")
    held = services.statement_submit(
        participant=services.participant_create(dialog=dialog).participant,
        text="Vi trenger flere miljøarbeidere.",
    )
    assert held.state == StatementState.PENDING
    for statement in (_seed(other), held):
        with pytest.raises(ServiceError) as refused:
            _decision(dialog, world.users["member"], statements=[statement])
        assert refused.value.field == "statements"


def test_outcome_offers_only_what_the_user_may_see(world):
    """A barrier held for personal data in another organisation is not the member's to link."""
    dialog = make_dialog(world)
    held = report(
        world,
        reporter=world.users["other_coordinator"],
        organisation=world.other_organisation,
        example="Eleven med fødselsnummer 01010012356 fikk ikke hjelp.",
    )
    assert held.is_held
    member = world.users["member"]
    assert not member.has_perm("barriers.view_barrier", held)
    with pytest.raises(ServiceError) as refused:
        _decision(dialog, member, kind=OutcomeKind.BARRIER, barrier=held)
    assert refused.value.field == "barrier"
    # The mission lead sees it, and may link it; a later edit by the member keeps the link.
    outcome = _decision(dialog, world.users["mission_lead"], kind=OutcomeKind.BARRIER, barrier=held)
    updated = services.outcome_update(outcome=outcome, user=member, barrier=held, title="Meldt")
    assert updated.barrier == held and updated.title == "Meldt"
    # … also through the edit form, which offers the kept link but no other hidden one.
    client = _client_for(world, "member")
    url = reverse("dialogs:outcome_edit", args=[dialog.slug, outcome.pk])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "kind": "barrier",
            "barrier": held.pk,
            "title": "Meldt videre",
            "text": outcome.text,
            "decided_on": outcome.decided_on.isoformat(),
        },
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.barrier == held and outcome.title == "Meldt videre"


def test_outcome_update_and_delete(world):
    dialog = make_dialog(world)
    outcome = _decision(dialog, world.users["member"])
    services.outcome_update(
        outcome=outcome,
        user=world.users["member"],
        kind=OutcomeKind.NOT_TAKEN_FURTHER,
        text="For dyrt i år; vi ser på det igjen neste høst.",
        statements=[_seed(dialog)],
    )
    outcome.refresh_from_db()
    assert outcome.kind == OutcomeKind.NOT_TAKEN_FURTHER
    assert list(outcome.statements.all()) == [_seed(dialog)]
    services.outcome_delete(outcome=outcome)
    assert not DialogOutcome.objects.exists()


# --- selectors ------------------------------------------------------------------------------


def test_dialog_outcomes_newest_first_and_by_the_results_rule(world):
    dialog = make_dialog(world)
    member = world.users["member"]
    older = _decision(dialog, member, title="Eldre", decided_on=TODAY() - datetime.timedelta(9))
    newer = _decision(dialog, member, title="Nyere", decided_on=TODAY() - datetime.timedelta(1))
    assert selectors.dialog_outcomes(dialog=dialog, user=member) == [newer, older]
    visitor = make_user("besokende@test.no")
    assert selectors.dialog_outcomes(dialog=dialog, user=visitor) == []
    services.dialog_update(dialog=dialog, results_public=True)
    assert selectors.dialog_outcomes(dialog=dialog, user=visitor) == [newer, older]


def test_linked_page_only_for_those_who_may_see_it(world):
    dialog = make_dialog(world, results_public=True)
    experiment = make_experiment(world)
    _decision(dialog, world.users["member"], kind=OutcomeKind.EXPERIMENT, experiment=experiment)
    [for_member] = selectors.dialog_outcomes(dialog=dialog, user=world.users["member"])
    assert for_member.target_url == reverse("experiments:detail", args=[experiment.pk])
    assert for_member.status == experiment.status
    from django.contrib.auth.models import AnonymousUser

    [for_visitor] = selectors.dialog_outcomes(dialog=dialog, user=AnonymousUser())
    assert for_visitor.target_url == "" and for_visitor.status is None
    # «Fra dialogen …» on the experiment's page.
    page = _client_for(world, "member").get(reverse("experiments:detail", args=[experiment.pk]))
    assert "Fra dialogen" in page.text and dialog.title in page.text


def test_barrier_page_says_which_dialog_it_came_from(world, client):
    dialog = make_dialog(world, results_public=True)
    barrier = escalate(report(world), world.users["mission_lead"])
    _decision(
        dialog,
        world.users["member"],
        kind=OutcomeKind.BARRIER,
        barrier=barrier,
        title="Meldt videre til direktoratet",
    )
    page = client.get(reverse("barriers:detail", args=[barrier.pk]))  # public once escalated
    assert page.status_code == 200
    assert "Fra dialogen" in page.text and "Meldt videre til direktoratet" in page.text


# --- pages and the API -------------------------------------------------------------------------


def _client_for(world, role):
    from django.test import Client

    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_public_page_results_and_report_show_outcomes(world, client):
    dialog = make_dialog(world, results_public=True)
    _decision(dialog, world.users["member"], title="Vedtatt: fast kontaktperson")
    for name in ("participate", "results", "report"):
        page = client.get(reverse(f"dialogs:{name}", args=[dialog.slug]))
        assert page.status_code == 200, name
        assert "Dette skjedde videre" in page.text and "Vedtatt: fast kontaktperson" in page.text
    sheet = client.get(reverse("dialogs:report_xlsx", args=[dialog.slug]))
    assert sheet.status_code == 200


def test_public_page_hides_outcomes_while_results_are_not_public(world, client):
    dialog = make_dialog(world)
    _decision(dialog, world.users["member"], title="Hemmelig vedtak")
    page = client.get(reverse("dialogs:participate", args=[dialog.slug]))
    assert "Hemmelig vedtak" not in page.text


def test_api_outcomes_public_with_the_results(world, client):
    dialog = make_dialog(world)
    seed = _seed(dialog)
    _decision(dialog, world.users["member"], statements=[seed])
    url = f"/api/v1/dialogs/{dialog.slug}/outcomes"
    refused = client.get(url)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"]
    assert client.get("/api/v1/dialogs/finnes-ikke/outcomes").status_code == 404
    services.dialog_update(dialog=dialog, results_public=True)
    [item] = client.get(url).json()
    assert item["kind"] == "decision"
    assert item["status"] == "decided"
    assert item["statements"] == [seed.pk]
    assert item["date"] == TODAY().isoformat()
    assert item["url"].endswith(f"#videre-{DialogOutcome.objects.get().pk}")
    assert set(item) >= {"kind", "title", "url", "status", "statements", "date"}


def test_facilitator_adds_outcome_through_the_form(world):
    dialog = make_dialog(world)
    client = _client_for(world, "member")
    form = client.get(reverse("dialogs:outcome_create", args=[dialog.slug]))
    assert form.status_code == 200 and _seed(dialog).text in form.text
    response = client.post(
        reverse("dialogs:outcome_create", args=[dialog.slug]),
        {
            "kind": "not_taken_further",
            "title": "Gratis buss",
            "text": "",
            "statements": [_seed(dialog).pk],
        },
    )
    assert response.status_code == 200  # the reason is missing
    assert "begrunnelse" in response.text
    response = client.post(
        reverse("dialogs:outcome_create", args=[dialog.slug]),
        {
            "kind": "not_taken_further",
            "title": "Gratis buss",
            "text": "Fylket eier bussene; vi har sendt ønsket videre.",
            "statements": [_seed(dialog).pk],
        },
    )
    assert response.status_code == 302
    outcome = DialogOutcome.objects.get()
    delete = reverse("dialogs:outcome_delete", args=[dialog.slug, outcome.pk])
    assert client.post(delete).status_code == 302
    assert not DialogOutcome.objects.exists()


# --- the participant coming back -------------------------------------------------------------


def _participant_client(dialog, token):
    from django.test import Client

    client = Client()
    client.cookies[cookie_name(dialog)] = token
    return client


def test_participant_sees_own_statements_fate_only(world):
    dialog = make_dialog(world, results_public=True)
    moderator = world.users["member"]
    mine = services.participant_create(dialog=dialog)
    theirs = services.participant_create(dialog=dialog)
    published = services.statement_submit(participant=mine.participant, text="Mer praksis i Vg1.")
    rejected = services.statement_submit(participant=mine.participant, text="Dette er tull.")
    other = services.statement_submit(participant=theirs.participant, text="Lengre åpningstider.")
    services.statement_moderate(statement=published, moderator=moderator, approve=True)
    services.statement_moderate(
        statement=rejected,
        moderator=moderator,
        approve=False,
        reason="Moderatorens egen merknad",
        category=RejectionCategory.OFF_TOPIC,
    )
    _decision(dialog, moderator, title="Praksisdager fra høsten", statements=[published])

    page = _participant_client(dialog, mine.token).get(reverse("dialogs:mine", args=[dialog.slug]))
    assert page.status_code == 200
    assert published.text in page.text and rejected.text in page.text
    assert other.text not in page.text
    assert "Publisert" in page.text and "Ikke publisert" in page.text
    assert str(RejectionCategory.OFF_TOPIC.label) in page.text
    assert "Moderatorens egen merknad" not in page.text
    assert moderator.get_full_name() not in page.text and moderator.email not in page.text
    assert "Praksisdager fra høsten" in page.text

    # Without a token there is nothing to show: back to the start.
    from django.test import Client

    assert Client().get(reverse("dialogs:mine", args=[dialog.slug])).status_code == 302


def test_rejection_category_defaults(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    first = services.statement_submit(participant=participant, text="Mer praksis i Vg1.")
    copy = services.statement_submit(participant=participant, text="Mer praksis i Vg1!")
    moderator = world.users["member"]
    services.statement_moderate(statement=copy, moderator=moderator, approve=False, reason="Lik")
    services.statement_moderate(
        statement=first, moderator=moderator, approve=False, personal_data=True
    )
    copy.refresh_from_db()
    first.refresh_from_db()
    assert copy.rejection_category == RejectionCategory.DUPLICATE
    assert first.rejection_category == RejectionCategory.PERSONAL_DATA
    with pytest.raises(ServiceError):
        services.statement_moderate(
            statement=first, moderator=moderator, approve=False, reason="x", category="nope"
        )


# --- «Gi meg beskjed om hva som skjer» ------------------------------------------------------


@pytest.mark.parametrize("email", ["", "ikke en adresse", "a@b", "x" * 250 + "@example.no"])
def test_subscription_refuses_bad_addresses(world, email):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    with pytest.raises(ServiceError) as refused:
        services.outcome_subscription_set(participant=participant, email=email)
    assert refused.value.field == "email"
    assert not OutcomeSubscription.objects.exists()


def test_subscriber_is_emailed_with_an_unsubscribe_link(world, django_capture_on_commit_callbacks):
    dialog = make_dialog(world, results_public=True)
    created = services.participant_create(dialog=dialog)
    statement = services.statement_submit(participant=created.participant, text="Mer praksis.")
    services.statement_moderate(statement=statement, moderator=world.users["member"], approve=True)
    client = _participant_client(dialog, created.token)
    response = client.post(
        reverse("dialogs:mine", args=[dialog.slug]),
        {"action": "subscribe", "email": "Ung@Example.NO"},
    )
    assert response.status_code == 302
    subscription = OutcomeSubscription.objects.get()
    assert subscription.email == "Ung@example.no"
    assert subscription.participant.token_hash  # stored apart from the token, linked to it

    with django_capture_on_commit_callbacks(execute=True):
        _decision(dialog, world.users["member"], title="Praksisdager", statements=[statement])
    [message] = mail.outbox
    assert message.to == ["Ung@example.no"]
    assert "Praksisdager" in message.body and "utsagn du skrev" in message.body
    link = re.search(r"https?://\S+/avmeld/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    # Told once: the next outcome brings only the news.
    with django_capture_on_commit_callbacks(execute=True):
        _decision(dialog, world.users["member"], title="Nytt vedtak")
    assert len(mail.outbox) == 2 and "Praksisdager" not in mail.outbox[1].body

    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path).status_code == 200
    assert not OutcomeSubscription.objects.exists()
    assert client.get("/dialoger/avmeld/forfalsket/").status_code == 404


def test_no_email_while_results_are_not_public_then_catches_up(
    world, django_capture_on_commit_callbacks
):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    services.outcome_subscription_set(participant=participant, email="ung@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        _decision(dialog, world.users["member"], title="Vedtak før offentlig")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.dialog_update(dialog=dialog, results_public=True)
    [message] = mail.outbox
    assert "Vedtak før offentlig" in message.body


def test_subscriptions_are_never_in_exports(world, client):
    dialog = make_dialog(world, results_public=True)
    participant = services.participant_create(dialog=dialog).participant
    services.outcome_subscription_set(participant=participant, email="hemmelig@example.no")
    member = _client_for(world, "member")
    for name in ("report", "report_xlsx", "export"):
        response = member.get(reverse(f"dialogs:{name}", args=[dialog.slug]))
        assert response.status_code == 200
        assert b"hemmelig@example.no" not in response.content


def test_purge_deletes_the_email(world):
    dialog = make_dialog(world, retention_days=0)
    kept_dialog = make_dialog(world, title="Fortsatt åpen")
    participant = services.participant_create(dialog=dialog).participant
    services.outcome_subscription_set(participant=participant, email="ung@example.no")
    other = services.participant_create(dialog=kept_dialog).participant
    services.outcome_subscription_set(participant=other, email="annen@example.no")
    services.dialog_close(dialog=dialog)
    services.participants_purge_expired(now=timezone.now() + datetime.timedelta(minutes=5))
    assert list(OutcomeSubscription.objects.values_list("email", flat=True)) == ["annen@example.no"]


def test_notice_token_round_trip(world):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    subscription = services.outcome_subscription_set(participant=participant, email="a@b.no")
    token = notices.unsubscribe_token(subscription)
    assert notices.subscription_id_from_token(token) == subscription.pk
    assert notices.subscription_id_from_token(token + "x") is None

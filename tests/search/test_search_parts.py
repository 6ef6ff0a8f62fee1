"""Every part of Fellesløft is in the one search – and search follows each part's rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from fellesloft.accounts.models import GlobalRole
from fellesloft.barriers import services as barrier_services
from fellesloft.dialogs import services as dialog_services
from fellesloft.dialogs.models import StatementState
from fellesloft.experiments import services as experiment_services
from fellesloft.search import indexing, queries
from fellesloft.search.models import SearchDocument
from fellesloft.search.queries import search, visible_q
from fellesloft.search.registry import registry
from tests.barriers import helpers as barriers
from tests.dialogs.helpers import make_dialog
from tests.experiments import factories as experiments
from tests.learning.factories import make_meeting, make_resource
from tests.measures.factories import make_measure
from tests.world import ROLES, make_user

WORD = "kvitveis"

# Every part the issue names, by the source key it registers under.
EVERY_PART = {
    "experiment",
    "sprint",
    "learning_card",
    "barrier",
    "barrier_answer",
    "dialog",
    "statement",
    "resource",
    "measure",
    "meeting",
    "meeting_notes",
    "discussion",
}


def test_every_part_is_registered():
    assert set(registry()) >= EVERY_PART


@pytest.fixture
def parts(world):
    """One object (or more) of every part, each carrying the word «kvitveis»."""
    lead = world.users["mission_lead"]
    objects = {}
    experiment = experiments.experiment(world, title=f"Forsøk med {WORD}")
    objects["experiment"] = experiment
    sprint = experiments.past_sprint(experiment)
    objects["sprint"] = experiment_services.sprint_update(
        sprint=sprint, by=lead, do_what_happened=f"Vi prøvde {WORD} i klassen."
    )
    card = experiment_services.learning_card_create(
        experiment=experiment,
        title=f"Læring om {WORD}",
        hypothesis="Fast kontakt hjelper.",
        observation="Flere kom.",
        learning="Relasjonen betyr mest.",
        decision="Videreføre.",
        by=lead,
    )
    objects["published_card"] = experiment_services.learning_card_publish(card=card, by=lead)
    objects["draft_card"] = experiment_services.learning_card_create(
        experiment=experiment,
        title=f"Utkast om {WORD}",
        hypothesis="x",
        observation="y",
        learning="z",
        decision="w",
        by=lead,
    )

    objects["reported_barrier"] = barriers.report(world, title=f"Meldt barriere om {WORD}")
    objects["held_barrier"] = barriers.report(
        world,
        title=f"Holdt barriere om {WORD}",
        example="Ring meg på 912 34 567 eller skriv til ola@example.no",
    )
    assert objects["held_barrier"].is_held
    escalated = barriers.escalate(
        barriers.report(world, title=f"Eskalert barriere om {WORD}"), lead
    )
    objects["answered_barrier"] = barrier_services.barrier_answer(
        barrier=escalated, actor=lead, outcome="partly", text=f"Delvis ja, {WORD} vurderes."
    )

    published = make_dialog(world, title=f"Dialog om {WORD}")
    dialog_services.dialog_update(dialog=published, results_public=True)
    objects["dialog"] = published
    objects["hidden_dialog"] = make_dialog(
        world, title=f"Skjult dialog om {WORD}", seeds=[f"Skjult utsagn om {WORD}"]
    )
    objects["statement"] = published.statements.first()
    objects["statement"].text = f"Unge trenger {WORD} og én fast voksen."
    objects["statement"].save()

    objects["measure"] = make_measure(provider=world.organisation, name=f"Tiltak {WORD}")
    objects["resource"] = make_resource(f"Webinar om {WORD}")
    objects["meeting"] = make_meeting(f"Samling om {WORD}")
    return objects


def _extra_users():
    return {
        "national_partner": make_user("np@test.no", global_role=GlobalRole.NATIONAL_PARTNER),
        "moderator": make_user("mod@test.no", global_role=GlobalRole.MODERATOR),
        "outsider": make_user("ute@test.no"),
    }


def test_search_finds_every_part(world, parts):
    found = {
        hit.document.source for hit in search(user=world.users["superuser"], query=WORD)[0:100]
    }
    assert found >= EVERY_PART - {"meeting_notes", "discussion"}


def test_the_index_agrees_with_each_parts_permissions_for_every_role(world, parts):
    """For every indexed object: visible in search exactly when the part's rules let the user
    open it – for each role of the world and for roles without any membership."""
    users = {role: world.users[role] for role in ROLES} | _extra_users()
    documents = list(SearchDocument.objects.all())
    assert {doc.source for doc in documents} >= EVERY_PART - {"meeting_notes", "discussion"}
    for role, user in users.items():
        visible = set(SearchDocument.objects.filter(visible_q(user)).values_list("pk", flat=True))
        checker = user if user is not None else AnonymousUser()
        for doc in documents:
            source = registry()[doc.source]
            obj = source.model._default_manager.get(pk=doc.object_id)
            allowed = checker.has_perm(source.permission, source.permission_object(obj))
            assert (doc.pk in visible) == allowed, (role, doc.source, doc.title)


def test_what_stays_out_of_the_index(world, parts):
    titles = set(SearchDocument.objects.values_list("title", flat=True))
    assert f"Utkast om {WORD}" not in titles  # draft learning card
    assert f"Skjult dialog om {WORD}" not in titles  # results not published
    assert f"Skjult utsagn om {WORD}" not in titles
    anonymous = {hit.document.title for hit in search(user=None, query=WORD)[0:100]}
    assert f"Meldt barriere om {WORD}" not in anonymous
    assert f"Eskalert barriere om {WORD}" in anonymous
    assert f"Holdt barriere om {WORD}" not in anonymous
    member = {hit.document.title for hit in search(user=world.users["member"], query=WORD)[0:100]}
    assert f"Holdt barriere om {WORD}" in member  # the reporting organisation
    other = {
        hit.document.title
        for hit in search(user=world.users["other_coordinator"], query=WORD)[0:100]
    }
    assert f"Meldt barriere om {WORD}" in other
    assert f"Holdt barriere om {WORD}" not in other
    # The personal data of a held example is never shown to those who may not see it.
    assert "912 34 567" not in " ".join(
        doc.body
        for doc in SearchDocument.objects.filter(visible_q(world.users["other_coordinator"]))
    )


def test_the_index_follows_the_parts(world, parts):
    lead = world.users["mission_lead"]
    card = experiment_services.learning_card_unpublish(card=parts["published_card"], by=lead)
    assert not SearchDocument.objects.filter(source="learning_card", object_id=card.pk).exists()
    dialog_services.dialog_update(dialog=parts["dialog"], results_public=False)
    assert not SearchDocument.objects.filter(source__in=["dialog", "statement"]).exists()
    dialog_services.dialog_update(dialog=parts["dialog"], results_public=True)
    approved = parts["dialog"].statements.filter(state=StatementState.APPROVED).count()
    assert SearchDocument.objects.filter(source="statement").count() == approved
    experiment = parts["experiment"]
    experiment.title = "Nytt navn på forsøket"
    experiment.save()
    sprint_doc = SearchDocument.objects.get(source="sprint", object_id=parts["sprint"].pk)
    assert "Nytt navn på forsøket" in sprint_doc.title


def test_the_feed_has_cards_barriers_answers_dialog_reports_and_notes(client_as, world, parts):
    from fellesloft.learning import services

    services.meeting_update(meeting=parts["meeting"], notes=f"Referat om {WORD}.")
    feed = {doc.source for doc in queries.feed(user=world.users["member"])}
    assert feed >= {"learning_card", "barrier", "barrier_answer", "dialog", "meeting_notes"}
    response = client_as("anonymous").get(reverse("learning:feed"))
    content = response.content.decode()
    assert f"Læring om {WORD}" in content
    assert f"Meldt barriere om {WORD}" not in content


def test_search_page_filters_by_each_type(client_as, world, parts):
    client = client_as("superuser")
    for key in [
        "experiment",
        "sprint",
        "learning_card",
        "barrier",
        "dialog",
        "statement",
        "measure",
    ]:
        response = client.get(reverse("search:search"), {"q": WORD, "type": key})
        assert response.status_code == 200, key
        hits = response.context["page"].object_list
        assert hits and {hit.document.source for hit in hits} == {key}, key


def test_index_missing_sources_builds_only_what_is_missing(world, parts):
    SearchDocument.objects.filter(source="measure").delete()
    before = SearchDocument.objects.filter(source="resource").values_list("pk", flat=True)
    built = indexing.index_missing_sources()
    # Sources whose objects are all left out (a meeting without notes) are tried and stay empty.
    assert {key: count for key, count in built.items() if count} == {"measure": 1}
    assert list(
        SearchDocument.objects.filter(source="resource").values_list("pk", flat=True)
    ) == list(before)


def _bulk_statement(dialog, text):
    from fellesloft.dialogs.models import Statement

    return Statement(
        dialog=dialog, text=text, normalised_text=text.lower(), state=StatementState.APPROVED
    )


def test_bulk_written_objects_are_indexed_with_reindex_queryset(world, parts):
    from fellesloft.dialogs.models import Statement

    dialog = parts["dialog"]
    # A bulk load with the hooks paused (benchmarks, big imports) catches up with
    # reindex_queryset.
    with indexing.indexing_paused():
        Statement.objects.bulk_create([_bulk_statement(dialog, "Et bulk-utsagn om hestehov")])
    assert not search(user=None, query="hestehov")[0:5]
    indexing.reindex_queryset(Statement.objects.filter(dialog=dialog))
    assert [hit.document.title for hit in search(user=None, query="hestehov")[0:5]] == [
        "Et bulk-utsagn om hestehov"
    ]


def test_every_bulk_write_reaches_the_index_without_the_writer_doing_anything(world, parts):
    from fellesloft.dialogs.models import Statement
    from fellesloft.measures.models import MeasureYouthNeed, YouthNeed

    dialog = parts["dialog"]
    # bulk_create through the model's manager and through a related manager
    Statement.objects.bulk_create([_bulk_statement(dialog, "Et bulk-utsagn om hestehov")])
    dialog.statements.bulk_create([_bulk_statement(dialog, "Et relatert utsagn om blåveis")])
    assert [hit.document.title for hit in search(user=None, query="hestehov")[0:5]] == [
        "Et bulk-utsagn om hestehov"
    ]
    assert len(search(user=None, query="blåveis")[0:5]) == 1
    # update(): the rows are found under their new text, and leave when they leave the index
    dialog.statements.filter(text__contains="hestehov").update(text="Et utsagn om løvetann")
    assert not search(user=None, query="hestehov")[0:5]
    assert len(search(user=None, query="løvetann")[0:5]) == 1
    Statement.objects.filter(text__contains="løvetann").update(state=StatementState.REJECTED)
    assert not search(user=None, query="løvetann")[0:5]
    # bulk_update()
    statement = dialog.statements.get(text__contains="blåveis")
    statement.text = "Et utsagn om gullstjerne"
    Statement.objects.bulk_update([statement], ["text"])
    assert len(search(user=None, query="gullstjerne")[0:5]) == 1
    # a dependency written in bulk re-indexes its parent (a measure's youth needs)
    measure = parts["measure"]
    MeasureYouthNeed.objects.filter(measure=measure).delete()
    MeasureYouthNeed.objects.bulk_create(
        [MeasureYouthNeed(measure=measure, need=YouthNeed.choices[0][0])]
    )
    document = SearchDocument.objects.get(source="measure", object_id=measure.pk)
    assert str(YouthNeed.choices[0][1]) in document.body


def test_seed_statements_added_in_bulk_reach_the_index(world, parts):
    # The seed statements are written in bulk; the index sees them without a signal.
    dialog_services.seed_statements_add(
        dialog=parts["dialog"], texts=["Et startutsagn om multekart for unge"]
    )
    assert [hit.document.title for hit in search(user=None, query="multekart")[0:5]] == [
        "Et startutsagn om multekart for unge"
    ]


def test_a_measure_in_several_municipalities_is_found_under_each(world):
    from fellesloft.organisations.models import Municipality

    hitra = Municipality.objects.get(number="5056")
    make_measure(
        provider=world.organisation,
        name="Ungdomslos i to kommuner",
        municipalities=[world.municipality, hitra],
    )
    for municipality in (world.municipality, hitra):
        titles = [
            hit.document.title
            for hit in search(user=None, query="ungdomslos", municipality=municipality)[0:5]
        ]
        assert titles == ["Ungdomslos i to kommuner"], municipality
    assert not search(user=None, query="ungdomslos", municipality=world.other_municipality)[0:5]

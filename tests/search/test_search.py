"""The shared search index: ranking, highlighting, filters, upkeep – and who sees what."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from fellesloft.learning import services
from fellesloft.learning.models import DiscussionVisibility
from fellesloft.search import indexing, queries
from fellesloft.search.models import SearchDocument
from fellesloft.search.queries import search, visible_q
from fellesloft.search.registry import registry
from tests.learning.factories import make_discussion, make_meeting, make_resource
from tests.world import ROLES


def _titles(user, query, **filters):
    return [hit.document.title for hit in search(user=user, query=query, **filters)[0:50]]


@pytest.fixture
def secrets(world):
    """One object of every visibility level, all carrying the word «gullrekka»."""
    resource = make_resource("Gullrekka: offentlig webinar", questions=["Hva nå?"])
    private = make_discussion(
        resource, world.organisation, world.users["member"], text="Gullrekka privat svar"
    )
    shared = make_discussion(
        resource,
        world.other_organisation,
        world.users["other_coordinator"],
        text="Gullrekka delt svar",
        visibility=DiscussionVisibility.SHARED,
    )
    meeting = make_meeting("Samling uten referat")
    services.meeting_update(meeting=meeting, notes="Gullrekka i referatet")
    return {"resource": resource, "private": private, "shared": shared, "meeting": meeting}


def test_finds_ranks_and_highlights(world):
    make_resource("Samarbeid i barnevernet", summary="Om barnevernstjenesten og skolen.")
    make_resource("Skolen og NAV", summary="Barnevernet nevnes bare her i teksten.")
    hits = search(user=None, query="barnevern", sources=["resource"])[0:10]
    assert [hit.document.title for hit in hits][:2] == [
        "Samarbeid i barnevernet",  # the title weighs more than the text
        "Skolen og NAV",
    ]
    assert "<mark>" in hits[0].title_html
    assert "<mark>" in hits[1].snippet_html


def test_snippets_escape_html_and_odd_queries_do_not_fail(world):
    make_resource("Trygg tekst", summary="<script>alert(1)</script> relasjoner")
    hit = search(user=None, query="relasjoner", sources=["resource"])[0:1][0]
    assert "<script>" not in hit.snippet_html
    assert str(queries.highlight("<b>\x02ord\x03")) == "&lt;b&gt;<mark>ord</mark>"
    for query in ['"', "NEAR(a b", "a OR", "*", "-x", "æøå:*&|!", "  "]:
        search(user=None, query=query)[0:5]  # no exception


def test_search_never_shows_what_the_user_may_not_see(world, secrets):
    expected = {
        "anonymous": {"Gullrekka: offentlig webinar"},
        # members see their organisation's private answers and what is shared
        "member": {"resource", "private", "shared", "meeting"},
        "other_coordinator": {"resource", "shared", "meeting"},
        "mission_lead": {"resource", "shared", "meeting"},
        "superuser": {"resource", "private", "shared", "meeting"},
    }
    for role in ROLES:
        user = world.users[role]
        found = {hit.document.url for hit in search(user=user, query="gullrekka")[0:50]}
        want = {
            "resource": secrets["resource"].get_absolute_url(),
            "private": secrets["private"].get_absolute_url(),
            "shared": secrets["shared"].get_absolute_url(),
            "meeting": secrets["meeting"].get_absolute_url() + "#referat",
        }
        names = expected[role] if role != "anonymous" else {"resource"}
        assert found == {want[name] for name in names}, role


def test_the_index_agrees_with_the_permissions_for_every_source_and_role(world, secrets):
    """For every indexed object: visible in search exactly when the rules let the user open it."""
    documents = list(SearchDocument.objects.all())
    assert {doc.source for doc in documents} >= {"resource", "discussion", "meeting_notes"}
    for role in ROLES:
        user = world.users[role]
        visible = set(SearchDocument.objects.filter(visible_q(user)).values_list("pk", flat=True))
        for doc in documents:
            source = registry()[doc.source]
            if source.permission is None:
                continue
            obj = source.model._default_manager.get(pk=doc.object_id)
            checker = user if user is not None else _anonymous()
            allowed = checker.has_perm(source.permission, source.permission_object(obj))
            assert (doc.pk in visible) == allowed, (role, doc.source, doc.title)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_the_search_page_shows_only_permitted_hits(client_as, secrets):
    response = client_as("other_coordinator").get(reverse("search:search"), {"q": "gullrekka"})
    content = response.content.decode()
    assert secrets["shared"].get_absolute_url() in content
    assert secrets["private"].get_absolute_url() not in content
    anonymous = client_as("anonymous").get(reverse("search:search"), {"q": "gullrekka"})
    assert "#referat" not in anonymous.content.decode()
    assert secrets["resource"].get_absolute_url() in anonymous.content.decode()


def test_filters_by_type_and_municipality(world):
    make_meeting("Samling om mestring", host_municipality=world.municipality)
    make_meeting("Mestring på Frøya", host_municipality=world.other_municipality)
    make_resource("Mestring i skolen")
    assert set(_titles(None, "mestring", sources=["meeting"])) == {
        "Samling om mestring",
        "Mestring på Frøya",
    }
    assert _titles(None, "mestring", municipality=world.other_municipality) == ["Mestring på Frøya"]


def test_the_index_follows_changes_and_deletes(world):
    resource = make_resource("Gammel tittel")
    assert _titles(None, "gammel") == ["Gammel tittel"]
    services.resource_update(resource=resource, title="Ny overskrift")
    assert _titles(None, "gammel") == []
    assert _titles(None, "overskrift") == ["Ny overskrift"]
    services.resource_update(resource=resource, questions=["Hvordan møter vi ungdommen?"])
    assert _titles(None, "ungdommen") == ["Ny overskrift"]
    resource.delete()
    assert _titles(None, "overskrift") == []


def test_sharing_a_discussion_changes_who_finds_it(world):
    resource = make_resource()
    discussion = make_discussion(resource, world.organisation, world.users["member"], text="Kaffe")
    other = world.users["other_coordinator"]
    assert _titles(other, "kaffe") == []
    services.discussion_update(
        discussion=discussion,
        held_on=discussion.held_on,
        answers={resource.questions.first().pk: "Kaffe og kake"},
        visibility=DiscussionVisibility.SHARED,
    )
    assert len(_titles(other, "kaffe")) == 1


def test_organisations_are_searchable(world):
    assert world.organisation.name in _titles(None, "oppvekst")


def test_rebuild_command_restores_the_index(world):
    make_resource("Ressurs som skal tilbake")
    SearchDocument.objects.all().delete()
    assert _titles(None, "tilbake") == []
    call_command("search_rebuild", stdout=__import__("io").StringIO())
    assert _titles(None, "tilbake") == ["Ressurs som skal tilbake"]
    assert SearchDocument.objects.filter(source="organisation").count() == 2


def test_refresh_writes_only_what_differs(world):
    """What a restore runs: a current index stays as it is, row for row; a stale, a missing
    and an orphaned document are put right."""
    kept = make_resource("Ressurs som står")
    stale = make_resource("Ressurs med ny tittel")
    missing = make_resource("Ressurs uten dokument")
    before = {doc.pk: doc for doc in SearchDocument.objects.all()}
    SearchDocument.objects.filter(source="resource", object_id=stale.pk).update(title="Gammel")
    SearchDocument.objects.filter(source="resource", object_id=missing.pk).delete()
    orphan = SearchDocument.objects.create(
        source="resource", object_id=10**9, title="Foreldreløs", url="/", date=kept.created_at
    )

    counts = indexing.refresh()

    after = {doc.pk: doc for doc in SearchDocument.objects.all()}
    assert counts == {key: SearchDocument.objects.filter(source=key).count() for key in registry()}
    assert orphan.pk not in after
    current = SearchDocument.objects.get(source="resource", object_id=stale.pk)
    assert current.title == "Ressurs med ny tittel" and current.pk in before
    assert _titles(None, "dokument") == ["Ressurs uten dokument"]
    untouched = [pk for pk in before if pk != current.pk and before[pk].object_id != missing.pk]
    for pk in untouched:
        assert (after[pk].title, after[pk].indexed_at) == (before[pk].title, before[pk].indexed_at)


def test_search_page_queries_do_not_grow(client_as, world, django_assert_max_num_queries):
    for number in range(30):
        make_resource(f"Relasjoner nummer {number}")
    client = client_as("member")
    # Twelve for the page, one for the header's count of unread notifications.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("search:search"), {"q": "relasjoner"})
    assert response.status_code == 200
    assert response.content.decode().count("<mark>") >= 20


def test_registry_documents_every_source():
    for key, source in registry().items():
        assert source.key == key
        assert source.permission, key


def test_counting_stops_at_the_cap_but_ranking_does_not(world, monkeypatch, client_as):
    monkeypatch.setattr(queries, "COUNT_LIMIT", 3)
    make_resource("Kapasitet og turnus", summary="Kapasitet.")
    for number in range(4):
        make_resource(f"Ressurs {number}", summary=f"Om kapasitet, del {number}.")
    results = search(user=None, query="kapasitet")
    assert results.count() == 3
    assert results.count_is_capped
    hits = results[0:10]
    assert len(hits) == 5  # every match is ranked, not only the counted ones
    assert hits[0].document.title == "Kapasitet og turnus"
    assert all("<mark>" in hit.snippet_html for hit in hits)
    response = client_as("anonymous").get(reverse("search:search"), {"q": "kapasitet"})
    assert "Over 3 treff" in response.content.decode()
    few = search(user=None, query="turnus")
    assert few.count() == 1
    assert not few.count_is_capped


def test_each_page_is_ranked_and_highlighted_on_its_own(world):
    for number in range(25):
        make_resource(f"Relasjoner {number:02d}", summary=f"Tekst om relasjoner nummer {number}.")
    results = search(user=None, query="relasjoner")
    first, second = results[0:20], results[20:40]
    assert len(first) == 20 and len(second) == 5
    assert not {hit.document.pk for hit in first} & {hit.document.pk for hit in second}
    assert all("<mark>" in hit.title_html for hit in first + second)

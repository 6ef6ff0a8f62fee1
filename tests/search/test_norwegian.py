"""Search understands Norwegian the same way on SQLite and on PostgreSQL.

Every test here runs on whichever database the suite runs on (SQLite by default, PostgreSQL
with DATABASE_URL) and requires the same hits: the table of inflected and compound forms is
written out, and the property test requires each database to agree, search for search, with
the one matching rule of `fellesloft.search.text` (a document matches when, for every
query word, one of its words' stems starts with that word's prefix).
"""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fellesloft.search import indexing, text
from fellesloft.search.models import SearchDocument
from fellesloft.search.queries import search
from tests.learning.factories import make_resource

# title, text
DOCUMENTS = {
    "ungdom": ("Ungdom i Trøndelag", "Om unge voksne."),
    "ungdommer": ("Møteplass", "Ungdommer trenger en fast voksen."),
    "ungdommene": ("Ungdommene på Frøya", ""),
    "ungdomsklubb": ("Ungdomsklubben holder åpent", "Hver fredag."),
    "ungdomsskole": ("Ny læreplan", "Gjelder ungdomsskolen i Orkland."),
    "tiltak": ("Tiltak for unge", ""),
    "tiltaket": ("Evaluering", "Tiltaket virket godt."),
    "tiltakene": ("Tiltakene evalueres", ""),
    "skole": ("Skole og arbeid", ""),
    "skolen": ("Bygda", "Skolen i bygda er liten."),
    "skoler": ("Skoler i fylket", ""),
    "barriere": ("En barriere i NAV", ""),
    "barrierer": ("Barrierer for deltakelse", ""),
    "barrierene": ("Notat", "Barrierene fjernes ikke av seg selv."),
    "mixed": ("Tiltakene for ungdommen", "Skolen og fritiden."),
}
UNGDOM = {"ungdom", "ungdommer", "ungdommene", "ungdomsklubb", "ungdomsskole", "mixed"}
TILTAK = {"tiltak", "tiltaket", "tiltakene", "mixed"}
SKOLE = {"skole", "skolen", "skoler", "mixed"}
BARRIERE = {"barriere", "barrierer", "barrierene"}

# query: the documents it must find – on both databases
TABLE = {
    # the plain form, inflected forms and compounds find each other
    "ungdom": UNGDOM,
    "Ungdommer": UNGDOM,
    "ungdommene": UNGDOM,
    "ungdommen": UNGDOM,
    "ungdoms": UNGDOM,
    # a compound finds itself and its inflections, not its first part alone
    "ungdomsklubb": {"ungdomsklubb"},
    "ungdomsklubber": {"ungdomsklubb"},
    "ungdomsskole": {"ungdomsskole"},
    "tiltak": TILTAK,
    "tiltaket": TILTAK,
    "tiltakene": TILTAK,
    "skole": SKOLE,
    "skolen": SKOLE,
    "skoler": SKOLE,
    "skolene": SKOLE,
    "barriere": BARRIERE,
    "barrierer": BARRIERE,
    "barrierene": BARRIERE,
    # every word must be found; stop words do not count when there are others
    "ungdom tiltak": {"mixed"},
    "tiltakene for ungdommene og skolen": {"mixed"},
    "skole og": SKOLE,
    # a word of a compound's end is not its start
    "klubb": set(),
    "ungdomsarbeid": set(),
}


@pytest.fixture
def documents(world):
    made = {}
    for key, (title, body) in DOCUMENTS.items():
        made[key] = make_resource(title, questions=(), summary=body, kind="report")
    return {resource.pk: key for key, resource in made.items()}


def _found(query: str, documents) -> set[str]:
    hits = search(user=None, query=query, sources=["resource"])[0:100]
    return {documents[hit.document.object_id] for hit in hits}


@pytest.mark.parametrize(("query", "expected"), list(TABLE.items()))
def test_inflected_and_compound_forms_find_each_other(documents, query, expected):
    results = search(user=None, query=query, sources=["resource"])
    assert _found(query, documents) == expected
    assert results.count() == len(expected)


def test_the_hits_show_the_original_words_highlighted(documents):
    hits = {hit.document.title: hit for hit in search(user=None, query="ungdommer")[0:50]}
    assert str(hits["Ungdommene på Frøya"].title_html) == "<mark>Ungdommene</mark> på Frøya"
    assert str(hits["Ungdomsklubben holder åpent"].title_html) == (
        "<mark>Ungdomsklubben</mark> holder åpent"
    )
    snippet = str(hits["Ny læreplan"].snippet_html)
    assert "<mark>ungdomsskolen</mark> i Orkland." in snippet
    assert "ungdomsskol " not in snippet  # never the stored stems
    mixed = search(user=None, query="tiltak skoler")[0:1][0]
    assert str(mixed.title_html) == "<mark>Tiltakene</mark> for ungdommen"
    assert str(mixed.snippet_html).startswith("<mark>Skolen</mark> og fritiden.")


def test_the_index_stores_stems_and_the_title_as_written(documents):
    doc = SearchDocument.objects.get(source="resource", title="Tiltakene for ungdommen")
    assert doc.title_terms == "tiltak for ungdomm"
    assert doc.body_terms.startswith("skol og fritid")


def test_rebuild_and_refresh_write_the_stems(documents):
    SearchDocument.objects.update(title_terms="", body_terms="")
    assert _found("ungdom", documents) == set()
    call_command("search_rebuild", stdout=StringIO())
    assert _found("ungdommer", documents) == UNGDOM
    SearchDocument.objects.update(title_terms="", body_terms="")
    indexing.refresh()
    assert _found("tiltakene", documents) == TILTAK


def test_queries_become_prefixes_of_stems():
    assert text.query_prefixes("Ungdommene") == ["ungdom"]
    assert text.query_prefixes("tiltakene og skolen") == ["tiltak", "skol"]
    assert text.query_prefixes("og i") == ["og", "i"]  # only stop words: they are searched
    assert text.query_prefixes('"NEAR(a b" OR -x *:&|!') == ["near", "a", "b", "or", "x"]
    assert text.query_prefixes("takk") == ["takk"]  # short stems keep their double consonant
    assert text.query_prefixes(" ".join(f"ord{n}" for n in range(20))) == [
        f"ord{n}" for n in range(8)
    ]


# Words both tokenisers could split differently: digits, superscripts, underscores,
# decomposed letters, dotted capital I, ligatures, other scripts.
ODD_TEXT = (
    "Tiltak_2026 m² 12a3 1e5 0912 x1 İstanbul sa\u0301mi ﬁnne Straße ŋ đ ǅ "
    "жизнь 中文 عربي e-post: ola@example.no https://ks.no/a?b=c 3.14 — «ungdom»"
)


def test_both_databases_split_the_terms_into_the_same_tokens(world):
    resource = make_resource("Rart", questions=(), summary=ODD_TEXT, kind="report")
    doc = SearchDocument.objects.get(source="resource", object_id=resource.pk)
    expected = sorted(set(doc.body_terms.split()))
    assert all(term.isalpha() or term.isalnum() and term.isascii() for term in expected)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT unnest(tsvector_to_array(to_tsvector('simple', body_terms))) "
                "FROM search_searchdocument WHERE id = %s",
                [doc.pk],
            )
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms "
                "USING fts5vocab(main, search_searchdocument_fts, instance)"
            )
            cursor.execute(
                "SELECT term FROM temp.search_terms WHERE doc = %s AND col = 'body_terms'",
                [doc.pk],
            )
        tokens = sorted({row[0] for row in cursor.fetchall()})
    assert tokens == expected, (tokens, expected)
    for term in expected:
        found = search(user=None, query=term, sources=["resource"])[0:50]
        assert resource.pk in {hit.document.object_id for hit in found}, term


VOCABULARY = [
    word
    for base in DOCUMENTS
    for word in (base, base.capitalize(), base + "s", base + "arbeid", base + "ene")
] + ["og", "i", "for", "2026", "m²", "Frøya", "åpent", "bølge", "ungdomstid", "skolering"]


def _rule(query: str, docs: dict[int, str]) -> set[int]:
    """The matching rule, without a database."""
    prefixes = text.query_prefixes(query)
    if not prefixes:
        return set(docs)
    found = set()
    for pk, words in docs.items():
        terms = text.index_terms(words).split()
        if all(any(term.startswith(prefix) for term in terms) for prefix in prefixes):
            found.add(pk)
    return found


def test_each_database_finds_what_the_rule_finds(world):
    """Random documents and queries of inflected, compound and odd words: the database's
    hits are the rule's, search for search – so SQLite's are PostgreSQL's."""
    rng = random.Random(2026)
    docs = {}
    for number in range(60):
        title = " ".join(rng.choices(VOCABULARY, k=rng.randint(1, 4)))
        body = " ".join(rng.choices(VOCABULARY, k=rng.randint(0, 12)))
        resource = make_resource(f"{title} {number}", questions=(), summary=body, kind="report")
        docs[resource.pk] = f"{title} {number} {body} Rapport"
    matched_something = 0
    for _ in range(150):
        query = " ".join(rng.choices(VOCABULARY, k=rng.randint(1, 3)))
        expected = _rule(query, docs)
        hits = search(user=None, query=query, sources=["resource"])[0:1000]
        assert {hit.document.object_id for hit in hits} == expected, query
        matched_something += bool(expected)
    assert matched_something > 50


@pytest.mark.django_db(transaction=True)
def test_migrating_stems_an_index_built_before(world):
    """An index written before the terms existed searches the new way after `migrate`."""
    resource = make_resource("Ungdommene og tiltakene", questions=(), kind="report")
    executor = MigrationExecutor(connection)
    before = [("search", "0001_initial")]
    executor.migrate(before)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_searchdocument WHERE source = 'resource' "
                "AND object_id = %s",
                [resource.pk],
            )
            assert cursor.fetchone()[0] == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    doc = SearchDocument.objects.get(source="resource", object_id=resource.pk)
    assert doc.title_terms == "ungdomm og tiltak"
    for query in ("ungdom", "tiltak", "ungdommer tiltaket"):
        found = search(user=None, query=query, sources=["resource"])[0:10]
        assert [hit.document.object_id for hit in found] == [resource.pk], query

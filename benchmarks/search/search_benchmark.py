"""Search with 20 000 searchable items: p50/p95/p99 of one search (count + page of hits).

Builds a throw-away test database (SQLite file, or PostgreSQL when DATABASE_URL points at
one), fills it with 20 000 real objects of the learning network (resources, meetings with
notes, discussions private to or shared by six organisations), indexes them with the
`search_rebuild` machinery, then times searches as different users with and without filters,
exactly as the search page runs them (capped count + one page of ranked, highlighted hits).

Two vocabularies, each in its own database:

* worst – 42 topic words drawn uniformly, so every query word occurs in ~60 % of the
  documents and a search ranks ~10 000 matches;
* realistic – Norwegian text drawn from the word frequencies of the project's own documents
  (norwegian_words.txt: 1 250 words, Zipf-like), queries of one to three content words.

    uv run --frozen python benchmarks/search/search_benchmark.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        uv run --frozen python benchmarks/search/search_benchmark.py

Environment: ITEMS (20000), SEARCHES (400 per vocabulary), VOCAB (both|worst|realistic),
KEEPDB=1 keeps the filled databases and reuses them on the next run, BENCH_DB_NAME (the
database name prefix, default fellesloft_search_bench).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

ITEMS = int(os.environ.get("ITEMS", "20000"))
SEARCHES = int(os.environ.get("SEARCHES", "400"))
VOCABULARIES = (
    ("worst", "realistic") if os.environ.get("VOCAB", "both") == "both" else (os.environ["VOCAB"],)
)
KEEPDB = os.environ.get("KEEPDB") == "1"
DB_NAME = os.environ.get("BENCH_DB_NAME", "fellesloft_search_bench")
TARGET_MS = 100
PAGE_SIZE = 20
_STOPWORDS = """
og for som med til det har kan fra ikke nye hva den nok oss skal vil både denne mange mellom
dette gjennom der men eller når hvor alle også blir vår våre var være sin sine seg selv hele
mer mest enn etter over under inn ut opp ned her nå bare slik andre
"""
STOPWORDS = set(_STOPWORDS.split())

WORDS = [
    "relasjoner",
    "mestring",
    "skole",
    "barnevern",
    "psykisk",
    "helse",
    "lavinntekt",
    "oppfølging",
    "ungdom",
    "samarbeid",
    "tjenester",
    "koordinering",
    "fritid",
    "arbeid",
    "utdanning",
    "frafall",
    "NAV",
    "veileder",
    "familie",
    "bolig",
    "trygghet",
    "tillit",
    "medvirkning",
    "sprint",
    "forsøk",
    "barriere",
    "taushetsplikt",
    "fastlege",
    "helsesykepleier",
    "oppvekst",
    "kultur",
    "frivillighet",
    "næringsliv",
    "lærling",
    "praksis",
    "jobbspesialist",
    "IPS",
    "aktivitet",
    "motivasjon",
    "overgang",
    "videregående",
    "fylkeskommune",
]


class Vocabulary:
    def __init__(self, name: str):
        self.name = name
        if name == "worst":
            self.words, self.weights = WORDS, None
            self.query_words = WORDS
            return
        path = Path(__file__).with_name("norwegian_words.txt")
        rows = [
            line.split("\t")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        self.words = [word for word, _ in rows]
        self.weights = [int(count) for _, count in rows]
        # What people type: content words, not the most common function words.
        self.query_words = [
            word
            for word, count in rows
            if len(word) >= 4 and int(count) >= 2 and word not in STOPWORDS
        ]

    def sentence(self, rng: random.Random, length: int) -> str:
        if self.weights is None:
            words = [rng.choice(self.words) for _ in range(length)]
        else:
            words = rng.choices(self.words, weights=self.weights, k=length)
        return " ".join(words).capitalize() + "."

    def query(self, rng: random.Random, length: int) -> str:
        return " ".join(rng.sample(self.query_words, length))


def fill(rng: random.Random, vocabulary: Vocabulary) -> dict:
    from fellesloft.accounts.models import User
    from fellesloft.learning.models import (
        Discussion,
        DiscussionAnswer,
        NetworkMeeting,
        ReflectionQuestion,
        Resource,
    )
    from fellesloft.organisations.models import Membership, Municipality, Organisation, Sector
    from fellesloft.search import indexing
    from tests.world import ensure_reference_data

    ensure_reference_data()
    municipalities = list(Municipality.objects.all()[:10])
    sector = Sector.objects.filter(is_youth_voice=False).first()
    organisations = [
        Organisation.objects.create(
            name=f"Organisasjon {n}",
            slug=f"org-{n}",
            kind="municipal_service",
            sector=sector,
            municipality=municipalities[n],
        )
        for n in range(6)
    ]
    users = {"anonymous": None}
    member = User.objects.create_user("medlem@bench.no", "x")
    Membership.objects.create(user=member, organisation=organisations[0])
    users["member"] = member
    users["mission_lead"] = User.objects.create_user(
        "leder@bench.no", "x", global_role="mission_lead"
    )
    now = timezone.now()
    n_resources, n_meetings = ITEMS * 5 // 10, ITEMS * 2 // 10
    n_discussions = ITEMS - n_resources - n_meetings * 2
    with indexing.indexing_paused():
        resources = Resource.objects.bulk_create(
            Resource(
                kind="report",
                slug=f"r-{n}",
                title=vocabulary.sentence(rng, 6),
                publisher="Forlag",
                url="https://example.no/",
                summary=" ".join(vocabulary.sentence(rng, 14) for _ in range(4)),
            )
            for n in range(n_resources)
        )
        questions = ReflectionQuestion.objects.bulk_create(
            ReflectionQuestion(resource=resources[n], text=vocabulary.sentence(rng, 8))
            for n in range(200)
        )
        NetworkMeeting.objects.bulk_create(
            NetworkMeeting(
                title=vocabulary.sentence(rng, 5),
                slug=f"m-{n}",
                starts_at=now + timedelta(days=n % 400 - 200),
                ends_at=now + timedelta(days=n % 400 - 200, hours=3),
                location="Rådhuset",
                host_municipality=rng.choice(municipalities),
                agenda=vocabulary.sentence(rng, 30),
                notes=vocabulary.sentence(rng, 60),
                notes_published_at=now,
            )
            for n in range(n_meetings)
        )
        discussions = Discussion.objects.bulk_create(
            Discussion(
                resource=questions[n % 200].resource,
                organisation=rng.choice(organisations),
                held_on=now.date(),
                participants="Ledergruppen",
                visibility="shared" if n % 3 == 0 else "private",
            )
            for n in range(n_discussions)
        )
        DiscussionAnswer.objects.bulk_create(
            DiscussionAnswer(
                discussion=discussion,
                question=questions[n % 200],
                text=vocabulary.sentence(rng, 40),
            )
            for n, discussion in enumerate(discussions)
        )
    started = time.perf_counter()
    counts = indexing.rebuild(keys=["resource", "meeting", "meeting_notes", "discussion"])
    print(
        f"indexed {sum(counts.values())} documents in {time.perf_counter() - started:.1f} s "
        f"({counts})"
    )
    return {"users": users, "municipalities": municipalities}


def existing_world() -> dict | None:
    """The users and municipalities of a database filled by an earlier run (KEEPDB=1)."""
    from fellesloft.accounts.models import User
    from fellesloft.organisations.models import Municipality
    from fellesloft.search.models import SearchDocument

    if SearchDocument.objects.count() < ITEMS:
        return None
    users = {"anonymous": None}
    users["member"] = User.objects.get(email="medlem@bench.no")
    users["mission_lead"] = User.objects.get(email="leder@bench.no")
    print(f"reusing the filled database ({SearchDocument.objects.count()} documents)")
    return {"users": users, "municipalities": list(Municipality.objects.all()[:10])}


def pct(timings: list[float], p: float) -> float:
    return timings[min(len(timings) - 1, int(len(timings) * p))]


def figures(timings: list[float]) -> str:
    timings = sorted(timings)
    return (
        f"median {statistics.median(timings):6.1f} ms  p95 {pct(timings, 0.95):6.1f} ms  "
        f"p99 {pct(timings, 0.99):6.1f} ms  max {timings[-1]:6.1f} ms"
    )


def run(vocabulary: Vocabulary) -> bool:
    from django.core.paginator import Paginator

    from fellesloft.search import queries

    world = (KEEPDB and existing_world()) or fill(random.Random(42), vocabulary)
    rng = random.Random(7)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE search_searchdocument" if connection.vendor == "postgresql" else "ANALYZE"
        )
    roles = ("anonymous", "member", "mission_lead")
    plans = []
    for n in range(SEARCHES):
        filters = {}
        if n % 4 == 1:
            filters["sources"] = [rng.choice(["resource", "meeting", "discussion"])]
        if n % 5 == 2:
            filters["municipality"] = rng.choice(world["municipalities"])
        page = 3 if n % 10 == 7 else 1
        plans.append((roles[n % 3], vocabulary.query(rng, 1 + n % 3), filters, page))

    def one(role, query, filters, page_number):
        results = queries.search(user=world["users"][role], query=query, **filters)
        page = Paginator(results, PAGE_SIZE).get_page(page_number)
        hits = list(page)  # the page's ranked hits with their highlighted snippets
        assert results.count() == 0 or hits or page_number > 1
        return results

    for plan in plans[:20]:  # warm the caches and the connection, as a running server has
        one(*plan)
    timings: list[float] = []
    by_role: dict[str, list[float]] = {role: [] for role in roles}
    over_cap = 0
    for plan in plans:
        started = time.perf_counter()
        results = one(*plan)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        by_role[plan[0]].append(elapsed)
        over_cap += results.count_is_capped
    matches = sorted(
        queries.search(user=world["users"][role], query=query, **filters).matched.count()
        for role, query, filters, _ in plans[:60]
    )
    p95 = pct(sorted(timings), 0.95)
    ok = p95 <= TARGET_MS
    print(
        f"[{connection.vendor} · {vocabulary.name} vocabulary] {SEARCHES} searches over "
        f"{ITEMS} items; matches per search: median {statistics.median(matches):.0f}, "
        f"max {matches[-1]} (of the first 60); {over_cap} searches over the "
        f"{queries.COUNT_LIMIT} count cap"
    )
    print(f"  all          {figures(timings)}")
    for role in roles:
        print(f"  {role:<12} {figures(by_role[role])}")
    print(f"  target p95 <= {TARGET_MS} ms: {'OK' if ok else 'MISSED'}")
    return ok


def main() -> int:
    from django.test.utils import setup_databases, teardown_databases

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    test = settings.DATABASES["default"].setdefault("TEST", {})
    ok = True
    for name in VOCABULARIES:
        vocabulary = Vocabulary(name)
        if connection.vendor == "sqlite":
            test["NAME"] = str(Path(tempfile.gettempdir()) / f"{DB_NAME}_{name}.sqlite3")
        else:
            test["NAME"] = f"{DB_NAME}_{name}"
        old = setup_databases(verbosity=0, interactive=False, keepdb=KEEPDB)
        try:
            ok = run(vocabulary) and ok
        finally:
            teardown_databases(old, verbosity=0, keepdb=KEEPDB)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

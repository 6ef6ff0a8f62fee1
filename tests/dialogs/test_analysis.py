"""The analysis runs in the background after votes and is stored; pages only read it."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from fellesloft.dialogs import disclosure, services
from fellesloft.dialogs.analysis import compute_analysis
from fellesloft.dialogs.disclosure import MIN_GROUP_SIZE
from fellesloft.dialogs.models import Analysis, StatementState
from fellesloft.dialogs.tasks import schedule_analysis
from fellesloft.organisations.models import Sector
from tests.dialogs.helpers import SEEDS, make_dialog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Votes schedule the analysis after their transaction commits: leaving this block runs
    those callbacks (the test settings' task backend runs the task at once)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _two_camps(dialog, *, per_camp=8, sectors=("ungdom", "nav")):
    """Two groups who vote opposite ways on the first statements and agree on the last."""
    statements = list(dialog.statements.filter(state=StatementState.APPROVED).order_by("pk"))
    participants = []
    for camp, sector_slug in enumerate(sectors):
        sector = Sector.objects.get(slug=sector_slug)
        for _ in range(per_camp):
            participant = services.participant_create(dialog=dialog, sector=sector).participant
            participants.append(participant)
            for index, statement in enumerate(statements):
                # Everybody agrees on the last one; the others split the camps.
                last = index == len(statements) - 1
                value = 1 if last or index % 2 == camp else -1
                services.vote_cast(participant=participant, statement_id=statement.pk, value=value)
    return participants


def test_votes_lead_to_a_stored_analysis_with_groups_consensus_and_sector_lens(world, committed):
    dialog = make_dialog(world)
    with committed():
        _two_camps(dialog)
    analysis = Analysis.objects.get(dialog=dialog, phase="")
    assert analysis.votes_counted == 16 * len(SEEDS)
    summary = analysis.summary
    assert len(summary["groups"]) == 2
    assert sorted(group["size"] for group in summary["groups"]) == [8, 8]
    last = dialog.statements.order_by("pk").last()
    assert last.pk in [item["statement"] for item in summary["consensus"]["agree"]]
    assert summary["divisive"], "the opposed statements split the groups"
    assert summary["sector_counts"]["seen"] == [[8] * len(SEEDS)] * 2  # raw, never published
    lens = disclosure.dialog_results(dialog=dialog)[0].sector_lens
    assert [sector["slug"] for sector in lens["sectors"]] == ["nav", "ungdom"]
    row = next(row for row in lens["rows"] if row["statement"] == last.pk)
    assert [cell["agree_share"] for cell in row["cells"]] == [1.0, 1.0]
    assert summary["participation"][0]["votes"] == 16 * len(SEEDS)
    assert set(analysis.priorities) == {str(s.pk) for s in dialog.statements.all()}


def test_sector_lens_hides_small_groups(world, committed):
    dialog = make_dialog(world)
    with committed():
        _two_camps(dialog)
        helse = Sector.objects.get(slug="helse")
        for _ in range(MIN_GROUP_SIZE - 1):
            participant = services.participant_create(dialog=dialog, sector=helse).participant
            services.vote_cast(
                participant=participant, statement_id=dialog.statements.first().pk, value=1
            )
    lens = disclosure.dialog_results(dialog=dialog)[0].sector_lens
    assert "helse" not in [sector["slug"] for sector in lens["sectors"]]
    assert all(len(row["cells"]) == len(lens["sectors"]) for row in lens["rows"])


def test_rejected_statements_are_left_out_of_the_analysis_and_the_results(world, committed):
    dialog = make_dialog(world)
    with committed():
        _two_camps(dialog)
    statement = dialog.statements.order_by("pk").last()
    assert Analysis.objects.get(dialog=dialog).summary["statements"][str(statement.pk)]["agree"]
    with committed():
        services.statement_moderate(
            statement=statement, moderator=world.users["member"], approve=False, reason="Feil"
        )
    analysis = Analysis.objects.get(dialog=dialog)
    assert analysis.summary["statements"][str(statement.pk)]["agree"] == 0
    results = disclosure.dialog_results(dialog=dialog)[0]
    shown = [item["statement"] for item in results.consensus_agree + results.divisive]
    assert statement.pk not in shown


def test_scheduling_is_debounced_and_deferred(world, monkeypatch):
    """The mark that lets later votes ride along ends before the task may start, by itself:
    no process has to clear it (the worker may not share the web process's cache)."""
    from fellesloft.dialogs import tasks

    calls = []
    now = [timezone.now()]
    monkeypatch.setattr(tasks.timezone, "now", lambda: now[0])

    class FakeBackend:
        supports_defer = True

    class FakeTask:
        run_after = None

        def get_backend(self):
            return FakeBackend()

        def using(self, *, run_after):
            deferred = FakeTask()
            deferred.run_after = run_after
            return deferred

        def enqueue(self, **kwargs):
            calls.append((self.run_after, kwargs))

    monkeypatch.setattr(tasks, "recompute_analysis", FakeTask())
    marks = []
    add = cache.add

    def add_mark(key, value, timeout):
        added = add(key, value, timeout=timeout)
        marks.extend([timeout] if added else [])
        return added

    monkeypatch.setattr(tasks.cache, "add", add_mark)
    dialog = make_dialog(world)
    assert schedule_analysis(dialog_id=dialog.pk, phase="")
    assert not schedule_analysis(dialog_id=dialog.pk, phase="")
    assert not schedule_analysis(dialog_id=dialog.pk, phase="")
    assert len(calls) == 1
    run_after, kwargs = calls[0]
    assert kwargs == {"dialog_id": dialog.pk, "phase": "", "start": run_after.timestamp()}
    assert run_after - now[0] == timedelta(seconds=tasks.DEBOUNCE_SECONDS)
    # The mark ends (a second for clocks that differ) before the task may start.
    assert marks == [tasks.MARK_SECONDS] and tasks.MARK_SECONDS + 1 <= tasks.DEBOUNCE_SECONDS


def test_a_task_skips_when_a_computation_began_after_its_start(world, monkeypatch):
    from fellesloft.dialogs import tasks

    dialog = make_dialog(world)
    computed = compute_analysis(dialog_id=dialog.pk, phase="").computed_at
    counted = []
    monkeypatch.setattr(
        "fellesloft.dialogs.analysis.compute_analysis",
        lambda **kwargs: counted.append(kwargs) or Analysis.objects.get(dialog=dialog),
    )
    start = computed.timestamp()
    tasks.recompute_analysis.call(dialog_id=dialog.pk, phase="", start=start)
    assert counted == []
    tasks.recompute_analysis.call(dialog_id=dialog.pk, phase="", start=start + 0.001)
    assert len(counted) == 1


def test_analysis_of_a_dialog_without_votes_is_empty(world):
    dialog = make_dialog(world)
    analysis = compute_analysis(dialog_id=dialog.pk, phase="")
    assert analysis.votes_counted == 0
    assert analysis.summary["groups"] == []


def test_pending_statement_is_not_in_results(world, committed):
    dialog = make_dialog(world)
    participant = services.participant_create(dialog=dialog).participant
    held = services.statement_submit(participant=participant, text="Et nytt utsagn fra meg")
    assert held.state == StatementState.PENDING
    with committed():
        _two_camps(dialog)
    results = disclosure.dialog_results(dialog=dialog)[0]
    texts = [item["text"] for group in results.groups for item in group["representative"]]
    assert held.text not in texts


def _planted_dialog(world, *, groups=3, per_group=30, statements=24, per_person=(4, 18), seed=5):
    """A dialog whose participants come in `groups` planted camps, each voting on a random
    3–18 of the statements (some too few to be grouped yet) with their camp's opinion 90 % of
    the time. Returns the
    dialog, a function that adds `count` more votes (new statements of random participants,
    in the same way) and the number of votes so far."""
    import random

    from fellesloft.dialogs.services.votes import TokenVote, votes_write

    rng = random.Random(seed)
    texts = [f"Planted utsagn nummer {i} om skolen." for i in range(statements)]
    dialog = make_dialog(world, seeds=texts)
    ids = list(dialog.statements.order_by("pk").values_list("pk", flat=True))
    opinions = [[rng.choice((-1, 1)) for _ in ids] for _ in range(groups)]
    people = []
    for camp in range(groups):
        for _ in range(per_group):
            participant = services.participant_create(dialog=dialog).participant
            people.append((participant, camp, rng.sample(range(len(ids)), len(ids))))

    def vote_of(camp, index):
        return opinions[camp][index] if rng.random() < 0.9 else rng.choice((-1, 0, 1))

    def cast(count):
        batch = []
        while len(batch) < count:
            participant, camp, unseen = rng.choice(people)
            if unseen:
                index = unseen.pop()
                batch.append(
                    TokenVote(dialog.slug, participant.token_hash, ids[index], vote_of(camp, index))
                )
        assert all(votes_write(votes=batch))

    first = []
    for participant, camp, unseen in people:
        for _ in range(rng.randint(*per_person)):
            index = unseen.pop()
            first.append(
                TokenVote(dialog.slug, participant.token_hash, ids[index], vote_of(camp, index))
            )
    assert all(votes_write(votes=first))
    return dialog, cast, len(first)


def _letters(analysis) -> dict[int, str]:
    return {
        member: group["label"]
        for group in analysis.summary["groups"]
        for member in group["members"]
    }


@pytest.mark.parametrize("seed", [1, 5])
def test_groups_keep_their_letters_and_number_when_votes_arrive(world, seed):
    """Each recompute starts from the stored engine state: after 5 % more votes ≥ 95 % of the
    grouped participants keep their group letter, and the number of groups does not flip back
    and forth between consecutive recomputes (Pol.is' k-smoother). Without the state, letters
    follow group sizes, and on these dialogs a third to all of the letters change."""
    dialog, cast, n_votes = _planted_dialog(world, seed=seed)
    analysis = compute_analysis(dialog_id=dialog.pk, phase="")
    assert analysis.engine_state["version"] == 1
    assert len(analysis.summary["groups"]) == 3
    counts = [len(analysis.summary["groups"])]
    for _ in range(6):
        before = _letters(analysis)
        more = max(1, round(0.05 * n_votes))
        cast(more)
        n_votes += more
        analysis = compute_analysis(dialog_id=dialog.pk, phase="")
        after = _letters(analysis)
        kept = sum(after.get(member) == letter for member, letter in before.items())
        assert kept >= 0.95 * len(before), (kept, len(before))
        counts.append(len(analysis.summary["groups"]))
    for previous, current, following in zip(counts, counts[1:], counts[2:], strict=False):
        assert not (current != previous and following == previous), counts


def test_a_damaged_engine_state_means_a_fresh_start(world):
    dialog, _cast, _n = _planted_dialog(world, per_group=10)
    compute_analysis(dialog_id=dialog.pk, phase="")
    Analysis.objects.filter(dialog=dialog).update(engine_state={"version": 1, "groups": 3})
    analysis = compute_analysis(dialog_id=dialog.pk, phase="")
    assert analysis.summary["groups"] and analysis.engine_state["version"] == 1


def test_the_recompute_command_fills_in_what_older_analyses_lack(world):
    """After the upgrade that keeps each participant's place, `dialogs_recompute` gives the
    analyses made before it their places (a closed dialog gets no new votes to do it)."""
    from django.core.management import call_command

    dialog = make_dialog(world)
    participants = _two_camps(dialog)
    compute_analysis(dialog_id=dialog.pk, phase="")
    Analysis.objects.update(positions={})
    call_command("dialogs_recompute", stdout=io.StringIO())
    positions = Analysis.objects.get(dialog=dialog, phase="").positions
    assert Analysis.position_key(participants[0].pk) in positions
    # Nothing lacks anything now: a second run recomputes nothing.
    computed_at = Analysis.objects.get(dialog=dialog, phase="").computed_at
    call_command("dialogs_recompute", stdout=io.StringIO())
    assert Analysis.objects.get(dialog=dialog, phase="").computed_at == computed_at

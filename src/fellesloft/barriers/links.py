"""Links from a barrier to the experiments, sprints and dialogs where it was met, and what the
experiments observed (for the barrier report).

The link fields come from migration 0003, which depends on the experiments' and dialogs' first
migrations. This module and evidence.py (what a trial application cites) are the places that
read the other apps' models.
"""

from django.db.models import Prefetch

from fellesloft.barriers.models import Barrier
from fellesloft.core.ordering import norwegian

LINK_FIELDS = ("experiments", "sprints", "dialogs")


def move_links(*, source: Barrier, target: Barrier) -> None:
    for name in LINK_FIELDS:
        getattr(target, name).add(*getattr(source, name).all())
        getattr(source, name).clear()


def report_prefetches() -> list:
    from fellesloft.experiments.models import Sprint

    sprints = Sprint.objects.select_related("experiment").order_by(
        norwegian("experiment__title"), "number"
    )
    return [
        Prefetch("sprints", queryset=sprints),
        Prefetch(
            "experiments",
            queryset=_experiments().prefetch_related(
                Prefetch("sprints", queryset=Sprint.objects.order_by("-number"))
            ),
        ),
    ]


def _experiments():
    from fellesloft.experiments.models import Experiment

    return Experiment.objects.order_by(norwegian("title"))


def _sprint_observation(sprint) -> str:
    """What the team saw: the PDSA observations, else what happened, else what they learnt."""
    return (
        sprint.do_observations
        or sprint.do_what_happened
        or sprint.what_to_take_forward
        or sprint.what_worked
        or ""
    ).strip()


def experiment_observations(barrier: Barrier) -> list[tuple[str, str, str]]:
    """[(title, url, what they observed)] for the linked sprints, then for linked experiments
    without a linked sprint (their latest sprint with an observation)."""
    rows: list[tuple[str, str, str]] = []
    experiments_with_sprint = set()
    for sprint in barrier.sprints.all():
        experiments_with_sprint.add(sprint.experiment_id)
        rows.append(
            (
                f"{sprint.experiment.title} – {sprint}",
                sprint.experiment.get_absolute_url(),
                _sprint_observation(sprint),
            )
        )
    for experiment in barrier.experiments.all():
        if experiment.pk in experiments_with_sprint:
            continue
        observation = next(
            (text for text in map(_sprint_observation, experiment.sprints.all()) if text), ""
        )
        rows.append((experiment.title, experiment.get_absolute_url(), observation))
    return rows


def linked_objects(barrier: Barrier) -> list[tuple[str, str]]:
    """[(label, url or "")] for the barrier's page."""
    from django.urls import reverse

    items: list[tuple[str, str]] = []
    for experiment in barrier.experiments.all():
        items.append((experiment.title, experiment.get_absolute_url()))
    for sprint in barrier.sprints.select_related("experiment"):
        items.append(
            (f"{sprint.experiment.title} – {sprint}", sprint.experiment.get_absolute_url())
        )
    for dialog in barrier.dialogs.all():
        items.append((dialog.title, reverse("dialogs:results", args=[dialog.slug])))
    return items


def link_choices():
    """The querysets a link form chooses from."""
    from fellesloft.dialogs.models import Dialog
    from fellesloft.experiments.models import Sprint

    return {
        "experiments": _experiments(),
        "sprints": Sprint.objects.select_related("experiment").order_by(
            "experiment__title", "number"
        ),
        "dialogs": Dialog.objects.order_by(norwegian("title")),
    }


def open_sprint_notes():
    """Barriers noted in sprint evaluations that nobody has reported yet."""
    from fellesloft.experiments.selectors import barrier_notes_open

    return barrier_notes_open()


def sprint_note(pk: int):
    return open_sprint_notes().filter(pk=pk).first()


def mark_sprint_note_converted(*, note, barrier: Barrier) -> None:
    from django.urls import reverse

    from fellesloft.experiments.services import barrier_note_mark_converted

    barrier_note_mark_converted(note=note, reference=reverse("barriers:detail", args=[barrier.pk]))

"""Where a barrier was met: links to experiments, sprints and dialogs."""

from django.db import transaction

from fellesloft.barriers import links
from fellesloft.barriers.models import Barrier
from fellesloft.barriers.services.reporting import barrier_report


@transaction.atomic
def barrier_set_links(*, barrier: Barrier, experiments=(), sprints=(), dialogs=()) -> Barrier:
    """Where the barrier was met. A linked sprint links its experiment too."""
    sprints = list(sprints)
    experiments = {experiment.pk: experiment for experiment in experiments}
    for sprint in sprints:
        experiments.setdefault(sprint.experiment_id, sprint.experiment)
    barrier.experiments.set(list(experiments.values()))
    barrier.sprints.set(sprints)
    barrier.dialogs.set(list(dialogs))
    return barrier


@transaction.atomic
def barrier_report_from_sprint_note(*, note, **report) -> Barrier:
    """Reports the barrier a team noted in a sprint evaluation, links the sprint and its
    experiment, and marks the note as registered in the experiments app."""
    barrier = barrier_report(**report)
    barrier.sprints.add(note.sprint)
    barrier.experiments.add(note.sprint.experiment)
    links.mark_sprint_note_converted(note=note, barrier=barrier)
    return barrier

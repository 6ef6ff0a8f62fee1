"""Search and feed registrations for parts of Fellesløft that have no `search.py` of their own.

The learning app cannot edit other apps, so the sources of parts that landed without a
`search.py` are listed here (see the registration API in `searchindex.py`). A source is used
only when its model exists, and a part's own `search.py` wins for the same key – so moving a
registration into its app is a matter of cutting it from here.

Who sees what follows each part's rules.py; tests/learning/test_search.py checks every
indexed object against the source's permission for every role.

- Experiments and their sprints: the network's working space (experiments.view_experiment).
- Learning cards: published ones only, for everyone; drafts stay with the team.
- Barriers: escalated ones are public; the others are seen by members of an organisation;
  a barrier held for personal data only by the reporting organisation and the mission lead.
  An answer is a document of its own, so the feed can say «new answer». Internal notes are
  never indexed.
- Dialogs: only those whose results are published, with their approved statements.
- Measures: the service landscape is public; inactive measures are left out.
"""

from datetime import datetime, time

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fellesloft.learning.searchindex import SearchSource, Visibility


def _objects(label: str):
    return apps.get_model(label)._default_manager


def _noon(day) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(12)))


# --- Experiments, sprints and learning cards ---------------------------------------------------


def _experiment_fields():
    return [
        "challenge",
        "hypothesis_change",
        "hypothesis_target_group",
        "hypothesis_effect",
        "hypothesis_evidence",
        "youth_involvement",
        lambda experiment: experiment.owner_organisation.name,
        lambda experiment: experiment.municipality.name,
        lambda experiment: experiment.get_status_display(),
    ]


SPRINT_FIELDS = [
    "plan_change",
    "plan_prediction",
    "plan_data",
    "do_what_happened",
    "do_observations",
    "act_notes",
    "what_worked",
    "what_to_adjust",
    "what_to_take_forward",
]


def _sprint_title(sprint) -> str:
    return str(
        _("Sprint %(number)s: %(experiment)s")
        % {"number": sprint.number, "experiment": sprint.experiment.title}
    )


def _sprint_summary(sprint) -> str:
    for name in ("what_to_take_forward", "what_worked", "do_what_happened", "plan_change"):
        if getattr(sprint, name):
            return getattr(sprint, name)
    return ""


def _experiment_sources() -> list[SearchSource]:
    return [
        SearchSource(
            key="experiment",
            model="experiments.Experiment",
            label=_("Forsøk"),
            fields=_experiment_fields(),
            title=lambda experiment: experiment.title,
            url=lambda experiment: experiment.get_absolute_url(),
            visibility=lambda experiment: Visibility.network(),
            municipality=lambda experiment: experiment.municipality_id,
            themes=lambda experiment: experiment.need_themes.all(),
            date=lambda experiment: experiment.updated_at,
            summary=lambda experiment: experiment.challenge,
            queryset=lambda: (
                _objects("experiments.Experiment")
                .select_related("municipality", "owner_organisation")
                .prefetch_related("need_themes")
            ),
            permission="experiments.view_experiment",
        ),
        SearchSource(
            key="sprint",
            model="experiments.Sprint",
            label=_("Sprinter"),
            fields=SPRINT_FIELDS,
            title=_sprint_title,
            url=lambda sprint: f"{sprint.experiment.get_absolute_url()}#sprint-{sprint.number}",
            visibility=lambda sprint: Visibility.network(),
            municipality=lambda sprint: sprint.experiment.municipality_id,
            themes=lambda sprint: sprint.experiment.need_themes.all(),
            date=lambda sprint: sprint.updated_at,
            summary=_sprint_summary,
            queryset=lambda: (
                _objects("experiments.Sprint")
                .select_related("experiment")
                .prefetch_related("experiment__need_themes")
            ),
            depends_on={"experiments.Experiment": lambda experiment: experiment.sprints.all()},
            permission="experiments.view_experiment",
            permission_object=lambda sprint: sprint.experiment,
        ),
        SearchSource(
            key="learning_card",
            model="experiments.LearningCard",
            label=_("Læringskort"),
            fields=[
                "hypothesis",
                "observation",
                "learning",
                "decision",
                lambda card: card.experiment.title,
            ],
            title=lambda card: card.title,
            url=lambda card: card.get_absolute_url(),
            include=lambda card: card.status == "published",
            municipality=lambda card: card.experiment.municipality_id,
            themes=lambda card: card.experiment.need_themes.all(),
            date=lambda card: card.published_at or card.updated_at,
            feed_date=lambda card: card.published_at,
            summary=lambda card: card.learning,
            queryset=lambda: (
                _objects("experiments.LearningCard")
                .select_related("experiment")
                .prefetch_related("experiment__need_themes")
            ),
            depends_on={
                "experiments.Experiment": lambda experiment: experiment.learning_cards.all()
            },
            permission="experiments.view_learning_card",
        ),
    ]


# --- System barriers and their answers ---------------------------------------------------------


def _barrier_visibility(barrier) -> Visibility:
    if barrier.is_public:
        return Visibility.public()
    if barrier.is_held:
        return Visibility.restricted(
            organisation_id=barrier.reporting_organisation_id, roles=("mission_lead",)
        )
    return Visibility.members(roles=("mission_lead",))


def _barrier_queryset():
    return (
        _objects("barriers.Barrier")
        .select_related("category", "reporting_organisation", "recipient")
        .prefetch_related("need_themes")
    )


def _barrier_sources() -> list[SearchSource]:
    return [
        SearchSource(
            key="barrier",
            model="barriers.Barrier",
            label=_("Systembarrierer"),
            fields=[
                "description",
                "example",
                lambda barrier: barrier.get_level_display(),
                lambda barrier: barrier.category.name,
                lambda barrier: barrier.get_status_display(),
            ],
            title=lambda barrier: barrier.title,
            url=lambda barrier: reverse("barriers:detail", kwargs={"pk": barrier.pk}),
            visibility=_barrier_visibility,
            municipality=lambda barrier: barrier.reporting_organisation.municipality_id,
            themes=lambda barrier: barrier.need_themes.all(),
            date=lambda barrier: barrier.created_at,
            feed_date=lambda barrier: barrier.created_at,
            summary=lambda barrier: barrier.description,
            queryset=_barrier_queryset,
            permission="barriers.view_barrier",
        ),
        SearchSource(
            key="barrier_answer",
            model="barriers.Barrier",
            label=_("Svar på barrierer"),
            fields=[
                "answer_text",
                lambda barrier: barrier.get_answer_outcome_display(),
                lambda barrier: barrier.recipient.name if barrier.recipient else "",
            ],
            title=lambda barrier: str(_("Svar: %(title)s") % {"title": barrier.title}),
            url=lambda barrier: (
                reverse("barriers:detail", kwargs={"pk": barrier.pk}) + "#eskalering"
            ),
            visibility=_barrier_visibility,
            include=lambda barrier: bool(barrier.answer_outcome and barrier.answer_text.strip()),
            municipality=lambda barrier: barrier.reporting_organisation.municipality_id,
            themes=lambda barrier: barrier.need_themes.all(),
            date=lambda barrier: _noon(barrier.answered_on) or barrier.updated_at,
            feed_date=lambda barrier: _noon(barrier.answered_on) or barrier.updated_at,
            summary=lambda barrier: (
                f"{barrier.get_answer_outcome_display()}: {barrier.answer_text}"
            ),
            queryset=_barrier_queryset,
            permission="barriers.view_barrier",
        ),
    ]


# --- Published dialogs and their statements ----------------------------------------------------


def _dialog_report_date(dialog) -> datetime:
    """The report is there once the results are published; a closed dialog's report is dated
    by its closing (a future closing time does not date it ahead of everything else)."""
    if dialog.closes_at and dialog.closes_at <= timezone.now():
        return dialog.closes_at
    return dialog.updated_at


def _dialog_sources() -> list[SearchSource]:
    return [
        SearchSource(
            key="dialog",
            model="dialogs.Dialog",
            label=_("Dialoger"),
            fields=[
                "question",
                "description",
                "critique_prompt",
                "fantasy_prompt",
                "realisation_prompt",
                lambda dialog: dialog.organisation.name,
            ],
            title=lambda dialog: dialog.title,
            url=lambda dialog: reverse("dialogs:report", kwargs={"slug": dialog.slug}),
            include=lambda dialog: dialog.results_public,
            municipality=lambda dialog: dialog.municipality_id,
            date=lambda dialog: dialog.updated_at,
            feed_date=_dialog_report_date,
            summary=lambda dialog: dialog.description or dialog.question,
            queryset=lambda: _objects("dialogs.Dialog").select_related("organisation"),
            permission="dialogs.view_report",
        ),
        SearchSource(
            key="statement",
            model="dialogs.Statement",
            label=_("Utsagn i dialoger"),
            fields=["text", lambda statement: statement.dialog.title],
            title=lambda statement: statement.text[:300],
            url=lambda statement: reverse(
                "dialogs:results", kwargs={"slug": statement.dialog.slug}
            ),
            include=lambda statement: (
                statement.state == "approved" and statement.dialog.results_public
            ),
            municipality=lambda statement: statement.dialog.municipality_id,
            date=lambda statement: statement.created_at,
            summary=lambda statement: str(
                _("Utsagn i «%(dialog)s»") % {"dialog": statement.dialog.title}
            ),
            queryset=lambda: _objects("dialogs.Statement").select_related("dialog"),
            # Publishing (or hiding) a dialog's results publishes (or hides) its statements.
            depends_on={"dialogs.Dialog": lambda dialog: dialog.statements.all()},
            permission="dialogs.view_results",
            permission_object=lambda statement: statement.dialog,
        ),
    ]


# --- Measures ----------------------------------------------------------------------------------


def _measure_municipalities(measure):
    return measure.municipalities.all() or [measure.provider.municipality_id]


def _measure_sources() -> list[SearchSource]:
    return [
        SearchSource(
            key="measure",
            model="measures.Measure",
            label=_("Tiltak"),
            fields=[
                "description",
                "access_note",
                "location",
                "opening_hours",
                "contact_role",
                lambda measure: measure.get_access_display(),
                lambda measure: measure.provider.name,
                lambda measure: [
                    municipality.name for municipality in measure.municipalities.all()
                ],
                lambda measure: [need.get_need_display() for need in measure.youth_needs.all()],
            ],
            title=lambda measure: measure.name,
            url=lambda measure: reverse("measures:detail", kwargs={"slug": measure.slug}),
            include=lambda measure: measure.is_active,
            municipality=_measure_municipalities,
            themes=lambda measure: measure.need_themes.all(),
            date=lambda measure: measure.updated_at,
            summary=lambda measure: measure.description,
            queryset=lambda: (
                _objects("measures.Measure")
                .select_related("provider")
                .prefetch_related("municipalities", "need_themes", "youth_needs")
            ),
            depends_on={"measures.MeasureYouthNeed": lambda need: [need.measure]},
            permission="measures.view_measure",
        ),
    ]


def sources() -> list[SearchSource]:
    found: list[SearchSource] = []
    for label, builder in (
        ("experiments", _experiment_sources),
        ("barriers", _barrier_sources),
        ("dialogs", _dialog_sources),
        ("measures", _measure_sources),
    ):
        if apps.is_installed(f"fellesloft.{label}"):
            found.extend(builder())
    return found

"""Sprints: the PDSA cycles of an experiment, their evaluation and the barriers noted in them."""

from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import apply_fields, refuse_unknown_fields, save_validated
from fellesloft.experiments.models import (
    Experiment,
    ExperimentStatus,
    PdsaDecision,
    Sprint,
    SprintBarrierNote,
)
from fellesloft.experiments.services._common import _actor, _person, _screen, _tell_followers

SUGGESTED_SPRINT_DAYS = (14, 42)

SPRINT_PLAN_FIELDS = ("plan_change", "plan_prediction", "plan_data", "plan_responsibilities")
SPRINT_DO_FIELDS = ("do_what_happened", "do_observations")
SPRINT_TEXT_FIELDS = SPRINT_PLAN_FIELDS + SPRINT_DO_FIELDS
# What the sprint form edits (its Meta.fields) and sprint_update accepts.
SPRINT_FIELDS = ("start_date", "end_date", *SPRINT_TEXT_FIELDS)


def _check_sprint_dates(
    *,
    experiment: Experiment,
    start_date: date,
    end_date: date,
    exclude_pk: int | None = None,
    number: int | None = None,
) -> None:
    if start_date is None or end_date is None:
        raise ServiceError(_("Oppgi start- og sluttdato."), field="start_date")
    if end_date < start_date:
        raise ServiceError(
            _("Sprinten kan ikke slutte før den starter."), field="end_date", code="dates"
        )
    overlapping = (
        Sprint.objects.filter(
            experiment=experiment, start_date__lte=end_date, end_date__gte=start_date
        )
        .exclude(pk=exclude_pk)
        .order_by("number")
        .first()
    )
    if overlapping is not None:
        raise ServiceError(
            _(
                "Sprinten overlapper sprint %(number)s (%(start)s–%(end)s). En ny sprint må "
                "starte etter at den forrige er ferdig."
            )
            % {
                "number": overlapping.number,
                "start": date_format(overlapping.start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(overlapping.end_date, "SHORT_DATE_FORMAT"),
            },
            field="start_date",
            code="overlap",
        )
    earlier_later = (
        Sprint.objects.filter(experiment=experiment, start_date__gt=end_date)
        .exclude(pk=exclude_pk)
        .exists()
    )
    if exclude_pk is None and earlier_later:
        raise ServiceError(
            _("En ny sprint må komme etter de sprintene som allerede er planlagt."),
            field="start_date",
            code="overlap",
        )
    if number is not None:
        # A sprint moved in time keeps its place: after the one before, before the next.
        out_of_order = (
            Sprint.objects.filter(experiment=experiment)
            .exclude(pk=exclude_pk)
            .filter(
                Q(number__lt=number, start_date__gt=start_date)
                | Q(number__gt=number, start_date__lt=start_date)
            )
            .exists()
        )
        if out_of_order:
            raise ServiceError(
                _(
                    "Sprint %(number)s må ligge mellom sprinten før og sprinten etter. "
                    "Velg datoer som holder rekkefølgen."
                )
                % {"number": number},
                field="start_date",
                code="order",
            )


def sprint_length_advice(*, start_date: date, end_date: date) -> str:
    """A sprint of 2–6 weeks is suggested; outside that the user is told, not stopped."""
    days = (end_date - start_date).days + 1
    if days < SUGGESTED_SPRINT_DAYS[0]:
        return _("Sprinten er kortere enn to uker. Det er ofte for kort til å se en endring.")
    if days > SUGGESTED_SPRINT_DAYS[1]:
        return _("Sprinten er lengre enn seks uker. Korte sprinter gir raskere læring.")
    return ""


def _check_experiment_open(experiment: Experiment) -> None:
    if experiment.status in (ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED):
        raise ServiceError(
            _("Forsøket er %(status)s; sprinter kan ikke legges til eller endres.")
            % {"status": ExperimentStatus(experiment.status).label.lower()},
            code="closed",
        )


@transaction.atomic
def sprint_create(
    *, experiment: Experiment, start_date: date, end_date: date, by, **plan: str
) -> Sprint:
    refuse_unknown_fields(plan, SPRINT_TEXT_FIELDS)
    # Lock the experiment so that two sprints written at once get distinct numbers.
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    _check_experiment_open(experiment)
    _check_sprint_dates(experiment=experiment, start_date=start_date, end_date=end_date)
    _screen(**plan)
    number = (experiment.sprints.aggregate(last=Max("number"))["last"] or 0) + 1
    with _actor(by):
        sprint = save_validated(
            Sprint(
                experiment=experiment,
                number=number,
                start_date=start_date,
                end_date=end_date,
                **{name: (value or "").strip() for name, value in plan.items()},
            )
        )
    _tell_followers(
        experiment,
        by=by,
        text=lambda: (
            _("«%(title)s» har startet sprint %(number)s (%(start)s–%(end)s).")
            % {
                "title": experiment.title,
                "number": number,
                "start": date_format(start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(end_date, "SHORT_DATE_FORMAT"),
            }
        ),
    )
    return sprint


@transaction.atomic
def sprint_update(*, sprint: Sprint, by, **fields) -> Sprint:
    refuse_unknown_fields(fields, SPRINT_FIELDS)
    _check_experiment_open(sprint.experiment)
    _check_sprint_dates(
        experiment=sprint.experiment,
        start_date=fields.get("start_date", sprint.start_date),
        end_date=fields.get("end_date", sprint.end_date),
        exclude_pk=sprint.pk,
        number=sprint.number,
    )
    _screen(**{name: value for name, value in fields.items() if name in SPRINT_TEXT_FIELDS})
    with _actor(by):
        return save_validated(apply_fields(sprint, fields))


@transaction.atomic
def sprint_evaluate(
    *,
    sprint: Sprint,
    by,
    what_worked: str,
    what_to_adjust: str,
    what_to_take_forward: str,
    act_decision: str,
    act_notes: str = "",
    do_what_happened: str | None = None,
    do_observations: str | None = None,
    barrier_note: str = "",
) -> Sprint:
    """The sprint evaluation: the three questions (study) and the decision (act). A barrier
    noted here is kept as a SprintBarrierNote for the barriers app."""
    _check_experiment_open(sprint.experiment)
    answers = {
        "what_worked": what_worked,
        "what_to_adjust": what_to_adjust,
        "what_to_take_forward": what_to_take_forward,
    }
    for field, text in answers.items():
        if not (text or "").strip():
            raise ServiceError(
                _("Svar på alle de tre spørsmålene før du lagrer evalueringen."),
                field=field,
                code="required",
            )
    if act_decision not in PdsaDecision.values:
        raise ServiceError(
            _("Velg en beslutning: ta i bruk, juster eller forkast."), field="act_decision"
        )
    if sprint.start_date > timezone.localdate():
        raise ServiceError(
            _("Sprinten har ikke startet ennå og kan ikke evalueres."), field="what_worked"
        )
    texts = {
        **answers,
        "act_notes": act_notes,
        "barrier_note": barrier_note,
    }
    if do_what_happened is not None:
        texts["do_what_happened"] = do_what_happened
    if do_observations is not None:
        texts["do_observations"] = do_observations
    _screen(**texts)
    with _actor(by):
        for name, value in texts.items():
            if name != "barrier_note":
                setattr(sprint, name, (value or "").strip())
        sprint.act_decision = act_decision
        sprint.evaluated_at = timezone.now()
        sprint.evaluated_by = _person(by)
        sprint.save()
        if barrier_note.strip():
            sprint_barrier_note_add(sprint=sprint, text=barrier_note, by=by)
    _tell_followers(
        sprint.experiment,
        by=by,
        text=lambda: (
            _("Sprint %(number)s i «%(title)s» er evaluert: %(decision)s.")
            % {
                "number": sprint.number,
                "title": sprint.experiment.title,
                "decision": PdsaDecision(act_decision).label.lower(),
            }
        ),
    )
    return sprint


@transaction.atomic
def sprint_barrier_note_add(*, sprint: Sprint, text: str, by) -> SprintBarrierNote:
    text = text.strip()
    if not text:
        raise ServiceError(_("Beskriv barrieren."), field="text", code="required")
    _screen(barrier_note=text)
    with _actor(by):
        return SprintBarrierNote.objects.create(
            sprint=sprint,
            text=text,
            noted_by=_person(by),
        )


@transaction.atomic
def barrier_note_mark_converted(*, note: SprintBarrierNote, reference: str) -> SprintBarrierNote:
    """Called by the barriers app once it has made a barrier of the note; `reference` is the
    barrier's URL or id, shown on the sprint so the trail can be followed."""
    note = SprintBarrierNote.objects.select_for_update().get(pk=note.pk)
    if note.converted_at is not None:
        raise ServiceError(_("Denne barrieren er allerede registrert."), code="already_converted")
    note.converted_at = timezone.now()
    note.converted_reference = reference[:200]
    note.save(update_fields=["converted_at", "converted_reference"])
    return note

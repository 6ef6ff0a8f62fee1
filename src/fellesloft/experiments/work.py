"""The experiments' part of «Mitt arbeid» (core.work): sprint evaluations that are due or
overdue in the user's experiments, and the support hours of the user's municipality."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.numbers import format_number, format_percent
from fellesloft.core.work import DUE_WITHIN, INFO, Figure, WorkItem, WorkSection, state_for
from fellesloft.experiments import selectors

SECTION = WorkSection(
    key="experiments",
    title=gettext_lazy("Forsøk og støttetimer"),
    empty=gettext_lazy(
        "Ingen sprinter venter på evaluering. Er dere i gang med et forsøk, legg inn neste "
        "sprint på forsøkets side – eller start et nytt forsøk."
    ),
    order=10,
)


def _hours(value) -> str:
    return _("%(hours)s t") % {"hours": format_number(value)}


def work_items(*, user) -> list[WorkItem]:
    today = timezone.localdate()
    items = []
    for sprint in selectors.sprints_awaiting_evaluation(user=user, until=today + DUE_WITHIN):
        experiment = sprint.experiment
        items.append(
            WorkItem(
                kind="sprint_evaluation",
                title=_("Evaluer sprint %(number)s i «%(experiment)s»")
                % {"number": sprint.number, "experiment": experiment.title},
                url=reverse(
                    "experiments:sprint_evaluate",
                    kwargs={"pk": experiment.pk, "number": sprint.number},
                ),
                due=sprint.end_date,
                state=state_for(sprint.end_date, today=today),
                detail=_(
                    "Sprinten varer %(start)s–%(end)s. Hva fungerte, hva justerer dere, "
                    "og hva tar dere med videre?"
                )
                % {
                    "start": date_format(sprint.start_date, "SHORT_DATE_FORMAT"),
                    "end": date_format(sprint.end_date, "SHORT_DATE_FORMAT"),
                },
            )
        )
    for status in selectors.support_statuses_of_user(user=user):
        detail = ""
        if status.over_budget:
            detail = _("Støttetimene er brukt opp. Snakk med oppdragslederen om mer støtte.")
        elif status.warning:
            detail = _("%(percent)s av støttetimene er brukt.") % {
                "percent": format_percent(status.percent_used)
            }
        items.append(
            WorkItem(
                kind="support_hours",
                title=_("Støttetimer for %(municipality)s")
                % {"municipality": status.municipality.name},
                url=reverse("experiments:support", kwargs={"number": status.municipality.number}),
                state=INFO,
                detail=detail,
                figures=(
                    Figure(_("Brukt"), _hours(status.used)),
                    Figure(_("Igjen"), _hours(status.left)),
                    Figure(_("Budsjett"), _hours(status.budget)),
                ),
            )
        )
    return items

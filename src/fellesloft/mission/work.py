"""The mission's part of «Mitt arbeid» (core.work): the key indicators of the user's
municipality measured against the mission's goals (progress.py)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.numbers import format_measure
from fellesloft.core.work import INFO, Figure, WorkItem, WorkSection
from fellesloft.mission import progress
from fellesloft.mission.selectors import municipality_goal_figures
from fellesloft.organisations.rules import organisations_of

SECTION = WorkSection(
    key="mission",
    title=gettext_lazy("Kommunen i tall"),
    empty=gettext_lazy(
        "Her ser du kommunens nøkkeltall mot målene i samfunnsoppdraget når du er med i en "
        "organisasjon i en kommune. Be koordinatoren i organisasjonen om å legge deg til."
    ),
    order=50,
)

STATUS_TEXTS = {
    progress.REACHED: gettext_lazy("Målet er nådd."),
    progress.ON_TRACK: gettext_lazy("I rute mot målet."),
    progress.BEHIND: gettext_lazy("Bak målet – her trengs det innsats."),
    progress.NO_DATA: gettext_lazy("Ingen tall for kommunen etter utgangsåret ennå."),
}


def _with_unit(value, indicator) -> str:
    return format_measure(value, indicator.unit, indicator.decimals)


def work_items(*, user) -> list[WorkItem]:
    municipalities = dict(
        organisations_of(user)
        .filter(municipality__isnull=False)
        .values_list("municipality__number", "municipality__name")
        .distinct()
    )
    items = []
    for figure in municipality_goal_figures(municipality_codes=sorted(municipalities), user=user):
        goal, indicator = figure.goal, figure.goal.indicator
        name = municipalities[figure.municipality_code]
        figures = []
        if figure.own is not None:
            figures.append(
                Figure(
                    _("%(municipality)s %(year)s")
                    % {"municipality": name, "year": figure.own.year},
                    _with_unit(figure.own.value, indicator),
                )
            )
        if figure.regional is not None:
            figures.append(
                Figure(
                    _("%(region)s %(year)s")
                    % {"region": goal.region.name, "year": figure.regional.year},
                    _with_unit(figure.regional.value, indicator),
                )
            )
        figures.append(
            Figure(
                _("Mål for %(region)s %(year)s")
                % {"region": goal.region.name, "year": goal.target_year},
                _with_unit(goal.target_value, indicator),
            )
        )
        url = reverse("mission:indicator_detail", kwargs={"code": indicator.code})
        items.append(
            WorkItem(
                kind="indicator",
                title=_("%(goal)s – %(municipality)s") % {"goal": goal.title, "municipality": name},
                url=f"{url}?{urlencode({'kommune': figure.municipality_code})}",
                state=INFO,
                detail=f"{indicator.name}. {STATUS_TEXTS[figure.progress.status]}",
                figures=tuple(figures),
            )
        )
    return items

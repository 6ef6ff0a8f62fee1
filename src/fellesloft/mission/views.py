from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error
from fellesloft.core.spreadsheets import CsvWriter
from fellesloft.mission import charts, fetch, selectors, services
from fellesloft.mission.forms import (
    GoalForm,
    ImportForm,
    IndicatorEditForm,
    IndicatorForm,
    MissionForm,
    ReferenceTermForm,
)
from fellesloft.mission.models import Goal, Indicator, InnovationArea, MainChallenge, NeedTheme
from fellesloft.mission.progress import BEHIND, NO_DATA, ON_TRACK, REACHED

# URL word → (model, plural heading, what one term is called)
REFERENCE_LISTS = {
    "behovstema": (NeedTheme, gettext_lazy("Behovstema"), gettext_lazy("behovstema")),
    "hovedutfordringer": (
        MainChallenge,
        gettext_lazy("Hovedutfordringer"),
        gettext_lazy("hovedutfordring"),
    ),
    "innovasjonsomrader": (
        InnovationArea,
        gettext_lazy("Innovasjonsområder"),
        gettext_lazy("innovasjonsområde"),
    ),
}

STATUS_TEXT = {
    REACHED: (gettext_lazy("Nådd"), "success"),
    ON_TRACK: (gettext_lazy("I rute"), "success"),
    BEHIND: (gettext_lazy("Ikke i rute"), "warning"),
    NO_DATA: (gettext_lazy("Mangler nye tall"), "neutral"),
}


def _require(request, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _mission_or_404():
    mission = selectors.current_mission()
    if mission is None:
        raise Http404(_("Samfunnsoppdraget er ikke lagt inn."))
    return mission


def mission(request):
    current = _mission_or_404()
    goals = selectors.goals_with_progress(mission=current)
    goal_items = []
    for number, view in enumerate(goals, start=1):
        label, color = STATUS_TEXT[view.progress.status]
        goal_items.append(
            {
                "view": view,
                "status_label": label,
                "status_color": color,
                "chart_id": f"maal-{number}-data",
                "chart": charts.goal_chart(view),
            }
        )
    return render(
        request,
        "mission/mission.html",
        {
            "mission": current,
            "goals": goal_items,
            "summaries": selectors.indicator_summaries(),
            "need_themes": NeedTheme.objects.filter(is_active=True),
            "main_challenges": MainChallenge.objects.filter(is_active=True),
            "innovation_areas": InnovationArea.objects.filter(is_active=True),
            "may_change": request.user.has_perm("mission.change_mission"),
            "may_add_goal": request.user.has_perm("mission.add_goal"),
            "may_manage_lists": request.user.has_perm("mission.manage_reference_lists"),
        },
    )


@login_required
def mission_edit(request):
    _require(request, "mission.change_mission")
    current = _mission_or_404()
    initial = {"name": current.name, "vision": current.vision, "description": current.description}
    form = MissionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(mission=current, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("mission:mission")
    return render(request, "mission/mission_form.html", {"form": form, "mission": current})


def _goal_fields(form) -> dict:
    data = dict(form.cleaned_data)
    if data.get("order") is None:
        data.pop("order", None)
    return data


@login_required
def goal_create(request):
    _require(request, "mission.add_goal")
    current = _mission_or_404()
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(mission=current, **_goal_fields(form))
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Målet er lagt til."))
            return redirect("mission:mission")
    return render(request, "mission/goal_form.html", {"form": form})


@login_required
def goal_edit(request, pk: int):
    goal = get_object_or_404(Goal, pk=pk)
    _require(request, "mission.change_goal", goal)
    initial = {
        name: getattr(goal, name)
        for name in (
            "title",
            "description",
            "indicator",
            "region",
            "direction",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "order",
        )
    }
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=Goal.objects.get(pk=goal.pk), **_goal_fields(form))
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Målet er endret."))
            return redirect("mission:mission")
    return render(request, "mission/goal_form.html", {"form": form, "goal": goal})


@login_required
@require_POST
def goal_delete(request, pk: int):
    goal = get_object_or_404(Goal, pk=pk)
    _require(request, "mission.delete_goal", goal)
    services.goal_delete(goal=goal)
    messages.success(request, _("Målet «%(title)s» er slettet.") % {"title": goal.title})
    return redirect("mission:mission")


@login_required
def reference_lists(request):
    _require(request, "mission.manage_reference_lists")
    lists = [
        {"kind": kind, "heading": heading, "singular": singular, "terms": model.objects.all()}
        for kind, (model, heading, singular) in REFERENCE_LISTS.items()
    ]
    return render(request, "mission/reference_lists.html", {"lists": lists})


def _reference_list(kind: str):
    if kind not in REFERENCE_LISTS:
        raise Http404
    return REFERENCE_LISTS[kind]


@login_required
def reference_term_create(request, kind: str):
    _require(request, "mission.manage_reference_lists")
    model, heading, singular = _reference_list(kind)
    form = ReferenceTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_term_create(model=model, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Begrepet er lagt til."))
            return redirect("mission:reference_lists")
    return render(
        request,
        "mission/reference_term_form.html",
        {"form": form, "heading": heading, "singular": singular},
    )


@login_required
def reference_term_edit(request, kind: str, pk: int):
    _require(request, "mission.manage_reference_lists")
    model, heading, singular = _reference_list(kind)
    term = get_object_or_404(model, pk=pk)
    form = ReferenceTermForm(
        request.POST or None,
        initial={
            "name": term.name,
            "description": term.description,
            "order": term.order,
            "is_active": term.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("order") is None:
            data["order"] = term.order
        try:
            services.reference_term_update(term=model.objects.get(pk=term.pk), **data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("mission:reference_lists")
    return render(
        request,
        "mission/reference_term_form.html",
        {"form": form, "heading": heading, "singular": singular, "term": term},
    )


def indicator_list(request):
    return render(
        request,
        "mission/indicator_list.html",
        {
            "summaries": selectors.indicator_summaries(),
            "may_add": request.user.has_perm("mission.add_indicator"),
            "may_import": request.user.has_perm("mission.import_observations"),
        },
    )


def indicator_detail(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    data = selectors.indicator_data(
        indicator=indicator, chosen_code=request.GET.get("kommune", "").strip()
    )
    return render(
        request,
        "mission/indicator_detail.html",
        {
            "indicator": indicator,
            "data": data,
            "trend_chart": charts.trend_chart(data),
            "compare_chart": charts.compare_chart(data),
            "may_change": request.user.has_perm("mission.change_indicator", indicator),
        },
    )


def indicator_csv(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.csv"'
    write_observations_csv(response, selectors.observation_list(indicator_code=indicator.code))
    return response


CSV_HEADER = [
    "indikator",
    "region",
    "regionnavn",
    "periode",
    "verdi",
    "status",
    "foreløpig",
    "merknad",
    "oppdatert",
]


def write_observations_csv(stream, observations) -> None:
    """The same layout the CSV import reads, so an export can be edited and imported again."""
    writer = CsvWriter(stream, decimal_comma=True)
    writer.writerow(CSV_HEADER)
    for observation in observations:
        writer.writerow(
            [
                observation.indicator.code,
                observation.region.code,
                observation.region.name,
                observation.period,
                observation.value,
                observation.status,
                "ja" if observation.is_preliminary else "nei",
                observation.note,
                observation.updated,
            ]
        )


@login_required
def indicator_create(request):
    _require(request, "mission.add_indicator")
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(**form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Indikatoren er opprettet."))
            return redirect("mission:indicator_detail", code=indicator.code)
    return render(request, "mission/indicator_form.html", {"form": form})


@login_required
def indicator_edit(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    _require(request, "mission.change_indicator", indicator)
    form = IndicatorEditForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("mission:indicator_detail", code=indicator.code)
    return render(request, "mission/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
def observations_import(request):
    """Upload or fetch a dataset; «Kontroller» shows what would change, «Importer» saves it."""
    _require(request, "mission.import_observations")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        data = form.cleaned_data
        try:
            if data["file"]:
                raw, source = data["file"].read(), data["file"].name
            else:
                raw, source = fetch.fetch(data["url"]), data["url"]
            file_format = data["file_format"] or services.guess_format(source, raw)
            report = services.import_data(
                data=raw,
                file_format=file_format,
                source=source,
                indicators=form.indicators(),
                region=data["region_dimension"].strip() or None,
                time=data["time_dimension"].strip() or None,
                contents=data["contents_dimension"].strip() or None,
                fixed=data["fixed"],
                preliminary=data["preliminary"],
                allow_new_regions=data["allow_new_regions"],
                dry_run=dry_run,
                user=request.user,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if not dry_run:
                messages.success(request, report.summary())
                return redirect("mission:indicator_list")
    return render(request, "mission/import.html", {"form": form, "report": report})

from django.conf import settings
from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.downloads import download
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error, editable_copy
from fellesloft.core.policy import visible_object
from fellesloft.core.profile import goal_sections
from fellesloft.core.views import form_page, requires
from fellesloft.mission import charts, fetch, selectors, services
from fellesloft.mission.exports import write_observations_csv
from fellesloft.mission.forms import (
    GoalForm,
    ImportForm,
    IndicatorEditForm,
    IndicatorForm,
    MissionForm,
    ReferenceTermForm,
)
from fellesloft.mission.models import (
    Goal,
    Indicator,
    InnovationArea,
    MainChallenge,
    NeedTheme,
    ReferenceTerm,
)
from fellesloft.mission.progress import BEHIND, NO_DATA, ON_TRACK, REACHED

STATUS_TEXT = {
    REACHED: (gettext_lazy("Nådd"), "success"),
    ON_TRACK: (gettext_lazy("I rute"), "success"),
    BEHIND: (gettext_lazy("Ikke i rute"), "warning"),
    NO_DATA: (gettext_lazy("Mangler nye tall"), "neutral"),
}


def _mission_or_404(user):
    mission = selectors.current_mission(user=user)
    if mission is None:
        raise Http404(_("Samfunnsoppdraget er ikke lagt inn."))
    return mission


def _goal_item(view, number: int) -> dict:
    """What a goal's card shows: its progress, its status in words and colour, its chart."""
    label, color = STATUS_TEXT[view.progress.status]
    return {
        "view": view,
        "status_label": label,
        "status_color": color,
        "chart_id": f"maal-{number}-data",
        "chart": charts.goal_chart(view),
    }


def mission(request):
    current = _mission_or_404(request.user)
    goals = selectors.goals_with_progress(mission=current, user=request.user)
    goal_items = [_goal_item(view, number) for number, view in enumerate(goals, start=1)]
    return render(
        request,
        "mission/mission.html",
        {
            "mission": current,
            "goals": goal_items,
            "summaries": selectors.indicator_summaries(user=request.user),
            "need_themes": NeedTheme.objects.filter(is_active=True),
            "main_challenges": MainChallenge.objects.filter(is_active=True),
            "innovation_areas": InnovationArea.objects.filter(is_active=True),
            "may_change": request.user.has_perm("mission.change_mission"),
            "may_add_goal": request.user.has_perm("mission.add_goal"),
            "may_manage_lists": request.user.has_perm("mission.manage_reference_lists"),
        },
    )


@requires("mission.change_mission")
def mission_edit(request):
    current = _mission_or_404(request.user)
    initial = {"name": current.name, "vision": current.vision, "description": current.description}
    return form_page(
        request,
        MissionForm(request.POST or None, initial=initial),
        "mission/mission_form.html",
        {"mission": current},
        save=lambda form: services.mission_update(mission=current, **form.cleaned_data),
        then="mission:mission",
        message=_("Endringene er lagret."),
    )


def _goal_fields(form) -> dict:
    data = dict(form.cleaned_data)
    if data.get("order") is None:
        data.pop("order", None)
    return data


@requires("mission.add_goal")
def goal_create(request):
    current = _mission_or_404(request.user)
    return form_page(
        request,
        GoalForm(request.POST or None),
        "mission/goal_form.html",
        save=lambda form: services.goal_create(mission=current, **_goal_fields(form)),
        then="mission:mission",
        message=_("Målet er lagt til."),
    )


_goal_in_url = visible_object(Goal)


def goal_detail(request, pk: int):
    goal = _goal_in_url(request, pk=pk)
    view = selectors.goal_with_progress(goal=goal, user=request.user)
    return render(
        request,
        "mission/goal_detail.html",
        {
            "item": _goal_item(view, 1),
            "goal": goal,
            "sections": goal_sections(goal=goal, user=request.user),
            "may_add_goal": request.user.has_perm("mission.change_goal", goal),
        },
    )


@requires("mission.change_goal", fn=_goal_in_url)
def goal_edit(request, goal: Goal):
    return form_page(
        request,
        GoalForm(request.POST or None, initial=model_to_dict(goal, fields=GoalForm.base_fields)),
        "mission/goal_form.html",
        {"goal": goal},
        save=lambda form: services.goal_update(goal=editable_copy(goal), **_goal_fields(form)),
        then="mission:mission",
        message=_("Målet er endret."),
    )


@requires("mission.delete_goal", fn=_goal_in_url, post_only=True)
def goal_delete(request, goal: Goal):
    services.goal_delete(goal=goal)
    messages.success(request, _("Målet «%(title)s» er slettet.") % {"title": goal.title})
    return redirect("mission:mission")


def _list_context(kind: str, model: type[ReferenceTerm]) -> dict:
    return {
        "kind": kind,
        "heading": capfirst(model._meta.verbose_name_plural),
        "singular": model._meta.verbose_name,
    }


@requires("mission.manage_reference_lists")
def reference_lists(request):
    lists = [
        {**_list_context(kind, model), "terms": model.objects.all()}
        for kind, model in selectors.reference_lists().items()
    ]
    return render(request, "mission/reference_lists.html", {"lists": lists})


def _reference_list(kind: str) -> type[ReferenceTerm]:
    model = selectors.reference_lists().get(kind)
    if model is None:
        raise Http404
    return model


@requires("mission.manage_reference_lists")
def reference_term_create(request, kind: str):
    model = _reference_list(kind)
    return form_page(
        request,
        ReferenceTermForm(request.POST or None),
        "mission/reference_term_form.html",
        _list_context(kind, model),
        save=lambda form: services.reference_term_save(term=model(), **form.cleaned_data),
        then="mission:reference_lists",
        message=_("Begrepet er lagt til."),
    )


@requires("mission.manage_reference_lists")
def reference_term_edit(request, kind: str, pk: int):
    model = _reference_list(kind)
    term = get_object_or_404(model, pk=pk)
    return form_page(
        request,
        ReferenceTermForm(
            request.POST or None, initial=model_to_dict(term, fields=ReferenceTermForm.base_fields)
        ),
        "mission/reference_term_form.html",
        {**_list_context(kind, model), "term": term},
        save=lambda form: services.reference_term_save(
            term=editable_copy(term), **form.cleaned_data
        ),
        then="mission:reference_lists",
        message=_("Endringene er lagret."),
    )


def indicator_list(request):
    comparison = selectors.county_comparison(county=settings.SSB_COUNTY, user=request.user)
    return render(
        request,
        "mission/indicator_list.html",
        {
            "summaries": selectors.indicator_summaries(user=request.user),
            "may_add": request.user.has_perm("mission.add_indicator"),
            "may_import": request.user.has_perm("mission.import_observations"),
            "last_ssb_import": selectors.last_preset_import()
            if request.user.has_perm("mission.import_observations")
            else None,
            "comparison": comparison,
            "county_chart": charts.county_chart(comparison) if comparison.rows else None,
        },
    )


_indicator_in_url = visible_object(Indicator, url_kwarg="code", field_name="code")


def indicator_detail(request, code: str):
    indicator = _indicator_in_url(request, code=code)
    data = selectors.indicator_data(
        indicator=indicator, chosen_code=request.GET.get("kommune", "").strip(), user=request.user
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
    indicator = _indicator_in_url(request, code=code)
    response = download(b"", "text/csv; charset=utf-8", f"{indicator.code}.csv")
    write_observations_csv(
        response, selectors.observation_list(indicator_code=indicator.code, user=request.user)
    )
    return response


def _indicator_url(indicator: Indicator) -> str:
    return reverse("mission:indicator_detail", kwargs={"code": indicator.code})


@requires("mission.add_indicator")
def indicator_create(request):
    return form_page(
        request,
        IndicatorForm(request.POST or None),
        "mission/indicator_form.html",
        save=lambda form: services.indicator_create(**form.cleaned_data),
        then=_indicator_url,
        message=_("Indikatoren er opprettet."),
    )


@requires("mission.change_indicator", fn=_indicator_in_url)
def indicator_edit(request, indicator: Indicator):
    return form_page(
        request,
        IndicatorEditForm(request.POST or None, instance=editable_copy(indicator)),
        "mission/indicator_form.html",
        {"indicator": indicator},
        save=lambda form: services.indicator_update(indicator=indicator, **form.cleaned_data),
        then=_indicator_url,
        message=_("Endringene er lagret."),
    )


@requires("mission.import_observations")
def observations_import(request):
    """Upload or fetch a dataset; «Kontroller» shows what would change, «Importer» saves it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        data = form.cleaned_data
        try:
            if data["preset"]:
                upload = data["file"]
                report = services.preset_import(
                    preset=data["preset"],
                    data=upload.read() if upload else None,
                    filename=upload.name if upload else "",
                    top=data["top"],
                    dry_run=dry_run,
                    user=request.user,
                )
            elif data["file"]:
                raw, source = data["file"].read(), data["file"].name
            else:
                raw, source = fetch.fetch(data["url"]), data["url"]
            if not data["preset"]:
                report = _import_data(request, form, raw, source, dry_run)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if not dry_run:
                messages.success(request, report.summary())
                return redirect("mission:indicator_list")
    return render(
        request,
        "mission/import.html",
        {"form": form, "report": report, "runs": selectors.recent_imports(), **_schedule()},
    )


def _schedule() -> dict:
    return {
        "every_days": settings.SSB_IMPORT_EVERY_DAYS,
        "scheduled_presets": settings.SSB_IMPORT_PRESETS,
    }


def _import_data(request, form, raw, source, dry_run):
    data = form.cleaned_data
    file_format = data["file_format"] or services.guess_format(source, raw)
    return services.import_data(
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

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.measures import importer, selectors, services
from fellesloft.measures.forms import ImportForm, MeasureFilterForm, MeasureForm, YouthSearchForm
from fellesloft.measures.models import ImportStatus, Measure, MeasureImport
from fellesloft.measures.youth import ACCESS_TEXT, YOUTH_NEED_TEXT
from fellesloft.organisations.models import Municipality
from fellesloft.organisations.rules import is_mission_lead


def measure_list(request):
    form = MeasureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    measures = selectors.measure_list(
        municipality=filters.get("kommune"),
        sector=filters.get("sektor"),
        need_theme=filters.get("behovstema"),
        age=filters.get("alder"),
        status=filters.get("status") or "active",
        query=filters.get("q", ""),
    )
    page = Paginator(measures, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "measures/measure_list.html",
        {
            "form": form,
            "page": page,
            "municipality": filters.get("kommune"),
            "may_add": request.user.has_perm("measures.add_measure"),
            "may_import": request.user.has_perm("measures.import_measures"),
        },
    )


def measure_detail(request, slug: str):
    try:
        measure = selectors.measure_detail(slug=slug)
    except Measure.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "access_text": ACCESS_TEXT[measure.access],
            "may_change": request.user.has_perm("measures.change_measure", measure),
        },
    )


@login_required
def measure_create(request):
    if not request.user.has_perm("measures.add_measure"):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(actor=request.user, data=form.to_input())
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Tiltaket er registrert."))
            return redirect("measures:detail", slug=measure.slug)
    return render(request, "measures/measure_form.html", {"form": form})


@login_required
def measure_edit(request, slug: str):
    measure = get_object_or_404(Measure, slug=slug)
    if not request.user.has_perm("measures.change_measure", measure):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, user=request.user, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(actor=request.user, measure=measure, data=form.to_input())
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("measures:detail", slug=measure.slug)
    return render(request, "measures/measure_form.html", {"form": form, "measure": measure})


def coverage(request, number: str):
    municipality = get_object_or_404(Municipality, number=number)
    return render(
        request,
        "measures/coverage.html",
        {"coverage": selectors.municipality_coverage(municipality=municipality)},
    )


def comparison(request):
    return render(
        request,
        "measures/comparison.html",
        {"rows": selectors.municipality_comparison()},
    )


# --- Import -----------------------------------------------------------------------------------


@login_required
def import_upload(request):
    if not request.user.has_perm("measures.import_measures"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            measure_import = services.measure_import_prepare(
                actor=request.user, filename=upload.name, content=upload.read()
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            return redirect("measures:import_preview", import_id=measure_import.uuid)
    return render(request, "measures/import.html", {"form": form, "columns": importer.COLUMNS})


def import_template(request):
    response = HttpResponse(
        importer.template_workbook(),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="tiltak-mal.xlsx"'
    return response


def _own_import(request, import_id) -> MeasureImport:
    measure_import = get_object_or_404(MeasureImport, uuid=import_id)
    if not request.user.has_perm("measures.import_measures"):
        raise PermissionDenied
    if measure_import.created_by_id != request.user.pk and not is_mission_lead(request.user):
        raise PermissionDenied
    return measure_import


@login_required
def import_preview(request, import_id):
    measure_import = _own_import(request, import_id)
    return render(
        request,
        "measures/import_preview.html",
        {
            "measure_import": measure_import,
            "is_pending": measure_import.status == ImportStatus.PENDING,
            "is_own": measure_import.created_by_id == request.user.pk,
        },
    )


@login_required
@require_POST
def import_confirm(request, import_id):
    measure_import = _own_import(request, import_id)
    try:
        done = services.measure_import_confirm(actor=request.user, measure_import=measure_import)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("measures:import_preview", import_id=measure_import.uuid)
    messages.success(
        request,
        ngettext(
            "%(count)s tiltak er importert.", "%(count)s tiltak er importert.", done.imported_count
        )
        % {"count": done.imported_count},
    )
    return redirect("measures:import_preview", import_id=measure_import.uuid)


@login_required
@require_POST
def import_cancel(request, import_id):
    measure_import = _own_import(request, import_id)
    try:
        services.measure_import_cancel(actor=request.user, measure_import=measure_import)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("measures:import_preview", import_id=measure_import.uuid)
    messages.info(request, _("Importen er avbrutt. Ingenting ble lagret."))
    return redirect("measures:import")


# --- For young people: public, no log-in, nothing stored ------------------------------------


def youth_index(request):
    response = render(
        request,
        "measures/youth_index.html",
        {"municipalities": selectors.municipalities_with_measures()},
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


def youth_page(request, number: str):
    municipality = get_object_or_404(Municipality, number=number)
    form = YouthSearchForm(request.GET or None)
    searched = bool(request.GET)
    results = None
    if searched and form.is_valid():
        chosen = form.cleaned_data["behov"]
        results = selectors.youth_measures(
            municipality=municipality, needs=chosen, age=form.cleaned_data["alder"]
        )
        for measure in results:
            measure.access_text = ACCESS_TEXT[measure.access]
    needs = [
        {
            "value": need.value,
            "label": text[0],
            "hint": text[1],
            "checked": need.value in (form.data.getlist("behov") if searched else []),
        }
        for need, text in YOUTH_NEED_TEXT.items()
    ]
    response = render(
        request,
        "measures/youth.html",
        {
            "municipality": municipality,
            "form": form,
            "needs": needs,
            "results": results,
        },
    )
    # The choices are in the address; they must not follow a click to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fellesloft.core.downloads import download
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import list_filters
from fellesloft.core.policy import visible_object
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.core.views import form_page, page_of, post_action, requires
from fellesloft.measures import importer, selectors, services
from fellesloft.measures.forms import ImportForm, MeasureFilterForm, MeasureForm, YouthSearchForm
from fellesloft.measures.models import ImportStatus, Measure, MeasureImport, YouthNeed
from fellesloft.measures.youth import ACCESS_TEXT, YOUTH_NEED_TEXT
from fellesloft.organisations.models import Municipality


def measure_list(request):
    form, filters = list_filters(request, MeasureFilterForm)
    measures = selectors.measure_list(
        user=request.user,
        municipality=filters.get("kommune"),
        sector=filters.get("sektor"),
        need_theme=filters.get("behovstema"),
        age=filters.get("alder"),
        status=filters.get("status") or "active",
        query=filters.get("q", ""),
    )
    return render(
        request,
        "measures/measure_list.html",
        {
            "form": form,
            "page": page_of(request, measures, 50),
            "municipality": filters.get("kommune"),
            "may_add": request.user.has_perm("measures.add_measure"),
            "may_import": request.user.has_perm("measures.import_measures"),
        },
    )


def measure_detail(request, slug: str):
    try:
        measure = selectors.measure_detail(slug=slug, user=request.user)
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


def _detail_url(measure: Measure) -> str:
    return reverse("measures:detail", kwargs={"slug": measure.slug})


@requires("measures.add_measure")
def measure_create(request):
    return form_page(
        request,
        MeasureForm(request.POST or None, user=request.user),
        "measures/measure_form.html",
        save=lambda form: services.measure_create(actor=request.user, data=form.to_input()),
        then=_detail_url,
        message=_("Tiltaket er registrert."),
    )


_measure_in_url = visible_object(Measure, url_kwarg="slug", field_name="slug")


@requires("measures.change_measure", fn=_measure_in_url)
def measure_edit(request, measure: Measure):
    return form_page(
        request,
        MeasureForm(request.POST or None, user=request.user, measure=measure),
        "measures/measure_form.html",
        {"measure": measure},
        save=lambda form: services.measure_update(
            actor=request.user, measure=measure, data=form.to_input()
        ),
        then=_detail_url,
        message=_("Endringene er lagret."),
    )


def coverage(request, number: str):
    municipality = get_object_or_404(Municipality, number=number)
    return render(
        request,
        "measures/coverage.html",
        {"coverage": selectors.municipality_coverage(municipality=municipality, user=request.user)},
    )


def comparison(request):
    return render(
        request,
        "measures/comparison.html",
        {"rows": selectors.municipality_comparison(user=request.user)},
    )


# --- Import -----------------------------------------------------------------------------------


def _preview_url(measure_import: MeasureImport) -> str:
    return reverse("measures:import_preview", kwargs={"import_id": measure_import.uuid})


@requires("measures.import_measures")
def import_upload(request):
    def save(form):
        upload = form.cleaned_data["file"]
        return services.measure_import_prepare(
            actor=request.user, filename=upload.name, content=upload.read()
        )

    return form_page(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        "measures/import.html",
        {"columns": importer.COLUMNS},
        save=save,
        then=_preview_url,
    )


def import_template(request):
    return download(importer.template_workbook(), XLSX_CONTENT_TYPE, "tiltak-mal.xlsx")


def _import_in_url(request, import_id) -> MeasureImport:
    return get_object_or_404(MeasureImport, uuid=import_id)


@requires("measures.handle_import", fn=_import_in_url)
def import_preview(request, measure_import: MeasureImport):
    return render(
        request,
        "measures/import_preview.html",
        {
            "measure_import": measure_import,
            "is_pending": measure_import.status == ImportStatus.PENDING,
            "is_own": measure_import.created_by_id == request.user.pk,
        },
    )


@requires("measures.handle_import", fn=_import_in_url, post_only=True)
def import_confirm(request, measure_import: MeasureImport):
    post_action(
        request,
        lambda: services.measure_import_confirm(actor=request.user, measure_import=measure_import),
        done=lambda done: (
            ngettext(
                "%(count)s tiltak er importert.",
                "%(count)s tiltak er importert.",
                done.imported_count,
            )
            % {"count": done.imported_count}
        ),
    )
    return redirect(_preview_url(measure_import))


@requires("measures.handle_import", fn=_import_in_url, post_only=True)
def import_cancel(request, measure_import: MeasureImport):
    try:
        services.measure_import_cancel(actor=request.user, measure_import=measure_import)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(_preview_url(measure_import))
    messages.info(request, _("Importen er avbrutt. Ingenting ble lagret."))
    return redirect("measures:import")


# --- For young people: public, no log-in, nothing stored ------------------------------------


def youth_index(request):
    response = render(
        request,
        "measures/youth_index.html",
        {"municipalities": selectors.youth_municipalities()},
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


def youth_page(request, number: str):
    municipality = get_object_or_404(Municipality.objects.select_related("county"), number=number)
    form = YouthSearchForm(request.GET or None)
    searched = bool(request.GET)
    help_found = None
    if searched and form.is_valid():
        help_found = selectors.youth_help(
            municipality=municipality,
            needs=form.cleaned_data["behov"],
            age=form.cleaned_data["alder"],
            user=request.user,
        )
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
            "help": help_found,
            "uncovered_labels": [
                YOUTH_NEED_TEXT[YouthNeed(need)][0] for need in help_found.uncovered_needs
            ]
            if help_found
            else [],
        },
    )
    # The choices are in the address; they must not follow a click to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response

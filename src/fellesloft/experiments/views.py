from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.experiments import exports, selectors, services
from fellesloft.experiments.forms import (
    BarrierNoteForm,
    BudgetForm,
    CardFilterForm,
    EvaluationForm,
    ExperimentForm,
    LearningCardForm,
    PartnerForm,
    PortfolioFilterForm,
    SprintForm,
    StatusForm,
    SupportEntryForm,
    TeamMemberForm,
)
from fellesloft.experiments.models import (
    Experiment,
    ExperimentPartner,
    ExperimentStatus,
    ExperimentTeamMember,
    LearningCard,
    LearningCardStatus,
    Sprint,
)
from fellesloft.organisations.models import Municipality

PORTFOLIO_PAGE_SIZE = 25
STALE_SHOWN = 50
MAX_LABELLED_NODES = 40


def _require(request, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _experiment(pk: int) -> Experiment:
    return get_object_or_404(
        Experiment.objects.select_related("municipality", "owner_organisation"), pk=pk
    )


def _sprint(experiment: Experiment, number: int) -> Sprint:
    sprint = get_object_or_404(Sprint, experiment=experiment, number=number)
    sprint.experiment = experiment
    return sprint


# --- Experiments -----------------------------------------------------------------------------


@login_required
def experiment_list(request):
    _require(request, "experiments.view_experiment")
    mine = selectors.flag_stale(
        selectors.with_tags(selectors.experiments_of_user(user=request.user))
    )
    return render(
        request,
        "experiments/experiment_list.html",
        {
            "experiments": mine,
            "may_add": request.user.has_perm("experiments.add_experiment"),
            "may_view_portfolio": request.user.has_perm("experiments.view_portfolio"),
        },
    )


@login_required
def experiment_create(request):
    _require(request, "experiments.add_experiment")
    form = ExperimentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            experiment = services.experiment_create(created_by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Forsøket er opprettet."))
            return redirect(experiment)
    return render(request, "experiments/experiment_form.html", {"form": form})


@login_required
def experiment_detail(request, pk: int):
    _require(request, "experiments.view_experiment")
    experiment = get_object_or_404(Experiment, pk=pk)
    experiment = selectors.experiment_detail(pk=experiment.pk)
    user = request.user
    may_write = user.has_perm("experiments.write_sprint", experiment)
    cards = [
        card
        for card in experiment.learning_cards.all()
        if card.status == LearningCardStatus.PUBLISHED or may_write
    ]
    sectors = selectors.team_sectors(experiment)
    return render(
        request,
        "experiments/experiment_detail.html",
        {
            "experiment": experiment,
            "sectors": sectors,
            "too_few_sectors": len(sectors) < services.MINIMUM_SECTORS_TO_START,
            "sprints": list(experiment.sprints.all()),
            "cards": cards,
            "is_open": experiment.status
            not in (ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED),
            "may_change": user.has_perm("experiments.change_experiment", experiment),
            "may_manage_team": user.has_perm("experiments.manage_team", experiment),
            "may_change_status": user.has_perm("experiments.change_status", experiment),
            "may_write_sprint": may_write,
            "barrier_report_url": _barrier_report_url(user),
            "today": timezone.localdate(),
        },
    )


def _barrier_report_url(user) -> str:
    """Where a noted barrier is reported, when the barriers app is there and the user may
    report; the barriers app links the new barrier back to the sprint."""
    if not apps.is_installed("fellesloft.barriers") or not user.has_perm("barriers.add_barrier"):
        return ""
    return reverse("barriers:create")


@login_required
def experiment_edit(request, pk: int):
    experiment = _experiment(pk)
    _require(request, "experiments.change_experiment", experiment)
    form = ExperimentForm(request.POST or None, experiment=experiment)
    if request.method == "POST" and form.is_valid():
        try:
            services.experiment_update(experiment=experiment, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(experiment)
    return render(
        request, "experiments/experiment_form.html", {"form": form, "experiment": experiment}
    )


@login_required
def experiment_status(request, pk: int):
    experiment = _experiment(pk)
    _require(request, "experiments.change_status", experiment)
    form = StatusForm(request.POST or None, experiment=experiment)
    if request.method == "POST" and form.is_valid():
        try:
            services.experiment_change_status(
                experiment=experiment,
                to_status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Statusen er endret."))
            return redirect(experiment)
    sectors = selectors.team_sectors(selectors.experiment_detail(pk=experiment.pk))
    return render(
        request,
        "experiments/experiment_status.html",
        {"form": form, "experiment": experiment, "sectors": sectors},
    )


@login_required
def experiment_team(request, pk: int):
    experiment = _experiment(pk)
    _require(request, "experiments.manage_team", experiment)
    partner_form = PartnerForm(prefix="partner")
    member_form = TeamMemberForm(prefix="person")
    if request.method == "POST":
        kind = request.POST.get("kind")
        try:
            if kind == "partner":
                partner_form = PartnerForm(request.POST, prefix="partner")
                if partner_form.is_valid():
                    services.experiment_partner_add(
                        experiment=experiment, by=request.user, **partner_form.cleaned_data
                    )
                    messages.success(request, _("Organisasjonen er lagt til i teamet."))
                    return redirect("experiments:team", pk=experiment.pk)
            elif kind == "person":
                member_form = TeamMemberForm(request.POST, prefix="person")
                if member_form.is_valid():
                    services.experiment_team_member_add(
                        experiment=experiment, by=request.user, **member_form.cleaned_data
                    )
                    messages.success(request, _("Personen er lagt til i teamet."))
                    return redirect("experiments:team", pk=experiment.pk)
            else:
                messages.error(request, _("Ukjent handling."))
        except ServiceError as error:
            add_service_error(partner_form if kind == "partner" else member_form, error)
    experiment = selectors.experiment_detail(pk=experiment.pk)
    return render(
        request,
        "experiments/experiment_team.html",
        {
            "experiment": experiment,
            "sectors": selectors.team_sectors(experiment),
            "partner_form": partner_form,
            "member_form": member_form,
        },
    )


@login_required
@require_POST
def partner_remove(request, pk: int, partner_id: int):
    experiment = _experiment(pk)
    _require(request, "experiments.manage_team", experiment)
    partner = get_object_or_404(ExperimentPartner, experiment=experiment, pk=partner_id)
    try:
        services.experiment_partner_remove(partner=partner, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Organisasjonen er fjernet fra teamet."))
    return redirect("experiments:team", pk=experiment.pk)


@login_required
@require_POST
def team_member_remove(request, pk: int, member_id: int):
    experiment = _experiment(pk)
    _require(request, "experiments.manage_team", experiment)
    member = get_object_or_404(ExperimentTeamMember, experiment=experiment, pk=member_id)
    try:
        services.experiment_team_member_remove(member=member, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Personen er fjernet fra teamet."))
    return redirect("experiments:team", pk=experiment.pk)


@login_required
def experiment_pdf(request, pk: int):
    _require(request, "experiments.view_experiment")
    experiment = get_object_or_404(Experiment, pk=pk)
    experiment = selectors.experiment_detail(pk=experiment.pk)
    pdf = exports.experiment_pdf(experiment=experiment, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="forsok-{experiment.pk}.pdf"'
    return response


# --- Sprints ---------------------------------------------------------------------------------


@login_required
def sprint_create(request, pk: int):
    experiment = _experiment(pk)
    _require(request, "experiments.write_sprint", experiment)
    form = SprintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sprint = services.sprint_create(
                experiment=experiment, by=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Sprint %(number)s er lagt til.") % {"number": sprint.number}
            )
            advice = services.sprint_length_advice(
                start_date=sprint.start_date, end_date=sprint.end_date
            )
            if advice:
                messages.warning(request, advice)
            return redirect(experiment)
    return render(request, "experiments/sprint_form.html", {"form": form, "experiment": experiment})


@login_required
def sprint_edit(request, pk: int, number: int):
    experiment = _experiment(pk)
    _require(request, "experiments.write_sprint", experiment)
    sprint = _sprint(experiment, number)
    form = SprintForm(request.POST or None, instance=Sprint.objects.get(pk=sprint.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.sprint_update(sprint=sprint, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Sprinten er lagret."))
            return redirect(experiment)
    return render(
        request,
        "experiments/sprint_form.html",
        {"form": form, "experiment": experiment, "sprint": sprint},
    )


@login_required
def sprint_evaluate(request, pk: int, number: int):
    experiment = _experiment(pk)
    _require(request, "experiments.write_sprint", experiment)
    sprint = _sprint(experiment, number)
    form = EvaluationForm(request.POST or None, sprint=sprint)
    if request.method == "POST" and form.is_valid():
        try:
            services.sprint_evaluate(sprint=sprint, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Evalueringen er lagret."))
            return redirect(experiment)
    return render(
        request,
        "experiments/sprint_evaluate.html",
        {"form": form, "experiment": experiment, "sprint": sprint},
    )


@login_required
def sprint_barrier(request, pk: int, number: int):
    experiment = _experiment(pk)
    _require(request, "experiments.write_sprint", experiment)
    sprint = _sprint(experiment, number)
    form = BarrierNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sprint_barrier_note_add(
                sprint=sprint, text=form.cleaned_data["text"], by=request.user
            )
        except ServiceError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("Systembarrieren er notert på sprinten."))
            return redirect(experiment)
    return render(
        request,
        "experiments/sprint_barrier.html",
        {"form": form, "experiment": experiment, "sprint": sprint},
    )


# --- Learning cards --------------------------------------------------------------------------


def card_list(request):
    form = CardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cards = selectors.published_learning_cards(
        municipality=filters.get("kommune"),
        need_theme=filters.get("behovstema"),
        query=filters.get("q", ""),
    )
    page = Paginator(cards, 20).get_page(request.GET.get("side"))
    return render(request, "experiments/card_list.html", {"form": form, "page": page})


def _card(pk: int) -> LearningCard:
    return get_object_or_404(
        LearningCard.objects.select_related(
            "experiment", "experiment__municipality", "experiment__owner_organisation", "sprint"
        ),
        pk=pk,
    )


def card_detail(request, pk: int):
    card = _card(pk)
    if not request.user.has_perm("experiments.view_learning_card", card):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return render(
        request,
        "experiments/card_detail.html",
        {
            "card": card,
            "may_change": request.user.has_perm("experiments.change_learning_card", card),
            "may_publish": request.user.has_perm("experiments.publish_learning_card", card),
            "may_view_experiment": request.user.has_perm("experiments.view_experiment"),
        },
    )


@login_required
def card_create(request, pk: int):
    experiment = _experiment(pk)
    _require(request, "experiments.add_learning_card", experiment)
    initial = {
        "hypothesis": _("Vi tror at %(change)s for %(group)s vil gi %(effect)s.")
        % {
            "change": experiment.hypothesis_change,
            "group": experiment.hypothesis_target_group,
            "effect": experiment.hypothesis_effect,
        },
        "title": experiment.title,
    }
    form = LearningCardForm(request.POST or None, experiment=experiment, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            card = services.learning_card_create(
                experiment=experiment, by=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Læringskortet er lagret som utkast."))
            return redirect(card)
    return render(request, "experiments/card_form.html", {"form": form, "experiment": experiment})


@login_required
def card_edit(request, pk: int):
    card = _card(pk)
    _require(request, "experiments.change_learning_card", card)
    form = LearningCardForm(
        request.POST or None,
        experiment=card.experiment,
        instance=LearningCard.objects.get(pk=card.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_card_update(card=card, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Læringskortet er lagret."))
            return redirect(card)
    return render(
        request,
        "experiments/card_form.html",
        {"form": form, "experiment": card.experiment, "card": card},
    )


@login_required
@require_POST
def card_publish(request, pk: int):
    card = _card(pk)
    _require(request, "experiments.publish_learning_card", card)
    try:
        services.learning_card_publish(card=card, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Læringskortet er publisert i nettverket."))
    return redirect(card)


@login_required
@require_POST
def card_unpublish(request, pk: int):
    card = _card(pk)
    _require(request, "experiments.publish_learning_card", card)
    try:
        services.learning_card_unpublish(card=card, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Læringskortet er trukket tilbake."))
    return redirect(card)


# --- The portfolio ---------------------------------------------------------------------------


@login_required
def portfolio(request):
    _require(request, "experiments.view_portfolio")
    form = PortfolioFilterForm(request.GET or None)
    experiments = selectors.with_tags(selectors.portfolio_experiments(**form.selector_filters()))
    page = Paginator(experiments, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("side"))
    page.object_list = selectors.flag_stale(page.object_list)
    counts = selectors.status_counts()
    # One more than shown tells whether to point to the full, filtered list.
    stale = list(selectors.stale_experiments()[: STALE_SHOWN + 1])
    return render(
        request,
        "experiments/portfolio.html",
        {
            "form": form,
            "page": page,
            "status_counts": [(status, counts[status.value]) for status in ExperimentStatus],
            "matrix": selectors.challenge_matrix(),
            "stale": stale[:STALE_SHOWN],
            "stale_more": len(stale) > STALE_SHOWN,
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
def portfolio_collaboration(request):
    _require(request, "experiments.view_portfolio")
    network = selectors.collaboration()
    width, height, margin = 760, 520, 20
    for node in network.organisations:
        node.cx = round(margin + node.x * (width - 2 * margin), 1)
        node.cy = round(margin + node.y * (height - 2 * margin), 1)
        node.r = 6 + min(node.degree, 10)
    return render(
        request,
        "experiments/collaboration.html",
        {
            "network": network,
            "width": width,
            "height": height,
            "labelled": len(network.organisations) <= MAX_LABELLED_NODES,
        },
    )


def _filtered_export_rows(request):
    form = PortfolioFilterForm(request.GET or None)
    return selectors.with_tags(selectors.portfolio_experiments(**form.selector_filters()))


@login_required
def portfolio_xlsx(request):
    _require(request, "experiments.view_portfolio")
    content = exports.portfolio_xlsx(_filtered_export_rows(request))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="forsoksportefolje-{stamp}.xlsx"'
    return response


@login_required
def portfolio_csv(request):
    _require(request, "experiments.view_portfolio")
    content = exports.portfolio_csv(_filtered_export_rows(request))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="forsoksportefolje-{stamp}.csv"'
    return response


# --- Support hours ---------------------------------------------------------------------------


@login_required
def support_overview(request):
    _require(request, "experiments.view_support_overview")
    return render(
        request,
        "experiments/support_overview.html",
        {
            "statuses": selectors.support_overview(),
            "log_ids": selectors.support_log_municipality_ids(user=request.user),
        },
    )


@login_required
def support_municipality(request, number: str):
    municipality = get_object_or_404(Municipality, number=number)
    _require(request, "experiments.view_support", municipality)
    may_log = request.user.has_perm("experiments.log_support", municipality)
    may_override = request.user.has_perm("experiments.override_support_budget")
    form = SupportEntryForm(
        request.POST or None,
        municipality=municipality,
        may_override=may_override,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST":
        if not may_log:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.support_entry_log(
                    municipality=municipality,
                    entry_date=data["date"],
                    hours=data["hours"],
                    kind=data["kind"],
                    given_by=data["given_by"],
                    notes=data["notes"],
                    experiment=data["experiment"],
                    override=data.get("override", False),
                    override_reason=data.get("override_reason", ""),
                    by=request.user,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Støtten er registrert."))
                return redirect("experiments:support", number=municipality.number)
    status = selectors.support_status(municipality=municipality)
    return render(
        request,
        "experiments/support_municipality.html",
        {
            "municipality": municipality,
            "status": status,
            "entries": selectors.support_entries(municipality=municipality),
            "form": form if may_log else None,
            "budget_form": BudgetForm(initial={"hours": status.budget})
            if request.user.has_perm("experiments.set_support_budget")
            else None,
        },
    )


@login_required
@require_POST
def support_budget(request, number: str):
    municipality = get_object_or_404(Municipality, number=number)
    _require(request, "experiments.set_support_budget", municipality)
    form = BudgetForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            services.support_budget_set(
                municipality=municipality, hours=form.cleaned_data["hours"], by=request.user
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Støttebudsjettet er oppdatert."))
    return redirect("experiments:support", number=municipality.number)

from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error, save_form
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
    Sprint,
)
from fellesloft.organisations.models import Municipality

PORTFOLIO_PAGE_SIZE = 25
STALE_SHOWN = 50
MAX_LABELLED_NODES = 40


# --- The objects a URL names, for the declared permissions -----------------------------------


def _experiment(request, pk: int, **kwargs) -> Experiment:
    return get_object_or_404(
        Experiment.objects.select_related("municipality", "owner_organisation"), pk=pk
    )


def _card(request, pk: int) -> LearningCard:
    return get_object_or_404(
        LearningCard.objects.select_related(
            "experiment", "experiment__municipality", "experiment__owner_organisation", "sprint"
        ),
        pk=pk,
    )


def _municipality(request, number: str) -> Municipality:
    return get_object_or_404(Municipality, number=number)


def _permission_or_login(permission: str, fn=None):
    """The permission, declared for a page that everyone may open for some objects (a
    published learning card): a visitor who is refused is sent to log in, a logged-in user
    gets 403."""

    def decorator(view):
        refuse = permission_required(permission, fn=fn, raise_exception=True)(view)
        send_to_login = permission_required(permission, fn=fn)(view)

        @wraps(view)
        def checked(request, *args, **kwargs):
            check = refuse if request.user.is_authenticated else send_to_login
            return check(request, *args, **kwargs)

        return checked

    return decorator


def _on_experiment(permission: str):
    """The permission on the experiment in the URL, declared; 403 for those it refuses."""
    return permission_required(permission, fn=_experiment, raise_exception=True)


def _sprint(experiment: Experiment, number: int) -> Sprint:
    sprint = get_object_or_404(Sprint, experiment=experiment, number=number)
    sprint.experiment = experiment
    return sprint


# --- Experiments -----------------------------------------------------------------------------


@login_required
@permission_required("experiments.view_experiment", raise_exception=True)
def experiment_list(request):
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
@permission_required("experiments.add_experiment", raise_exception=True)
def experiment_create(request):
    form = ExperimentForm(request.POST or None, user=request.user)
    experiment = save_form(
        request,
        form,
        lambda data: services.experiment_create(created_by=request.user, **data),
        _("Forsøket er opprettet."),
    )
    if experiment is not None:
        return redirect(experiment)
    return render(request, "experiments/experiment_form.html", {"form": form})


@login_required
@_on_experiment("experiments.view_experiment")
def experiment_detail(request, pk: int):
    experiment = selectors.experiment_detail(pk=pk)
    user = request.user
    sectors = selectors.team_sectors(experiment)
    return render(
        request,
        "experiments/experiment_detail.html",
        {
            "experiment": experiment,
            "sectors": sectors,
            "too_few_sectors": len(sectors) < services.MINIMUM_SECTORS_TO_START,
            "sprints": list(experiment.sprints.all()),
            "cards": selectors.learning_cards_of(experiment=experiment, user=user),
            "is_open": experiment.status
            not in (ExperimentStatus.COMPLETED, ExperimentStatus.STOPPED),
            "may_change": user.has_perm("experiments.change_experiment", experiment),
            "may_manage_team": user.has_perm("experiments.manage_team", experiment),
            "may_change_status": user.has_perm("experiments.change_status", experiment),
            "may_write_sprint": user.has_perm("experiments.write_sprint", experiment),
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
@_on_experiment("experiments.change_experiment")
def experiment_edit(request, pk: int):
    experiment = _experiment(request, pk)
    form = ExperimentForm(request.POST or None, experiment=experiment)
    if save_form(
        request,
        form,
        lambda data: services.experiment_update(experiment=experiment, by=request.user, **data),
        _("Endringene er lagret."),
    ):
        return redirect(experiment)
    return render(
        request, "experiments/experiment_form.html", {"form": form, "experiment": experiment}
    )


@login_required
@_on_experiment("experiments.change_status")
def experiment_status(request, pk: int):
    experiment = _experiment(request, pk)
    form = StatusForm(request.POST or None, experiment=experiment)
    if save_form(
        request,
        form,
        lambda data: services.experiment_change_status(
            experiment=experiment,
            to_status=data["status"],
            outcome=data["outcome"],
            reason=data["reason"],
            by=request.user,
        ),
        _("Statusen er endret."),
    ):
        return redirect(experiment)
    sectors = selectors.team_sectors(selectors.experiment_detail(pk=experiment.pk))
    return render(
        request,
        "experiments/experiment_status.html",
        {"form": form, "experiment": experiment, "sectors": sectors},
    )


@login_required
@_on_experiment("experiments.manage_team")
def experiment_team(request, pk: int):
    experiment = _experiment(request, pk)
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


def _remove_from_team(request, pk: int, model, item_id: int, remove, success: str):
    """A POST that removes an organisation or a person from the team, then back to the team
    page; `remove(item, by)` is the service."""
    item = get_object_or_404(model, experiment_id=pk, pk=item_id)
    try:
        remove(item, request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("experiments:team", pk=pk)


@login_required
@require_POST
@_on_experiment("experiments.manage_team")
def partner_remove(request, pk: int, partner_id: int):
    return _remove_from_team(
        request,
        pk,
        ExperimentPartner,
        partner_id,
        lambda partner, by: services.experiment_partner_remove(partner=partner, by=by),
        _("Organisasjonen er fjernet fra teamet."),
    )


@login_required
@require_POST
@_on_experiment("experiments.manage_team")
def team_member_remove(request, pk: int, member_id: int):
    return _remove_from_team(
        request,
        pk,
        ExperimentTeamMember,
        member_id,
        lambda member, by: services.experiment_team_member_remove(member=member, by=by),
        _("Personen er fjernet fra teamet."),
    )


@login_required
@_on_experiment("experiments.view_experiment")
def experiment_pdf(request, pk: int):
    experiment = selectors.experiment_detail(pk=pk)
    pdf = exports.experiment_pdf(experiment=experiment, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="forsok-{experiment.pk}.pdf"'
    return response


# --- Sprints ---------------------------------------------------------------------------------


@login_required
@_on_experiment("experiments.write_sprint")
def sprint_create(request, pk: int):
    experiment = _experiment(request, pk)
    form = SprintForm(request.POST or None)
    sprint = save_form(
        request,
        form,
        lambda data: services.sprint_create(experiment=experiment, by=request.user, **data),
        success="",  # worded below, with the sprint's number
    )
    if sprint is not None:
        messages.success(request, _("Sprint %(number)s er lagt til.") % {"number": sprint.number})
        advice = services.sprint_length_advice(
            start_date=sprint.start_date, end_date=sprint.end_date
        )
        if advice:
            messages.warning(request, advice)
        return redirect(experiment)
    return render(request, "experiments/sprint_form.html", {"form": form, "experiment": experiment})


def _sprint_page(
    request,
    pk: int,
    number: int,
    *,
    form_for,
    save,
    success: str,
    template: str,
    error_field: str | None = None,
):
    """A form about one sprint (edit, evaluate, note a barrier): saved, back to the
    experiment; otherwise the form again."""
    experiment = _experiment(request, pk)
    sprint = _sprint(experiment, number)
    form = form_for(sprint)
    saved = save_form(
        request, form, lambda data: save(sprint, data), success, error_field=error_field
    )
    if saved is not None:
        return redirect(experiment)
    return render(request, template, {"form": form, "experiment": experiment, "sprint": sprint})


@login_required
@_on_experiment("experiments.write_sprint")
def sprint_edit(request, pk: int, number: int):
    return _sprint_page(
        request,
        pk,
        number,
        form_for=lambda sprint: SprintForm(
            request.POST or None, instance=Sprint.objects.get(pk=sprint.pk)
        ),
        save=lambda sprint, data: services.sprint_update(sprint=sprint, by=request.user, **data),
        success=_("Sprinten er lagret."),
        template="experiments/sprint_form.html",
    )


@login_required
@_on_experiment("experiments.write_sprint")
def sprint_evaluate(request, pk: int, number: int):
    return _sprint_page(
        request,
        pk,
        number,
        form_for=lambda sprint: EvaluationForm(request.POST or None, sprint=sprint),
        save=lambda sprint, data: services.sprint_evaluate(sprint=sprint, by=request.user, **data),
        success=_("Evalueringen er lagret."),
        template="experiments/sprint_evaluate.html",
    )


@login_required
@_on_experiment("experiments.write_sprint")
def sprint_barrier(request, pk: int, number: int):
    return _sprint_page(
        request,
        pk,
        number,
        form_for=lambda sprint: BarrierNoteForm(request.POST or None),
        save=lambda sprint, data: services.sprint_barrier_note_add(
            sprint=sprint, text=data["text"], by=request.user
        ),
        success=_("Systembarrieren er notert på sprinten."),
        template="experiments/sprint_barrier.html",
        # The note's one text field is what every service message is about.
        error_field="text",
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


@_permission_or_login("experiments.view_learning_card", fn=_card)
def card_detail(request, pk: int):
    card = _card(request, pk)
    return render(
        request,
        "experiments/card_detail.html",
        {
            "card": card,
            "may_change": request.user.has_perm("experiments.change_learning_card", card),
            "may_publish": request.user.has_perm("experiments.publish_learning_card", card),
            "may_view_experiment": request.user.has_perm(
                "experiments.view_experiment", card.experiment
            ),
        },
    )


@login_required
@_on_experiment("experiments.add_learning_card")
def card_create(request, pk: int):
    experiment = _experiment(request, pk)
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
    card = save_form(
        request,
        form,
        lambda data: services.learning_card_create(experiment=experiment, by=request.user, **data),
        _("Læringskortet er lagret som utkast."),
    )
    if card is not None:
        return redirect(card)
    return render(request, "experiments/card_form.html", {"form": form, "experiment": experiment})


@login_required
@permission_required("experiments.change_learning_card", fn=_card, raise_exception=True)
def card_edit(request, pk: int):
    card = _card(request, pk)
    form = LearningCardForm(
        request.POST or None,
        experiment=card.experiment,
        instance=LearningCard.objects.get(pk=card.pk),
    )
    if save_form(
        request,
        form,
        lambda data: services.learning_card_update(card=card, by=request.user, **data),
        _("Læringskortet er lagret."),
    ):
        return redirect(card)
    return render(
        request,
        "experiments/card_form.html",
        {"form": form, "experiment": card.experiment, "card": card},
    )


def _card_step(request, pk: int, step, success: str):
    """Publishing or withdrawing a card: the service's answer as a message, back to the card."""
    card = _card(request, pk)
    try:
        step(card=card, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(card)


@login_required
@require_POST
@permission_required("experiments.publish_learning_card", fn=_card, raise_exception=True)
def card_publish(request, pk: int):
    return _card_step(
        request, pk, services.learning_card_publish, _("Læringskortet er publisert i nettverket.")
    )


@login_required
@require_POST
@permission_required("experiments.publish_learning_card", fn=_card, raise_exception=True)
def card_unpublish(request, pk: int):
    return _card_step(
        request, pk, services.learning_card_unpublish, _("Læringskortet er trukket tilbake.")
    )


# --- The portfolio ---------------------------------------------------------------------------


def _portfolio_page(view):
    return login_required(
        permission_required("experiments.view_portfolio", raise_exception=True)(view)
    )


@_portfolio_page
def portfolio(request):
    user = request.user
    form = PortfolioFilterForm(request.GET or None)
    experiments = selectors.with_tags(
        selectors.portfolio_experiments(user=user, **form.selector_filters())
    )
    page = Paginator(experiments, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("side"))
    page.object_list = selectors.flag_stale(page.object_list)
    counts = selectors.status_counts(user=user)
    # One more than shown tells whether to point to the full, filtered list.
    stale = list(selectors.stale_experiments(user=user)[: STALE_SHOWN + 1])
    return render(
        request,
        "experiments/portfolio.html",
        {
            "form": form,
            "page": page,
            "status_counts": [(status, counts[status.value]) for status in ExperimentStatus],
            "matrix": selectors.challenge_matrix(user=user),
            "stale": stale[:STALE_SHOWN],
            "stale_more": len(stale) > STALE_SHOWN,
            "query_string": request.GET.urlencode(),
        },
    )


@_portfolio_page
def portfolio_collaboration(request):
    network = selectors.collaboration(user=request.user)
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


def _portfolio_download(request, content: bytes | str, content_type: str, extension: str):
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="forsoksportefolje-{stamp}.{extension}"'
    )
    return response


def _filtered_export_rows(request):
    form = PortfolioFilterForm(request.GET or None)
    return selectors.with_tags(
        selectors.portfolio_experiments(user=request.user, **form.selector_filters())
    )


@_portfolio_page
def portfolio_xlsx(request):
    content = exports.portfolio_xlsx(_filtered_export_rows(request), user=request.user)
    return _portfolio_download(request, content, XLSX_CONTENT_TYPE, "xlsx")


@_portfolio_page
def portfolio_csv(request):
    content = exports.portfolio_csv(_filtered_export_rows(request))
    return _portfolio_download(request, content, "text/csv; charset=utf-8", "csv")


# --- Support hours ---------------------------------------------------------------------------


@login_required
@permission_required("experiments.view_support_overview", raise_exception=True)
def support_overview(request):
    return render(
        request,
        "experiments/support_overview.html",
        {
            "statuses": selectors.support_overview(),
            "log_ids": selectors.support_log_municipality_ids(user=request.user),
        },
    )


def support_municipality(request, number: str):
    """The municipality's support log; a POST logs hours, which asks a permission of its own."""
    if request.method == "POST":
        return _support_log(request, number)
    return _support_page(request, number)


@login_required
@permission_required("experiments.view_support", fn=_municipality, raise_exception=True)
def _support_page(request, number: str):
    return _render_support(request, _municipality(request, number))


@login_required
@permission_required("experiments.log_support", fn=_municipality, raise_exception=True)
def _support_log(request, number: str):
    municipality = _municipality(request, number)
    form = _support_entry_form(request, municipality)
    if save_form(
        request,
        form,
        lambda data: services.support_entry_log(
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
        ),
        _("Støtten er registrert."),
    ):
        return redirect("experiments:support", number=municipality.number)
    return _render_support(request, municipality, form)


def _support_entry_form(request, municipality: Municipality) -> SupportEntryForm:
    return SupportEntryForm(
        request.POST or None,
        municipality=municipality,
        may_override=request.user.has_perm("experiments.override_support_budget"),
        initial={"date": timezone.localdate()},
    )


def _render_support(request, municipality: Municipality, form=None):
    user = request.user
    may_log = user.has_perm("experiments.log_support", municipality)
    status = selectors.support_status(municipality=municipality)
    return render(
        request,
        "experiments/support_municipality.html",
        {
            "municipality": municipality,
            "status": status,
            "entries": selectors.support_entries(municipality=municipality),
            "form": (form or _support_entry_form(request, municipality)) if may_log else None,
            "budget_form": BudgetForm(initial={"hours": status.budget})
            if user.has_perm("experiments.set_support_budget")
            else None,
        },
    )


@login_required
@require_POST
@permission_required("experiments.set_support_budget", fn=_municipality, raise_exception=True)
def support_budget(request, number: str):
    municipality = _municipality(request, number)
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

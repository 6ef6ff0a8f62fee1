from django.apps import apps
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fellesloft.core.downloads import download
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error, editable_copy, list_filters
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.core.views import form_page, page_of, post_action, post_form_action, requires
from fellesloft.dialogs import selectors as dialog_selectors
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


def _experiment_in_full(request, pk: int) -> Experiment:
    """The experiment with everything its page shows."""
    try:
        return selectors.experiment_detail(pk=pk)
    except Experiment.DoesNotExist:
        raise Http404 from None


def _card(request, pk: int) -> LearningCard:
    return get_object_or_404(
        LearningCard.objects.select_related(
            "experiment",
            "experiment__municipality",
            "experiment__owner_organisation",
            "sprint",
            "contact_person",
        ),
        pk=pk,
    )


def _municipality(request, number: str) -> Municipality:
    return get_object_or_404(Municipality, number=number)


def _sprint(experiment: Experiment, number: int) -> Sprint:
    sprint = get_object_or_404(Sprint, experiment=experiment, number=number)
    sprint.experiment = experiment
    return sprint


# --- Experiments -----------------------------------------------------------------------------


@requires("experiments.view_experiment")
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


@requires("experiments.add_experiment")
def experiment_create(request):
    return form_page(
        request,
        ExperimentForm(request.POST or None, user=request.user),
        "experiments/experiment_form.html",
        save=lambda form: services.experiment_create(created_by=request.user, **form.cleaned_data),
        message=_("Forsøket er opprettet."),
    )


@requires("experiments.view_experiment", fn=_experiment_in_full)
def experiment_detail(request, experiment: Experiment):
    user = request.user
    sectors = selectors.team_sectors(experiment)
    municipality = experiment.municipality
    may_view_support = user.has_perm("experiments.view_support", municipality)
    return render(
        request,
        "experiments/experiment_detail.html",
        {
            # The municipality's support hours, and what this experiment has had of them.
            "status": selectors.support_status(municipality=municipality)
            if may_view_support
            else None,
            "support_entries": selectors.support_entries(
                municipality=municipality, experiment=experiment
            )
            if may_view_support
            else [],
            "may_log_support": user.has_perm("experiments.log_support", municipality),
            "experiment": experiment,
            "sectors": sectors,
            "too_few_sectors": len(sectors) < services.MINIMUM_SECTORS_TO_START,
            "sprints": list(experiment.sprints.all()),
            "cards": selectors.learning_cards_of(experiment=experiment, user=user),
            # «Fra dialogen …»: the dialogs' outcomes that started this experiment.
            "dialog_outcomes": dialog_selectors.outcomes_for_target(
                experiment=experiment, user=user
            ),
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


@requires("experiments.change_experiment", fn=_experiment)
def experiment_edit(request, experiment: Experiment):
    return form_page(
        request,
        ExperimentForm(request.POST or None, experiment=experiment),
        "experiments/experiment_form.html",
        {"experiment": experiment},
        save=lambda form: services.experiment_update(
            experiment=experiment, by=request.user, **form.cleaned_data
        ),
        then=experiment.get_absolute_url(),
        message=_("Endringene er lagret."),
    )


@requires("experiments.change_status", fn=_experiment_in_full)
def experiment_status(request, experiment: Experiment):
    return form_page(
        request,
        StatusForm(request.POST or None, experiment=experiment),
        "experiments/experiment_status.html",
        {
            "experiment": experiment,
            "sectors": selectors.team_sectors(experiment),
        },
        save=lambda form: services.experiment_change_status(
            experiment=experiment, by=request.user, **form.cleaned_data
        ),
        then=experiment.get_absolute_url(),
        message=_("Statusen er endret."),
    )


# The team page's two forms, by the POST's «kind» (also the form's prefix): the form, the
# service that adds what it names, and what the page says then.
_TEAM_FORMS = {
    "partner": (
        PartnerForm,
        services.experiment_partner_add,
        gettext_lazy("Organisasjonen er lagt til i teamet."),
    ),
    "person": (
        TeamMemberForm,
        services.experiment_team_member_add,
        gettext_lazy("Personen er lagt til i teamet."),
    ),
}


@requires("experiments.manage_team", fn=_experiment_in_full)
def experiment_team(request, experiment: Experiment):
    forms = {kind: form_class(prefix=kind) for kind, (form_class, *_rest) in _TEAM_FORMS.items()}
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind in _TEAM_FORMS:
            form_class, add, added = _TEAM_FORMS[kind]
            form = forms[kind] = form_class(request.POST, prefix=kind)
            if form.is_valid():
                try:
                    add(experiment=experiment, by=request.user, **form.cleaned_data)
                except ServiceError as error:
                    add_service_error(form, error)
                else:
                    messages.success(request, added)
                    return redirect("experiments:team", pk=experiment.pk)
        else:
            messages.error(request, _("Ukjent handling."))
    # Shown again only when nothing was added: the experiment is as it was loaded.
    return render(
        request,
        "experiments/experiment_team.html",
        {
            "experiment": experiment,
            "sectors": selectors.team_sectors(experiment),
            "partner_form": forms["partner"],
            "member_form": forms["person"],
        },
    )


def _remove_from_team(request, experiment: Experiment, model, item_id: int, success: str):
    """A POST that removes an organisation or a person (a row of `model`) from the team, then
    back to the team page."""
    item = get_object_or_404(model, experiment=experiment, pk=item_id)
    post_action(
        request,
        lambda: services.experiment_team_remove(team_row=item, by=request.user),
        done=success,
    )
    return redirect("experiments:team", pk=experiment.pk)


@requires("experiments.manage_team", fn=_experiment, post_only=True)
def partner_remove(request, experiment: Experiment, partner_id: int):
    return _remove_from_team(
        request,
        experiment,
        ExperimentPartner,
        partner_id,
        _("Organisasjonen er fjernet fra teamet."),
    )


@requires("experiments.manage_team", fn=_experiment, post_only=True)
def team_member_remove(request, experiment: Experiment, member_id: int):
    return _remove_from_team(
        request,
        experiment,
        ExperimentTeamMember,
        member_id,
        _("Personen er fjernet fra teamet."),
    )


@requires("experiments.view_experiment", fn=_experiment_in_full)
def experiment_pdf(request, experiment: Experiment):
    pdf = exports.experiment_pdf(experiment=experiment, request=request)
    return download(pdf, "application/pdf", f"forsok-{experiment.pk}.pdf")


# --- Sprints ---------------------------------------------------------------------------------


@requires("experiments.write_sprint", fn=_experiment)
def sprint_create(request, experiment: Experiment):

    def back_with_advice(sprint) -> str:
        """Back to the experiment, with advice when the sprint is unusually long or short."""
        advice = services.sprint_length_advice(
            start_date=sprint.start_date, end_date=sprint.end_date
        )
        if advice:
            messages.warning(request, advice)
        return experiment.get_absolute_url()

    return form_page(
        request,
        SprintForm(request.POST or None),
        "experiments/sprint_form.html",
        {"experiment": experiment},
        save=lambda form: services.sprint_create(
            experiment=experiment, by=request.user, **form.cleaned_data
        ),
        then=back_with_advice,
        message=lambda sprint: _("Sprint %(number)s er lagt til.") % {"number": sprint.number},
    )


def _sprint_page(form_for, save, *, success, template: str, error_field: str | None = None):
    """A page with a form about one sprint (edit, evaluate, note a barrier), for those who
    write the experiment's sprints: `form_for(request, sprint)` is the form, and a valid one
    `save(request, sprint, cleaned_data)` saves; back to the experiment, which says
    `success`. Otherwise the form again."""

    @requires("experiments.write_sprint", fn=_experiment)
    def view(request, experiment: Experiment, number: int):
        sprint = _sprint(experiment, number)
        return form_page(
            request,
            form_for(request, sprint),
            template,
            {"experiment": experiment, "sprint": sprint},
            save=lambda form: save(request, sprint, form.cleaned_data),
            then=experiment.get_absolute_url(),
            message=success,
            error_field=error_field,
        )

    return view


sprint_edit = _sprint_page(
    lambda request, sprint: SprintForm(request.POST or None, instance=editable_copy(sprint)),
    lambda request, sprint, data: services.sprint_update(sprint=sprint, by=request.user, **data),
    success=gettext_lazy("Sprinten er lagret."),
    template="experiments/sprint_form.html",
)

sprint_evaluate = _sprint_page(
    lambda request, sprint: EvaluationForm(request.POST or None, sprint=sprint),
    lambda request, sprint, data: services.sprint_evaluate(sprint=sprint, by=request.user, **data),
    success=gettext_lazy("Evalueringen er lagret."),
    template="experiments/sprint_evaluate.html",
)

sprint_barrier = _sprint_page(
    lambda request, sprint: BarrierNoteForm(request.POST or None),
    lambda request, sprint, data: services.sprint_barrier_note_add(
        sprint=sprint, text=data["text"], by=request.user
    ),
    success=gettext_lazy("Systembarrieren er notert på sprinten."),
    template="experiments/sprint_barrier.html",
    # The note's one text field is what every service message is about.
    error_field="text",
)


# --- Learning cards --------------------------------------------------------------------------


def card_list(request):
    form, filters = list_filters(request, CardFilterForm)
    cards = selectors.published_learning_cards(
        municipality=filters.get("kommune"),
        need_theme=filters.get("behovstema"),
        query=filters.get("q", ""),
    )
    page = page_of(request, cards, 20)
    return render(request, "experiments/card_list.html", {"form": form, "page": page})


@requires("experiments.view_learning_card", fn=_card, visitors="sent_to_login")
def card_detail(request, card: LearningCard):
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
            "may_view_contact": request.user.has_perm("experiments.see_card_contact"),
        },
    )


@requires("experiments.add_learning_card", fn=_experiment)
def card_create(request, experiment: Experiment):
    sprint = None
    number = request.GET.get("sprint", "")
    if number.isdigit():
        sprint = experiment.sprints.filter(number=int(number)).first()
    return form_page(
        request,
        LearningCardForm(
            request.POST or None,
            experiment=experiment,
            user=request.user,
            initial=selectors.learning_card_start(experiment=experiment, sprint=sprint),
        ),
        "experiments/card_form.html",
        {"experiment": experiment, "from_sprint": sprint},
        save=lambda form: services.learning_card_create(
            experiment=experiment, by=request.user, **form.cleaned_data
        ),
        message=_("Læringskortet er lagret som utkast."),
    )


@requires("experiments.change_learning_card", fn=_card)
def card_edit(request, card: LearningCard):
    return form_page(
        request,
        LearningCardForm(
            request.POST or None,
            experiment=card.experiment,
            user=request.user,
            instance=editable_copy(card),
        ),
        "experiments/card_form.html",
        {"experiment": card.experiment, "card": card},
        save=lambda form: services.learning_card_update(
            card=card, by=request.user, **form.cleaned_data
        ),
        then=card.get_absolute_url(),
        message=_("Læringskortet er lagret."),
    )


def _card_step(request, card: LearningCard, step, success: str):
    """Publishing or withdrawing a card: the service's answer as a message, back to the card."""
    post_action(request, lambda: step(card=card, by=request.user), done=success)
    return redirect(card)


@requires("experiments.publish_learning_card", fn=_card, post_only=True)
def card_publish(request, card: LearningCard):
    return _card_step(
        request, card, services.learning_card_publish, _("Læringskortet er publisert i nettverket.")
    )


@requires("experiments.publish_learning_card", fn=_card, post_only=True)
def card_unpublish(request, card: LearningCard):
    return _card_step(
        request, card, services.learning_card_unpublish, _("Læringskortet er trukket tilbake.")
    )


# --- The portfolio ---------------------------------------------------------------------------


_portfolio_page = requires("experiments.view_portfolio")


@_portfolio_page
def portfolio(request):
    user = request.user
    form = PortfolioFilterForm(request.GET or None)
    experiments = selectors.with_tags(
        selectors.portfolio_experiments(user=user, **form.selector_filters())
    )
    page = page_of(request, experiments, PORTFOLIO_PAGE_SIZE)
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
            "goals": [
                (goal, [(status, counts.get(status.value, 0)) for status in ExperimentStatus])
                for goal, counts in selectors.goal_experiment_counts(user=user)
            ],
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
    stamp = timezone.localdate().isoformat()
    return download(content, content_type, f"forsoksportefolje-{stamp}.{extension}")


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


@requires("experiments.view_support_overview")
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
        return _support_log(request, number=number)
    return _support_page(request, number=number)


@requires("experiments.view_support", fn=_municipality)
def _support_page(request, municipality: Municipality):
    may_log = request.user.has_perm("experiments.log_support", municipality)
    return render(
        request,
        "experiments/support_municipality.html",
        {
            **_support_context(request, municipality),
            "form": _support_entry_form(request, municipality) if may_log else None,
        },
    )


@requires("experiments.log_support", fn=_municipality)
def _support_log(request, municipality: Municipality):
    return form_page(
        request,
        _support_entry_form(request, municipality),
        "experiments/support_municipality.html",
        _support_context(request, municipality),
        # The form's fields are the service's (the override ones only for the mission lead).
        save=lambda form: services.support_entry_log(
            municipality=municipality, by=request.user, **form.cleaned_data
        ),
        then=reverse("experiments:support", kwargs={"number": municipality.number}),
        message=_("Støtten er registrert."),
    )


def _support_entry_form(request, municipality: Municipality) -> SupportEntryForm:
    chosen = request.GET.get("forsok", "")
    return SupportEntryForm(
        request.POST or None,
        municipality=municipality,
        may_override=request.user.has_perm("experiments.override_support_budget"),
        initial={
            "date": timezone.localdate(),
            **({"experiment": int(chosen)} if chosen.isdigit() else {}),
        },
    )


def _support_context(request, municipality: Municipality) -> dict:
    status = selectors.support_status(municipality=municipality)
    return {
        "municipality": municipality,
        "status": status,
        "entries": selectors.support_entries(municipality=municipality),
        "budget_form": BudgetForm(initial={"hours": status.budget})
        if request.user.has_perm("experiments.set_support_budget")
        else None,
    }


@requires("experiments.set_support_budget", fn=_municipality, post_only=True)
def support_budget(request, municipality: Municipality):
    post_form_action(
        request,
        BudgetForm(request.POST),
        lambda data: services.support_budget_set(
            municipality=municipality, hours=data["hours"], by=request.user
        ),
        done=_("Støttebudsjettet er oppdatert."),
    )
    return redirect("experiments:support", number=municipality.number)

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fellesloft.barriers import evidence, exports, links, selectors, services
from fellesloft.barriers.forms import (
    ACTION_FORMS,
    BarrierFilterForm,
    BarrierForm,
    BarrierLinksForm,
    EndorseForm,
    EscalateForm,
    MergeForm,
    NoteForm,
    ReleaseForm,
    SetThemeForm,
    ThemeBarriersForm,
    ThemeForm,
    TrialApplicationForm,
    TrialDeviationForm,
    TrialFinalStepForm,
    TrialStepForm,
    WithdrawForm,
)
from fellesloft.barriers.models import (
    Barrier,
    BarrierTheme,
    Status,
)
from fellesloft.barriers.trial_act import provision_warnings
from fellesloft.barriers.trial_document import file_name, trial_document
from fellesloft.barriers.workflow import ACTIONS, allowed_actions
from fellesloft.core import documents
from fellesloft.core.downloads import download
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error, list_filters
from fellesloft.core.ordering import norwegian
from fellesloft.core.pdf import html_to_pdf
from fellesloft.core.policy import visible_object_or_404
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.core.views import form_page, page_of, post_action, post_form_action, requires
from fellesloft.dialogs import selectors as dialog_selectors
from fellesloft.organisations.models import Organisation
from fellesloft.organisations.rules import is_member_of, organisations_of


def _barrier_in_url(request, pk: int, **kwargs) -> Barrier:
    """The barrier a page is about, with everything its page shows, if the user may see it;
    a 404 otherwise, so that a visitor learns nothing of an unescalated barrier."""
    return visible_object_or_404(selectors.barriers_with_details(), request.user, pk=pk)


def _barrier_url(barrier: Barrier) -> str:
    return reverse("barriers:detail", kwargs={"pk": barrier.pk})


def _barrier_action(permission: str, form, act, *, done, invalid=None):
    """A small POST action from a barrier's page (a 404 for a barrier the user may not see, a
    403 for one they may not act on): `form(request)` is the posted form; a valid one runs
    `act(request, barrier, cleaned_data)`, whose refusal, `done` or `invalid` is the message,
    and the user is back on the barrier's page."""

    @requires(permission, fn=_barrier_in_url, post_only=True)
    def view(request, barrier: Barrier):
        post_form_action(
            request,
            form(request),
            lambda data: act(request, barrier, data),
            done=done,
            invalid=invalid,
        )
        return redirect(_barrier_url(barrier))

    return view


def _saved_barrier_page(request, *, saved: str, held: str):
    """Where a barrier's form leads: its page, which says `saved`, or warns with `held` when
    the example seems to hold personal data and is held back until the mission lead looks."""

    def then(barrier: Barrier) -> str:
        if barrier.is_held:
            messages.warning(request, held % {"what": barrier.held_reason})
        else:
            messages.success(request, saved)
        return _barrier_url(barrier)

    return then


def barrier_list(request):
    may_manage = request.user.has_perm("barriers.manage_barrier")
    form, filters = list_filters(request, BarrierFilterForm, may_screen=may_manage)
    barriers = selectors.barrier_list(
        user=request.user,
        status=filters.get("status", ""),
        category=filters.get("kategori"),
        level=filters.get("niva", ""),
        theme=filters.get("tema"),
        query=filters.get("q", ""),
        overdue=filters.get("forfalt", False),
        held=filters.get("holdt", False),
        sort=filters.get("sorter") or "gjelder",
    )
    page = page_of(request, barriers, 25)
    return render(
        request,
        "barriers/barrier_list.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "may_add": request.user.has_perm("barriers.add_barrier"),
            "may_manage": request.user.has_perm("barriers.manage_themes"),
            "held_count": selectors.held_count() if may_manage else 0,
            "may_view_report": request.user.has_perm("barriers.view_report"),
            "sprint_notes": links.open_sprint_notes()[:10]
            if request.user.has_perm("barriers.add_barrier")
            and request.user.has_perm("experiments.view_experiment")
            else None,
        },
    )


def _user_organisations(user):
    return organisations_of(user).order_by(norwegian("name"))


def _sprint_note(request):
    """The sprint note a report starts from (?sprintnotat=<id>), for those who see experiments."""
    note_id = request.GET.get("sprintnotat", "")
    if not note_id.isdigit() or not request.user.has_perm("experiments.view_experiment"):
        return None
    return links.sprint_note(int(note_id))


@requires("barriers.add_barrier")
def barrier_create(request):
    note = _sprint_note(request)
    initial = {}
    if note is not None:
        initial = {"title": note.text.splitlines()[0][:200], "description": note.text}

    def report(form):
        if note is not None:
            return services.barrier_report_from_sprint_note(
                note=note, reporter=request.user, **form.cleaned_data
            )
        return services.barrier_report(reporter=request.user, **form.cleaned_data)

    form = BarrierForm(
        request.POST or None, organisations=_user_organisations(request.user), initial=initial
    )
    # Before saving, the open barriers that look alike: «Gjelder oss også» beats a duplicate.
    # «Nei, meld den likevel» (meld_likevel) saves.
    if request.method == "POST" and not request.POST.get("meld_likevel") and form.is_valid():
        similar = selectors.similar_open_barriers(
            user=request.user,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )
        if similar:
            return render(
                request,
                "barriers/barrier_form.html",
                {"form": form, "note": note, "similar": similar},
            )
    return form_page(
        request,
        form,
        "barriers/barrier_form.html",
        {"note": note},
        save=report,
        then=_saved_barrier_page(
            request,
            saved=_("Barrieren er meldt. Takk!"),
            held=_(
                "Barrieren er meldt, men eksempelet ser ut til å inneholde "
                "personopplysninger (%(what)s). Den holdes tilbake til "
                "oppdragslederen har sett på den."
            ),
        ),
    )


@requires("barriers.link_barrier", fn=_barrier_in_url)
def barrier_links(request, barrier: Barrier):
    return form_page(
        request,
        BarrierLinksForm(
            request.POST or None,
            choices=links.link_choices(),
            initial={
                "experiments": list(barrier.experiments.values_list("pk", flat=True)),
                "sprints": list(barrier.sprints.values_list("pk", flat=True)),
                "dialogs": list(barrier.dialogs.values_list("pk", flat=True)),
            },
        ),
        "barriers/barrier_links.html",
        {"barrier": barrier},
        save=lambda form: services.barrier_set_links(barrier=barrier, **form.cleaned_data),
        then=_barrier_url(barrier),
        message=_("Koblingene er lagret."),
    )


@requires("barriers.change_barrier", fn=_barrier_in_url)
def barrier_edit(request, barrier: Barrier):
    return form_page(
        request,
        BarrierForm(request.POST or None, barrier=barrier),
        "barriers/barrier_form.html",
        {"barrier": barrier},
        save=lambda form: services.barrier_update(
            barrier=barrier, actor=request.user, **form.cleaned_data
        ),
        then=_saved_barrier_page(
            request,
            saved=_("Endringene er lagret."),
            held=_("Eksempelet ser ut til å inneholde personopplysninger (%(what)s)."),
        ),
    )


def barrier_detail(request, pk: int):
    try:
        barrier = _barrier_in_url(request, pk)
    except Http404:
        # A merged barrier lives on in the one it joined: send its old address there.
        merged = (
            Barrier.objects.filter(pk=pk, status=Status.MERGED)
            .select_related("merged_into")
            .first()
        )
        target = merged.merged_into if merged is not None else None
        if target is not None and request.user.has_perm("barriers.view_barrier", target):
            return redirect("barriers:detail", pk=target.pk)
        raise
    user = request.user
    may_view_notes = user.has_perm("barriers.view_internal_notes", barrier)
    may_manage = user.has_perm("barriers.manage_barrier", barrier)
    may_endorse = user.has_perm("barriers.endorse_barrier", barrier)
    endorse_organisations = (
        selectors.organisations_that_may_endorse(user=user, barrier=barrier) if may_endorse else []
    )
    context = {
        "barrier": barrier,
        "links": links.linked_objects(barrier) if user.has_perm("barriers.view_report") else None,
        "may_link": user.has_perm("barriers.link_barrier", barrier),
        # «Fra dialogen …»: the dialogs' outcomes that reported this barrier.
        "dialog_outcomes": dialog_selectors.outcomes_for_target(barrier=barrier, user=user),
        "may_change": user.has_perm("barriers.change_barrier", barrier),
        "may_manage": may_manage,
        "may_view_notes": may_view_notes,
        "may_add_note": user.has_perm("barriers.add_note", barrier),
        "notes": selectors.barrier_notes(barrier=barrier) if may_view_notes else None,
        "note_form": NoteForm(),
        "actions": allowed_actions(barrier.status) if may_manage else [],
        "endorse_form": EndorseForm(
            organisations=Organisation.objects.filter(pk__in=[o.pk for o in endorse_organisations])
        )
        if endorse_organisations
        else None,
        "endorsed_by_mine": selectors.organisations_that_endorsed(user=user, barrier=barrier),
        "theme_form": SetThemeForm(initial={"theme": barrier.theme}) if may_manage else None,
        "release_form": ReleaseForm(initial={"example": barrier.example})
        if may_manage and barrier.is_held
        else None,
        "trial_application": selectors.trial_application_of(barrier=barrier),
        "may_draft_trial": user.has_perm("barriers.draft_trial_application", barrier),
    }
    return render(request, "barriers/barrier_detail.html", context)


barrier_endorse = _barrier_action(
    "barriers.endorse_barrier",
    lambda request: EndorseForm(request.POST, organisations=_user_organisations(request.user)),
    lambda request, barrier, data: services.barrier_endorse(
        barrier=barrier, user=request.user, **data
    ),
    done=gettext_lazy("Registrert: barrieren gjelder dere også."),
    invalid=gettext_lazy("Velg en av organisasjonene dine."),
)


def _withdraw(request, barrier: Barrier, data) -> None:
    # Only its members answer for an organisation (a membership, which a superuser does not
    # get for free): for anybody else a refusal, not an explanation.
    if not is_member_of(request.user, data["organisation"]):
        raise PermissionDenied
    services.endorsement_withdraw(barrier=barrier, user=request.user, **data)


barrier_withdraw = _barrier_action(
    "barriers.view_barrier",
    lambda request: WithdrawForm(request.POST),
    _withdraw,
    done=gettext_lazy("«Gjelder oss også» er trukket tilbake."),
    invalid=gettext_lazy("Velg en av organisasjonene dine."),
)


def _barrier_and_action(request, pk: int, action: str) -> Barrier:
    barrier = _barrier_in_url(request, pk)
    if action not in ACTIONS:
        raise Http404
    return barrier


@requires("barriers.manage_barrier", fn=_barrier_and_action)
def barrier_transition(request, barrier: Barrier, action: str):
    form_class = ACTION_FORMS[action]
    kwargs = (
        {"targets": selectors.merge_targets(barrier=barrier)} if form_class is MergeForm else {}
    )
    return form_page(
        request,
        form_class(request.POST or None, **kwargs),
        "barriers/barrier_transition.html",
        {
            "barrier": barrier,
            "action": action,
            "action_label": ACTIONS[action][1],
            "allowed": action in dict(allowed_actions(barrier.status)),
        },
        save=lambda form: services.barrier_transition(
            barrier=barrier, actor=request.user, action=action, **form.cleaned_data
        ),
        then=_barrier_url(barrier),
        message=_("Statusen er endret, og de som følger saken er varslet."),
    )


@requires("barriers.manage_barrier", fn=_barrier_in_url)
def barrier_release(request, barrier: Barrier):
    """Posted from the barrier's page; opened, it is the barrier's page."""
    if request.method == "POST":
        post_form_action(
            request,
            ReleaseForm(request.POST),
            lambda data: services.barrier_release(barrier=barrier, actor=request.user, **data),
            done=_("Barrieren er frigitt."),
        )
    return redirect(_barrier_url(barrier))


barrier_add_note = _barrier_action(
    "barriers.add_note",
    lambda request: NoteForm(request.POST),
    lambda request, barrier, data: services.barrier_note_add(
        barrier=barrier, author=request.user, **data
    ),
    done=gettext_lazy("Notatet er lagret."),
    invalid=gettext_lazy("Notatet kan ha høyst 5000 tegn."),
)

barrier_set_theme = _barrier_action(
    "barriers.manage_themes",
    lambda request: SetThemeForm(request.POST),
    lambda request, barrier, data: services.barrier_set_theme(barrier=barrier, **data),
    done=gettext_lazy("Temaet er lagret."),
    invalid=gettext_lazy("Velg et tema fra listen."),
)


def public_status(request):
    barriers = selectors.public_status_list()
    page = page_of(request, barriers, 25)
    return render(
        request,
        "barriers/public_status.html",
        {"page": page, "counts": selectors.public_status_counts()},
    )


# --- Themes and the report ----------------------------------------------------------------------


@requires("barriers.manage_themes")
def theme_list(request):
    return form_page(
        request,
        ThemeForm(request.POST or None),
        "barriers/theme_list.html",
        {"themes": selectors.theme_list()},
        save=lambda form: services.theme_save(**form.cleaned_data),
        then=lambda theme: reverse("barriers:theme_detail", kwargs={"pk": theme.pk}),
        message=_("Temaet er opprettet. Velg barrierene som hører til."),
    )


@requires("barriers.manage_themes")
def theme_detail(request, pk: int):
    theme = get_object_or_404(BarrierTheme, pk=pk)
    candidates = selectors.theme_candidates()
    theme_form = ThemeForm(
        request.POST if "save_theme" in request.POST else None,
        initial={"name": theme.name, "description": theme.description, "order": theme.order},
    )
    barriers_form = ThemeBarriersForm(
        request.POST if "save_barriers" in request.POST else None,
        candidates=candidates,
        initial={"barriers": list(theme.barriers.values_list("pk", flat=True))},
    )
    escalate_form = EscalateForm(
        request.POST if "escalate_theme" in request.POST else None, prefix="pakke"
    )
    if request.method == "POST" and "escalate_theme" in request.POST:
        if escalate_form.is_valid():
            try:
                escalated = services.theme_escalate(
                    theme=theme, actor=request.user, **escalate_form.cleaned_data
                )
            except ServiceError as error:
                add_service_error(escalate_form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s barriere i temaet er eskalert, og de som følger den er varslet.",
                        "%(count)s barrierer i temaet er eskalert, og de som følger dem er "
                        "varslet.",
                        len(escalated),
                    )
                    % {"count": len(escalated)},
                )
                return redirect("barriers:theme_detail", pk=theme.pk)
    elif request.method == "POST":
        if "save_theme" in request.POST and theme_form.is_valid():
            try:
                services.theme_save(theme=theme, **theme_form.cleaned_data)
            except ServiceError as error:
                add_service_error(theme_form, error)
            else:
                messages.success(request, _("Temaet er lagret."))
                return redirect("barriers:theme_detail", pk=theme.pk)
        elif "save_barriers" in request.POST and barriers_form.is_valid():
            selected = Barrier.objects.filter(
                pk__in=[b.pk for b in barriers_form.cleaned_data["barriers"]]
            )
            services.theme_set_barriers(theme=theme, barriers=selected)
            messages.success(request, _("Barrierene i temaet er lagret."))
            return redirect("barriers:theme_detail", pk=theme.pk)
    return render(
        request,
        "barriers/theme_detail.html",
        {
            "theme": theme,
            "theme_form": theme_form,
            "barriers_form": barriers_form,
            "escalate_form": escalate_form,
            "package": selectors.theme_package(theme=theme),
        },
    )


def _report_context(request) -> dict:
    theme_id = request.GET.get("tema", "")
    theme = BarrierTheme.objects.filter(pk=theme_id).first() if theme_id.isdigit() else None
    return {
        "groups": selectors.barrier_report(user=request.user, theme=theme),
        "theme": theme,
        "themes": BarrierTheme.objects.all(),
        "generated_at": timezone.now(),
        "today": timezone.localdate(),
    }


@requires("barriers.view_report")
def report(request):
    context = _report_context(request)
    return render(request, "barriers/report.html", context)


@requires("barriers.view_report")
def report_pdf(request):
    context = _report_context(request)
    html = render_to_string("barriers/report_pdf.html", context, request=request)
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    return download(pdf, "application/pdf", "barrierrapport.pdf")


@requires("barriers.view_report")
def report_xlsx(request):
    context = _report_context(request)
    xlsx = exports.report_to_xlsx(context["groups"])
    return download(xlsx, XLSX_CONTENT_TYPE, "barrierrapport.xlsx")


# --- Categories ---------------------------------------------------------------------------


# --- Trial applications (forsøkssøknader) -------------------------------------------------------

# The scheme's two steps, by their name in the address.
TRIAL_STEPS = {"forhandssoknad": "preliminary", "endelig-soknad": "final"}


def _trial_application_in_url(request, pk: int, **kwargs):
    """The barrier's trial application, seen by whoever sees the barrier; a 404 when the
    barrier has none or the user may not see it."""
    application = selectors.trial_application_of(barrier=_barrier_in_url(request, pk))
    if application is None:
        raise Http404
    return application


def _trial_barrier(request, pk: int, **kwargs) -> Barrier:
    """The barrier of an existing application (the permission is asked about the barrier);
    its `trial_application` came with it."""
    return _trial_application_in_url(request, pk).barrier


def _trial_url(barrier_or_application) -> str:
    pk = getattr(barrier_or_application, "barrier_id", None) or barrier_or_application.pk
    return reverse("barriers:trial_application", kwargs={"pk": pk})


def trial_application(request, pk: int):
    application = _trial_application_in_url(request, pk)
    barrier = application.barrier
    deviations = [
        (deviation, provision_warnings(deviation.law, deviation.regulation))
        for deviation in application.deviations.all()
    ]
    return render(
        request,
        "barriers/trial_application.html",
        {
            "barrier": barrier,
            "application": application,
            "deviations": deviations,
            "document": trial_document(application, user=request.user),
            "may_draft": request.user.has_perm("barriers.draft_trial_application", barrier),
        },
    )


@requires("barriers.draft_trial_application", fn=_barrier_in_url)
def trial_application_edit(request, barrier: Barrier):
    application = selectors.trial_application_of(barrier=barrier)
    initial = {}
    if application is not None:
        initial = model_to_dict(application, fields=services.APPLICATION_FIELDS)
        for name in services.EVIDENCE_FIELDS:
            initial[name] = list(getattr(application, name).values_list("pk", flat=True))
    return form_page(
        request,
        TrialApplicationForm(
            request.POST or None,
            choices=evidence.evidence_choices(barrier=barrier, user=request.user),
            initial=initial,
        ),
        "barriers/trial_application_form.html",
        {"barrier": barrier, "application": application},
        save=lambda form: services.trial_application_save(
            barrier=barrier, user=request.user, **form.cleaned_data
        ),
        then=_trial_url,
        message=_("Søknaden er lagret."),
    )


@requires("barriers.draft_trial_application", fn=_trial_barrier)
def trial_deviation_add(request, barrier: Barrier):
    application = barrier.trial_application

    def then(deviation) -> str:
        for warning in provision_warnings(deviation.law, deviation.regulation):
            messages.warning(request, warning.text)
        return _trial_url(application)

    return form_page(
        request,
        TrialDeviationForm(request.POST or None),
        "barriers/trial_deviation_form.html",
        {"barrier": application.barrier, "application": application},
        save=lambda form: services.trial_deviation_add(
            application=application, user=request.user, **form.cleaned_data
        ),
        then=then,
        message=_("Bestemmelsen er lagt til."),
    )


@requires("barriers.draft_trial_application", fn=_trial_barrier, post_only=True)
def trial_deviation_remove(request, barrier: Barrier, deviation_pk: int):
    application = barrier.trial_application
    deviation = get_object_or_404(application.deviations, pk=deviation_pk)
    post_action(
        request,
        lambda: services.trial_deviation_remove(deviation=deviation, user=request.user),
        done=_("Bestemmelsen er fjernet fra søknaden."),
    )
    return redirect(_trial_url(application))


def _trial_step_in_url(request, pk: int, step: str, **kwargs) -> Barrier:
    if step not in TRIAL_STEPS:
        raise Http404
    return _trial_barrier(request, pk)


@requires("barriers.draft_trial_application", fn=_trial_step_in_url)
def trial_step(request, barrier: Barrier, step: str):
    application = barrier.trial_application
    step_name = TRIAL_STEPS[step]
    if step_name == "preliminary":
        form_class = TrialStepForm
        initial = {
            "status": application.preliminary_status,
            "sent_on": application.preliminary_sent_on,
            "decided_on": application.preliminary_decided_on,
        }
        heading = _("Forhåndssøknad til departementet")
    else:
        form_class = TrialFinalStepForm
        initial = {
            "status": application.final_status,
            "sent_on": application.final_sent_on,
            "decided_on": application.final_decided_on,
            "council_adopted_on": application.council_adopted_on,
            "local_regulation": application.local_regulation,
        }
        heading = _("Endelig søknad med lokal forskrift")
    return form_page(
        request,
        form_class(request.POST or None, initial=initial),
        "barriers/trial_step.html",
        {
            "barrier": application.barrier,
            "application": application,
            "step": step_name,
            "step_heading": heading,
        },
        save=lambda form: services.trial_application_set_step(
            application=application, user=request.user, step=step_name, **form.cleaned_data
        ),
        then=_trial_url,
        message=_("Statusen for søknaden er lagret."),
    )


def trial_application_docx(request, pk: int):
    application = _trial_application_in_url(request, pk)
    document = trial_document(application, user=request.user)
    return download(
        documents.to_docx(document), documents.DOCX_CONTENT_TYPE, file_name(application, "docx")
    )


def trial_application_pdf(request, pk: int):
    application = _trial_application_in_url(request, pk)
    document = trial_document(application, user=request.user)
    pdf = documents.to_pdf(document, base_url=request.build_absolute_uri("/"))
    return download(pdf, "application/pdf", file_name(application, "pdf"))

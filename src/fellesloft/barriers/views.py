from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fellesloft.barriers import exports, links, selectors, services
from fellesloft.barriers.forms import (
    ACTION_FORMS,
    BarrierFilterForm,
    BarrierForm,
    BarrierLinksForm,
    CategoryForm,
    EndorseForm,
    EscalateForm,
    MergeForm,
    NoteForm,
    ReleaseForm,
    SetThemeForm,
    ThemeBarriersForm,
    ThemeForm,
    WithdrawForm,
)
from fellesloft.barriers.models import (
    Barrier,
    BarrierCategory,
    BarrierTheme,
    Notification,
    Status,
)
from fellesloft.barriers.workflow import ACTIONS, allowed_actions
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error
from fellesloft.core.pdf import html_to_pdf
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.organisations.models import Organisation


def _visible_barrier(request, pk: int) -> Barrier:
    try:
        barrier = selectors.barrier_detail(pk=pk)
    except Barrier.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("barriers.view_barrier", barrier):
        # Not telling a visitor that an unescalated barrier exists.
        raise Http404
    return barrier


def barrier_list(request):
    may_manage = request.user.has_perm("barriers.manage_barrier")
    form = BarrierFilterForm(request.GET or None, may_screen=may_manage)
    filters = form.cleaned_data if form.is_valid() else {}
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
    page = Paginator(barriers, 25).get_page(request.GET.get("side"))
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
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def _sprint_note(request):
    """The sprint note a report starts from (?sprintnotat=<id>), for those who see experiments."""
    note_id = request.GET.get("sprintnotat", "")
    if not note_id.isdigit() or not request.user.has_perm("experiments.view_experiment"):
        return None
    return links.sprint_note(int(note_id))


@login_required
def barrier_create(request):
    if not request.user.has_perm("barriers.add_barrier"):
        raise PermissionDenied
    note = _sprint_note(request)
    initial = {}
    if note is not None:
        initial = {"title": note.text.splitlines()[0][:200], "description": note.text}
    form = BarrierForm(
        request.POST or None, organisations=_user_organisations(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            if note is not None:
                barrier = services.barrier_report_from_sprint_note(
                    note=note, reporter=request.user, **form.cleaned_data
                )
            else:
                barrier = services.barrier_report(reporter=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if barrier.is_held:
                messages.warning(
                    request,
                    _(
                        "Barrieren er meldt, men eksempelet ser ut til å inneholde "
                        "personopplysninger (%(what)s). Den holdes tilbake til "
                        "oppdragslederen har sett på den."
                    )
                    % {"what": barrier.held_reason},
                )
            else:
                messages.success(request, _("Barrieren er meldt. Takk!"))
            return redirect("barriers:detail", pk=barrier.pk)
    return render(request, "barriers/barrier_form.html", {"form": form, "note": note})


@login_required
def barrier_links(request, pk: int):
    barrier = _visible_barrier(request, pk)
    if not request.user.has_perm("barriers.link_barrier", barrier):
        raise PermissionDenied
    form = BarrierLinksForm(
        request.POST or None,
        choices=links.link_choices(),
        initial={
            "experiments": list(barrier.experiments.values_list("pk", flat=True)),
            "sprints": list(barrier.sprints.values_list("pk", flat=True)),
            "dialogs": list(barrier.dialogs.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.barrier_set_links(barrier=barrier, **form.cleaned_data)
        messages.success(request, _("Koblingene er lagret."))
        return redirect("barriers:detail", pk=barrier.pk)
    return render(request, "barriers/barrier_links.html", {"barrier": barrier, "form": form})


@login_required
def barrier_edit(request, pk: int):
    barrier = _visible_barrier(request, pk)
    if not request.user.has_perm("barriers.change_barrier", barrier):
        raise PermissionDenied
    initial = {
        "title": barrier.title,
        "description": barrier.description,
        "example": barrier.example,
        "level": barrier.level,
        "category": barrier.category,
        "sectors": list(barrier.sectors.all()),
        "need_themes": list(barrier.need_themes.all()),
    }
    form = BarrierForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            barrier = services.barrier_update(
                barrier=barrier, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            if barrier.is_held:
                messages.warning(
                    request,
                    _("Eksempelet ser ut til å inneholde personopplysninger (%(what)s).")
                    % {"what": barrier.held_reason},
                )
            else:
                messages.success(request, _("Endringene er lagret."))
            return redirect("barriers:detail", pk=barrier.pk)
    return render(request, "barriers/barrier_form.html", {"form": form, "barrier": barrier})


def barrier_detail(request, pk: int):
    try:
        barrier = _visible_barrier(request, pk)
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
    }
    return render(request, "barriers/barrier_detail.html", context)


@login_required
@require_POST
def barrier_endorse(request, pk: int):
    barrier = _visible_barrier(request, pk)
    if not request.user.has_perm("barriers.endorse_barrier", barrier):
        raise PermissionDenied
    organisations = _user_organisations(request.user)
    form = EndorseForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            services.barrier_endorse(barrier=barrier, user=request.user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Registrert: barrieren gjelder dere også."))
    else:
        messages.error(request, _("Velg en av organisasjonene dine."))
    return redirect("barriers:detail", pk=barrier.pk)


@login_required
@require_POST
def barrier_withdraw(request, pk: int):
    barrier = _visible_barrier(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg en av organisasjonene dine."))
        return redirect("barriers:detail", pk=barrier.pk)
    try:
        services.endorsement_withdraw(
            barrier=barrier, user=request.user, organisation=form.cleaned_data["organisation"]
        )
    except ServiceError as error:
        if not request.user.memberships.filter(
            organisation=form.cleaned_data["organisation"]
        ).exists():
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("«Gjelder oss også» er trukket tilbake."))
    return redirect("barriers:detail", pk=barrier.pk)


@login_required
def barrier_transition(request, pk: int, action: str):
    barrier = _visible_barrier(request, pk)
    if action not in ACTIONS:
        raise Http404
    if not request.user.has_perm("barriers.manage_barrier", barrier):
        raise PermissionDenied
    form_class = ACTION_FORMS[action]
    kwargs = (
        {"targets": selectors.merge_targets(barrier=barrier)} if form_class is MergeForm else {}
    )
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_transition(
                barrier=barrier, actor=request.user, action=action, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Statusen er endret, og de som følger saken er varslet."))
            return redirect("barriers:detail", pk=barrier.pk)
    return render(
        request,
        "barriers/barrier_transition.html",
        {
            "barrier": barrier,
            "form": form,
            "action": action,
            "action_label": ACTIONS[action][1],
            "allowed": action in dict(allowed_actions(barrier.status)),
        },
    )


@login_required
def barrier_release(request, pk: int):
    barrier = _visible_barrier(request, pk)
    if not request.user.has_perm("barriers.manage_barrier", barrier):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("barriers:detail", pk=barrier.pk)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            services.barrier_release(
                barrier=barrier, actor=request.user, example=form.cleaned_data["example"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Barrieren er frigitt."))
    return redirect("barriers:detail", pk=barrier.pk)


@login_required
@require_POST
def barrier_add_note(request, pk: int):
    barrier = _visible_barrier(request, pk)
    if not request.user.has_perm("barriers.add_note", barrier):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.barrier_note_add(
                barrier=barrier, author=request.user, text=form.cleaned_data["text"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Notatet er lagret."))
    else:
        messages.error(request, _("Notatet kan ha høyst 5000 tegn."))
    return redirect("barriers:detail", pk=barrier.pk)


@login_required
@require_POST
def barrier_set_theme(request, pk: int):
    barrier = _visible_barrier(request, pk)
    if not request.user.has_perm("barriers.manage_themes"):
        raise PermissionDenied
    form = SetThemeForm(request.POST)
    if form.is_valid():
        services.barrier_set_theme(barrier=barrier, theme=form.cleaned_data["theme"])
        messages.success(request, _("Temaet er lagret."))
    else:
        messages.error(request, _("Velg et tema fra listen."))
    return redirect("barriers:detail", pk=barrier.pk)


def public_status(request):
    barriers = selectors.public_status_list()
    page = Paginator(barriers, 25).get_page(request.GET.get("side"))
    return render(
        request,
        "barriers/public_status.html",
        {"page": page, "counts": selectors.public_status_counts()},
    )


# --- Themes and the report ----------------------------------------------------------------------


@login_required
def theme_list(request):
    if not request.user.has_perm("barriers.manage_themes"):
        raise PermissionDenied
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_save(**form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Temaet er opprettet. Velg barrierene som hører til."))
            return redirect("barriers:theme_detail", pk=theme.pk)
    return render(
        request, "barriers/theme_list.html", {"themes": selectors.theme_list(), "form": form}
    )


@login_required
def theme_detail(request, pk: int):
    if not request.user.has_perm("barriers.manage_themes"):
        raise PermissionDenied
    theme = get_object_or_404(BarrierTheme, pk=pk)
    candidates = (
        Barrier.objects.filter(is_held=False)
        .exclude(status__in=["merged", "closed"])
        .select_related("theme", "category")
        .order_by("title")
    )
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
    if not request.user.has_perm("barriers.view_report"):
        raise PermissionDenied
    theme_id = request.GET.get("tema", "")
    theme = BarrierTheme.objects.filter(pk=theme_id).first() if theme_id.isdigit() else None
    return {
        "groups": selectors.barrier_report(user=request.user, theme=theme),
        "theme": theme,
        "themes": BarrierTheme.objects.all(),
        "generated_at": timezone.now(),
        "today": timezone.localdate(),
    }


@login_required
def report(request):
    context = _report_context(request)
    return render(request, "barriers/report.html", context)


@login_required
def report_pdf(request):
    context = _report_context(request)
    html = render_to_string("barriers/report_pdf.html", context, request=request)
    response = HttpResponse(html_to_pdf(html, base_url=request.build_absolute_uri("/")))
    response["Content-Type"] = "application/pdf"
    response["Content-Disposition"] = 'attachment; filename="barrierrapport.pdf"'
    return response


@login_required
def report_xlsx(request):
    context = _report_context(request)
    response = HttpResponse(
        exports.report_to_xlsx(context["groups"]),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = 'attachment; filename="barrierrapport.xlsx"'
    return response


# --- Categories ---------------------------------------------------------------------------


@login_required
def category_list(request):
    if not request.user.has_perm("barriers.manage_categories"):
        raise PermissionDenied
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(**form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Kategorien er lagt til."))
            return redirect("barriers:category_list")
    return render(
        request,
        "barriers/category_list.html",
        {"categories": BarrierCategory.objects.all(), "form": form},
    )


@login_required
def category_edit(request, pk: int):
    if not request.user.has_perm("barriers.manage_categories"):
        raise PermissionDenied
    category = get_object_or_404(BarrierCategory, pk=pk)
    form = CategoryForm(
        request.POST or None,
        initial={
            "name": category.name,
            "description": category.description,
            "order": category.order,
            "is_active": category.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(category=category, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Kategorien er lagret."))
            return redirect("barriers:category_list")
    return render(request, "barriers/category_form.html", {"form": form, "category": category})


# --- Notifications ------------------------------------------------------------------------


@login_required
def notification_list(request):
    notifications = selectors.notifications_for(user=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("side"))
    return render(request, "barriers/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.link)
    return redirect("barriers:notifications")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s varsel er merket som lest.", "%(count)s varsler er merket som lest.", count
        )
        % {"count": count},
    )
    return redirect("barriers:notifications")

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
from rules.contrib.views import permission_required

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
from fellesloft.core.policy import visible_object_or_404
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.organisations.models import Organisation
from fellesloft.organisations.rules import is_member_of


def _barrier_in_url(request, pk: int, **kwargs) -> Barrier:
    """The barrier a page is about, with everything its page shows, if the user may see it;
    a 404 otherwise, so that a visitor learns nothing of an unescalated barrier. Fetched once:
    the permission check and the page share it."""
    barrier = getattr(request, "barrier", None)
    if barrier is None or barrier.pk != pk:
        barrier = request.barrier = visible_object_or_404(
            selectors.barriers_with_details(), request.user, pk=pk
        )
    return barrier


def barrier_permission(permission: str, fn=_barrier_in_url):
    """The page needs `permission` on the barrier in the URL: a 404 for a barrier the user may
    not see, a 403 for one they see but may not act on."""
    return permission_required(permission, fn=fn, raise_exception=True)


def _paged(request, queryset, per_page: int):
    return Paginator(queryset, per_page).get_page(request.GET.get("side"))


def _back_to_barrier(
    request, barrier: Barrier, form, act, *, done: str, invalid: str | None = None
) -> HttpResponse:
    """The small POST actions on a barrier page share this shape: a valid form runs `act`
    with the cleaned data (a service's refusal becomes the message), then back to the page."""
    if not form.is_valid():
        if invalid:
            messages.error(request, invalid)
    else:
        try:
            act(form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
    return redirect("barriers:detail", pk=barrier.pk)


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
    page = _paged(request, barriers, 25)
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
@permission_required("barriers.add_barrier", raise_exception=True)
def barrier_create(request):
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
@barrier_permission("barriers.link_barrier")
def barrier_links(request, pk: int):
    barrier = _barrier_in_url(request, pk)
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
@barrier_permission("barriers.change_barrier")
def barrier_edit(request, pk: int):
    barrier = _barrier_in_url(request, pk)
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
@barrier_permission("barriers.endorse_barrier")
def barrier_endorse(request, pk: int):
    barrier = _barrier_in_url(request, pk)
    return _back_to_barrier(
        request,
        barrier,
        EndorseForm(request.POST, organisations=_user_organisations(request.user)),
        lambda data: services.barrier_endorse(barrier=barrier, user=request.user, **data),
        done=_("Registrert: barrieren gjelder dere også."),
        invalid=_("Velg en av organisasjonene dine."),
    )


@login_required
@require_POST
@barrier_permission("barriers.view_barrier")
def barrier_withdraw(request, pk: int):
    barrier = _barrier_in_url(request, pk)

    def withdraw(data):
        # Only its members answer for an organisation (a membership, which a superuser
        # does not get for free): for anybody else a refusal, not an explanation.
        if not is_member_of(request.user, data["organisation"]):
            raise PermissionDenied
        services.endorsement_withdraw(barrier=barrier, user=request.user, **data)

    return _back_to_barrier(
        request,
        barrier,
        WithdrawForm(request.POST),
        withdraw,
        done=_("«Gjelder oss også» er trukket tilbake."),
        invalid=_("Velg en av organisasjonene dine."),
    )


def _barrier_and_action(request, pk: int, action: str) -> Barrier:
    barrier = _barrier_in_url(request, pk)
    if action not in ACTIONS:
        raise Http404
    return barrier


@login_required
@barrier_permission("barriers.manage_barrier", fn=_barrier_and_action)
def barrier_transition(request, pk: int, action: str):
    barrier = _barrier_in_url(request, pk)
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
@barrier_permission("barriers.manage_barrier")
def barrier_release(request, pk: int):
    barrier = _barrier_in_url(request, pk)
    if request.method != "POST":
        return redirect("barriers:detail", pk=barrier.pk)
    return _back_to_barrier(
        request,
        barrier,
        ReleaseForm(request.POST),
        lambda data: services.barrier_release(barrier=barrier, actor=request.user, **data),
        done=_("Barrieren er frigitt."),
    )


@login_required
@require_POST
@barrier_permission("barriers.add_note")
def barrier_add_note(request, pk: int):
    barrier = _barrier_in_url(request, pk)
    return _back_to_barrier(
        request,
        barrier,
        NoteForm(request.POST),
        lambda data: services.barrier_note_add(barrier=barrier, author=request.user, **data),
        done=_("Notatet er lagret."),
        invalid=_("Notatet kan ha høyst 5000 tegn."),
    )


@login_required
@require_POST
@barrier_permission("barriers.manage_themes")
def barrier_set_theme(request, pk: int):
    barrier = _barrier_in_url(request, pk)
    return _back_to_barrier(
        request,
        barrier,
        SetThemeForm(request.POST),
        lambda data: services.barrier_set_theme(barrier=barrier, **data),
        done=_("Temaet er lagret."),
        invalid=_("Velg et tema fra listen."),
    )


def public_status(request):
    barriers = selectors.public_status_list()
    page = _paged(request, barriers, 25)
    return render(
        request,
        "barriers/public_status.html",
        {"page": page, "counts": selectors.public_status_counts()},
    )


# --- Themes and the report ----------------------------------------------------------------------


@login_required
@permission_required("barriers.manage_themes", raise_exception=True)
def theme_list(request):
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
@permission_required("barriers.manage_themes", raise_exception=True)
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


@login_required
@permission_required("barriers.view_report", raise_exception=True)
def report(request):
    context = _report_context(request)
    return render(request, "barriers/report.html", context)


@login_required
@permission_required("barriers.view_report", raise_exception=True)
def report_pdf(request):
    context = _report_context(request)
    html = render_to_string("barriers/report_pdf.html", context, request=request)
    response = HttpResponse(html_to_pdf(html, base_url=request.build_absolute_uri("/")))
    response["Content-Type"] = "application/pdf"
    response["Content-Disposition"] = 'attachment; filename="barrierrapport.pdf"'
    return response


@login_required
@permission_required("barriers.view_report", raise_exception=True)
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
@permission_required("barriers.manage_categories", raise_exception=True)
def category_list(request):
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
@permission_required("barriers.manage_categories", raise_exception=True)
def category_edit(request, pk: int):
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
    page = _paged(request, notifications, 30)
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

import functools

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt

from fellesloft.core.downloads import download
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error, editable_copy
from fellesloft.core.spreadsheets import XLSX_CONTENT_TYPE
from fellesloft.core.views import form_page, page_of, post_action, post_form_action, requires
from fellesloft.dialogs import disclosure, notices, polis, ratelimit, reports, selectors, services
from fellesloft.dialogs.forms import (
    MODERATION_ACTIONS,
    DialogForm,
    ModerationForm,
    OutcomeForm,
    OutcomeSubscriptionForm,
    ParticipateForm,
    PhaseForm,
    PolisImportForm,
    SeedStatementsForm,
    StatementForm,
)
from fellesloft.dialogs.models import (
    WORKSHOP_PHASES,
    Dialog,
    DialogOutcome,
    OutcomeSubscription,
    Participant,
    Statement,
    StatementState,
)
from fellesloft.dialogs.participation import NAME_BY_VOTE, SKIP, VoteValue, choice_labels


def _dialog(slug: str) -> Dialog:
    return get_object_or_404(
        Dialog.objects.select_related("organisation", "municipality"), slug=slug
    )


def _dialog_in_url(request, slug: str, **kwargs) -> Dialog:
    """The dialog a page is about (the URL's other arguments are for its view)."""
    return _dialog(slug)


# --- facilitator -----------------------------------------------------------------------------


def dialog_list(request):
    dialogs = selectors.dialog_list(user=request.user)
    return render(
        request,
        "dialogs/dialog_list.html",
        {
            "page": page_of(request, dialogs, 30),
            "may_add": request.user.has_perm("dialogs.add_dialog"),
            "may_moderate": request.user.has_perm("dialogs.use_moderation_queue"),
        },
    )


def dialog_by_code(request, code: str = ""):
    """A dialog's short code, from a poster or a slide: typed in the form on the dialogs page
    (`?kode=`) or opened as a link, it leads to the dialog's start."""
    dialog = selectors.dialog_by_code(code=code or request.GET.get("kode", ""))
    if dialog is None:
        messages.error(request, _("Fant ingen dialog med den koden. Sjekk koden og prøv igjen."))
        return redirect("dialogs:list")
    return redirect("dialogs:participate", slug=dialog.slug)


@requires("dialogs.add_dialog")
def dialog_create(request):
    return form_page(
        request,
        DialogForm(request.POST or None, user=request.user),
        "dialogs/dialog_form.html",
        save=lambda form: services.dialog_create(created_by=request.user, **form.cleaned_data),
        then=lambda dialog: reverse("dialogs:seeds", kwargs={"slug": dialog.slug}),
        message=_("Dialogen er opprettet. Legg inn startutsagn."),
    )


@requires("dialogs.change_dialog", fn=_dialog_in_url)
def dialog_edit(request, dialog: Dialog):
    return form_page(
        request,
        DialogForm(request.POST or None, instance=editable_copy(dialog), user=request.user),
        "dialogs/dialog_form.html",
        {"dialog": dialog},
        save=lambda form: services.dialog_update(dialog=dialog, **form.cleaned_data),
        then=reverse("dialogs:detail", kwargs={"slug": dialog.slug}),
        message=_("Endringene er lagret."),
    )


@requires("dialogs.moderate_dialog", fn=_dialog_in_url)
def dialog_detail(request, dialog: Dialog):
    return render(
        request,
        "dialogs/dialog_detail.html",
        {
            "dialog": dialog,
            "totals": selectors.participation_totals(dialog=dialog),
            "statements": selectors.statement_counts(dialog=dialog),
            "experiments": selectors.linked_experiments(dialog=dialog),
            "may_change": request.user.has_perm("dialogs.change_dialog", dialog),
            "phase_form": PhaseForm(initial={"phase": dialog.current_phase}),
            "is_open": dialog.is_open(),
        },
    )


@requires("dialogs.change_dialog", fn=_dialog_in_url)
def dialog_seeds(request, dialog: Dialog):

    def add_seeds(form):
        data = form.cleaned_data
        upload = data.get("csv_file")
        if upload:
            texts, source = services.parse_seed_csv(upload.read()), "csv"
        else:
            texts, source = services.parse_seed_lines(data["texts"]), "line"
        return services.seed_statements_add(
            dialog=dialog,
            texts=texts,
            phase=data.get("phase"),
            source=source,
            builds_on=data.get("builds_on"),
        )

    statements = (
        Statement.objects.filter(dialog=dialog)
        .exclude(state=StatementState.REJECTED)
        .select_related("builds_on")
    )
    return form_page(
        request,
        SeedStatementsForm(request.POST or None, request.FILES or None, dialog=dialog),
        "dialogs/dialog_seeds.html",
        {"dialog": dialog, "statements": statements.order_by("phase", "pk")},
        save=add_seeds,
        then=reverse("dialogs:seeds", kwargs={"slug": dialog.slug}),
        message=lambda created: (
            ngettext("%(count)d utsagn er lagt inn.", "%(count)d utsagn er lagt inn.", len(created))
            % {"count": len(created)}
        ),
    )


@requires("dialogs.change_dialog", fn=_dialog_in_url)
def dialog_share(request, dialog: Dialog):
    return render(
        request,
        "dialogs/dialog_share.html",
        {
            "dialog": dialog,
            "link": dialog.public_url(),
            "short_link": settings.SITE_URL
            + reverse("dialogs:by_code", kwargs={"code": dialog.short_code}),
        },
    )


@requires("dialogs.change_dialog", fn=_dialog_in_url)
def dialog_qr(request, dialog: Dialog):
    svg = reports.qr_svg(dialog.public_url())
    if request.GET.get("last-ned"):
        return download(svg, "image/svg+xml", f"{dialog.slug}-qr.svg")
    return HttpResponse(svg, content_type="image/svg+xml")


@requires("dialogs.change_dialog", fn=_dialog_in_url, post_only=True)
def dialog_phase(request, dialog: Dialog):
    post_form_action(
        request,
        PhaseForm(request.POST),
        lambda data: services.dialog_phase_set(dialog=dialog, phase=data["phase"]),
        # Worded after the change, with the phase the dialog is in now.
        done=lambda _result: (
            _("Dialogen er nå i %(phase)s.") % {"phase": dialog.get_current_phase_display().lower()}
        ),
        invalid=_("Velg en gyldig fase."),
    )
    return redirect("dialogs:detail", slug=dialog.slug)


@requires("dialogs.change_dialog", fn=_dialog_in_url, post_only=True)
def dialog_close(request, dialog: Dialog):
    services.dialog_close(dialog=dialog)
    messages.success(request, _("Dialogen er stengt."))
    return redirect("dialogs:detail", slug=dialog.slug)


# --- «Dette skjedde videre» -----------------------------------------------------------------


def _outcome_of(dialog: Dialog, outcome_id: int) -> DialogOutcome:
    return get_object_or_404(DialogOutcome, pk=outcome_id, dialog=dialog)


def _outcome_form(request, dialog: Dialog, **kwargs) -> OutcomeForm:
    return OutcomeForm(
        request.POST or None,
        dialog=dialog,
        user=request.user,
        statements=selectors.outcome_statement_choices(dialog=dialog),
        group_labels=services.group_labels_of(dialog),
        **kwargs,
    )


@requires("dialogs.manage_outcomes", fn=_dialog_in_url)
def outcome_list(request, dialog: Dialog):
    return render(
        request,
        "dialogs/outcome_list.html",
        {
            "dialog": dialog,
            "outcomes": selectors.dialog_outcomes(dialog=dialog, user=request.user),
            "results_public": dialog.results_public,
        },
    )


@requires("dialogs.manage_outcomes", fn=_dialog_in_url)
def outcome_create(request, dialog: Dialog):
    return form_page(
        request,
        _outcome_form(request, dialog),
        "dialogs/outcome_form.html",
        {"dialog": dialog},
        save=lambda form: services.outcome_create(
            dialog=dialog, user=request.user, **form.cleaned_data
        ),
        then=reverse("dialogs:outcomes", kwargs={"slug": dialog.slug}),
        message=_("Lagt til under «Dette skjedde videre»."),
    )


@requires("dialogs.manage_outcomes", fn=_dialog_in_url)
def outcome_edit(request, dialog: Dialog, outcome_id: int):
    outcome = _outcome_of(dialog, outcome_id)
    return form_page(
        request,
        _outcome_form(request, dialog, initial=OutcomeForm.initial_of(outcome), outcome=outcome),
        "dialogs/outcome_form.html",
        {"dialog": dialog, "outcome": outcome},
        save=lambda form: services.outcome_update(
            outcome=outcome, user=request.user, **form.cleaned_data
        ),
        then=reverse("dialogs:outcomes", kwargs={"slug": dialog.slug}),
        message=_("Endringene er lagret."),
    )


@requires("dialogs.manage_outcomes", fn=_dialog_in_url, post_only=True)
def outcome_delete(request, dialog: Dialog, outcome_id: int):
    outcome = _outcome_of(dialog, outcome_id)
    post_action(
        request,
        lambda: services.outcome_delete(outcome=outcome),
        done=_("«%(title)s» er slettet.") % {"title": outcome.title},
    )
    return redirect("dialogs:outcomes", slug=dialog.slug)


# --- moderation ------------------------------------------------------------------------------


def moderation_queue(request, slug: str | None = None):
    """Both addresses: one dialog's queue, or every dialog the user moderates."""
    if slug:
        return _dialog_moderation_queue(request, slug=slug)
    return _moderation_queue_all(request)


@requires("dialogs.moderate_dialog", fn=_dialog_in_url)
def _dialog_moderation_queue(request, dialog: Dialog):
    statements = selectors.moderation_queue(dialogs=Dialog.objects.filter(pk=dialog.pk))
    return _moderation_page(request, dialog, statements)


@requires("dialogs.use_moderation_queue")
def _moderation_queue_all(request):
    statements = selectors.moderation_queue(
        dialogs=selectors.dialogs_moderated_by(user=request.user)
    )
    return _moderation_page(request, None, statements)


RECENT_DECISIONS = 10


def _moderation_page(request, dialog: Dialog | None, statements):
    page = selectors.moderation_page(statements=statements, number=request.GET.get("side"))
    items = list(page)
    return render(
        request,
        "dialogs/moderation_queue.html",
        {
            "dialog": dialog,
            "page": page,
            # Each with the statement after it, where the queue goes on after a decision.
            "items": list(zip(items, [*items[1:], None], strict=False)),
            "actions": MODERATION_ACTIONS,
            "form": ModerationForm(),
            "near_duplicates": sum(1 for item in items if item.duplicate_of_id),
            "recent": selectors.moderation_log(dialog=dialog)[:RECENT_DECISIONS] if dialog else [],
        },
    )


@requires("dialogs.moderate_dialog", fn=_dialog_in_url, post_only=True)
def statement_moderate(request, dialog: Dialog, statement_id: int):
    statement = get_object_or_404(Statement, pk=statement_id, dialog=dialog)
    post_form_action(
        request,
        ModerationForm(request.POST),
        lambda data: services.statement_moderate(
            statement=statement,
            moderator=request.user,
            approve=data["decision"] == "approve",
            reason=data["reason"],
            personal_data=data["decision"] == "reject_personal_data",
            confirmed=data["confirm"],
            category=data.get("category", ""),
        ),
        done=_("Utsagnet er behandlet."),
        invalid=_("Velg godkjenn eller avvis."),
    )
    return _back_to_the_queue(request, dialog)


def _back_to_the_queue(request, dialog: Dialog):
    """Back where the moderator was: the same page of the same queue, at the next statement."""
    if request.POST.get("neste") == "alle":
        url = reverse("dialogs:moderation_all")
    else:
        url = reverse("dialogs:moderation", kwargs={"slug": dialog.slug})
    page = request.POST.get("side", "")
    if page.isdigit() and page != "1":
        url += f"?side={page}"
    following = request.POST.get("etter", "")
    return redirect(url + (f"#utsagn-{following}-kort" if following.isdigit() else ""))


@requires("dialogs.moderate_dialog", fn=_dialog_in_url, post_only=True)
def moderate_near_duplicates(request, dialog: Dialog):
    post_action(
        request,
        lambda: services.statements_reject_near_duplicates(dialog=dialog, moderator=request.user),
        done=lambda count: (
            ngettext(
                "%(count)d nesten likt utsagn er avvist som duplikat.",
                "%(count)d nesten like utsagn er avvist som duplikater.",
                count,
            )
            % {"count": count}
        ),
    )
    return redirect("dialogs:moderation", slug=dialog.slug)


@requires("dialogs.moderate_dialog", fn=_dialog_in_url)
def moderation_log_csv(request, dialog: Dialog):
    csv = reports.moderation_log_csv(dialog=dialog)
    return download(csv, "text/csv; charset=utf-8", f"{dialog.slug}-moderering.csv")


# --- results and reports ----------------------------------------------------------------------


@requires("dialogs.view_results", fn=_dialog_in_url, visitors="refused")
def dialog_results(request, dialog: Dialog):
    results = disclosure.dialog_results(dialog=dialog)
    participant = current_participant(request, dialog)
    if participant is not None:  # «Du er her»: their own place, from their own token
        places = selectors.own_places(participant=participant)
        for result in results:
            result.me = places.get(result.phase)
    may_moderate = request.user.has_perm("dialogs.moderate_dialog", dialog)
    return render(
        request,
        "dialogs/dialog_results.html",
        {
            "dialog": dialog,
            "results": results,
            "chart_data": reports.chart_data(results),
            "may_moderate": may_moderate,
            # «Hvem har svart» is for those who run the dialog (the report has it for all)
            "who": disclosure.who_responded(dialog=dialog) if may_moderate else None,
            "outcomes": selectors.dialog_outcomes(dialog=dialog, user=request.user),
        },
    )


@requires("dialogs.view_report", fn=_dialog_in_url, visitors="refused")
def dialog_report(request, dialog: Dialog):
    return render(
        request, "dialogs/report.html", reports.report_context(dialog=dialog, user=request.user)
    )


@requires("dialogs.view_report", fn=_dialog_in_url, visitors="refused")
def dialog_report_pdf(request, dialog: Dialog):
    pdf = reports.report_pdf(dialog=dialog, user=request.user)
    return download(pdf, "application/pdf", f"samskapingsrapport-{dialog.slug}.pdf")


@requires("dialogs.view_report", fn=_dialog_in_url, visitors="refused")
def dialog_report_xlsx(request, dialog: Dialog):
    xlsx = reports.report_xlsx(dialog=dialog, user=request.user)
    return download(xlsx, XLSX_CONTENT_TYPE, f"samskapingsrapport-{dialog.slug}.xlsx")


@requires("dialogs.change_dialog", fn=_dialog_in_url)
def dialog_export(request, dialog: Dialog):
    archive = polis.export_polis_zip(dialog=dialog)
    return download(archive, "application/zip", f"{dialog.slug}-polis.zip")


@requires("dialogs.add_dialog")
def dialog_import(request):

    def import_and_analyse(form):
        upload = form.cleaned_data["archive"]
        dialog = polis.import_polis(
            files=polis.files_from_zip(upload.read()),
            organisation=form.cleaned_data["organisation"],
            created_by=request.user,
            source=upload.name,
        )
        services.request_analysis(dialog_id=dialog.pk, phase=dialog.current_phase)
        return dialog

    return form_page(
        request,
        PolisImportForm(request.POST or None, request.FILES or None, user=request.user),
        "dialogs/dialog_import.html",
        save=import_and_analyse,
        then=lambda dialog: reverse("dialogs:detail", kwargs={"slug": dialog.slug}),
        message=_("Samtalen er importert som en stengt dialog."),
    )


# --- participants -----------------------------------------------------------------------------


def cookie_name(dialog: Dialog) -> str:
    return f"fl_deltaker_{dialog.pk}"


def current_participant(request, dialog: Dialog) -> Participant | None:
    if request.user.is_authenticated:
        participant = (
            Participant.objects.select_related("dialog")
            .filter(dialog=dialog, user=request.user)
            .first()
        )
        if participant is not None:
            return participant
    return services.participant_for_token(
        dialog=dialog, token=request.COOKIES.get(cookie_name(dialog))
    )


def _cookie_path(dialog: Dialog) -> str:
    return reverse("dialogs:participate", kwargs={"slug": dialog.slug}).rsplit("/", 2)[0] + "/"


def _set_participant_cookie(response, request, dialog: Dialog, token: str) -> None:
    response.set_cookie(
        cookie_name(dialog),
        token,
        max_age=60 * 60 * 24 * 180,
        path=_cookie_path(dialog),
        secure=settings.PRODUCTION or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def participate(request, slug: str):
    """The link and QR code land here, and the first statement is on the first screen: one
    tap on an answer makes the newcomer a participant (`participant_join_with_vote`). The
    optional questions are folded away under it, and asked again after the first votes.
    Before there is any statement to answer, «Start» joins without one."""
    dialog = _dialog(slug)
    participant = current_participant(request, dialog)
    is_open = dialog.is_open()
    if participant is not None and request.method == "GET" and is_open:
        return redirect("dialogs:vote", slug=dialog.slug)
    form = ParticipateForm(request.POST if request.method == "POST" else None, dialog=dialog)
    if request.method == "POST" and is_open and form.is_valid():
        if ratelimit.join_wait(request, dialog):
            messages.error(request, _("Mange har blitt med herfra nå. Vent litt og prøv igjen."))
            return redirect("dialogs:participate", slug=dialog.slug)
        self_description = {
            "user": request.user,
            "sector": form.cleaned_data.get("sector"),
            "age_band": form.cleaned_data.get("age_band", ""),
        }
        try:
            if "vote" in request.POST:
                created = services.participant_join_with_vote(
                    dialog=dialog,
                    statement_id=request.POST.get("statement"),
                    choice=request.POST.get("vote", ""),
                    **self_description,
                )
            else:
                created = services.participant_create(dialog=dialog, **self_description)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            response = redirect("dialogs:vote", slug=dialog.slug)
            _set_participant_cookie(response, request, dialog, created.token)
            return response
    return render(
        request,
        "dialogs/participate.html",
        {
            "dialog": dialog,
            "form": form,
            "statement": selectors.first_statement(dialog=dialog) if is_open else None,
            "choices": _vote_buttons(),
            "phase_number": _phase_number(dialog),
            "is_open": is_open,
            "not_yet_open": not dialog.has_opened(),
            "is_participant": participant is not None,
            # Part of the results: shown by the results page's own rule.
            "outcomes": selectors.dialog_outcomes(dialog=dialog, user=request.user),
        },
    )


def _phase_number(dialog: Dialog) -> int | None:
    """1, 2 or 3 in a future workshop (the participant sees where they are), else None."""
    phases = [phase.value for phase in WORKSHOP_PHASES]
    return phases.index(dialog.current_phase) + 1 if dialog.current_phase in phases else None


# After this many answers the optional questions are asked, when they were not answered on
# the first page.
DESCRIBE_AFTER_VOTES = 3


def _vote_buttons() -> list[tuple[str, str, str, str]]:
    """(name, label, look, colour) of each button: «Enig» and «Uenig» stand out, each in its
    own colour with its own icon (not told apart by text alone), «Vet ikke» less, and a skip
    least."""
    looks = {SKIP: "tertiary", NAME_BY_VOTE[VoteValue.PASS]: "secondary"}
    colours = {NAME_BY_VOTE[VoteValue.AGREE]: "success", NAME_BY_VOTE[VoteValue.DISAGREE]: "danger"}
    return [
        (name, label, looks.get(name, "primary"), colours.get(name, ""))
        for name, label in choice_labels()
    ]


def _for_participants(view):
    """A participant's own pages: the dialog and the participant its token names; without a
    token (a new device, or after «Slett mine svar»), back to the start of the dialog."""

    @functools.wraps(view)
    def wrapped(request, slug: str):
        dialog = _dialog(slug)
        participant = current_participant(request, dialog)
        if participant is None:
            return redirect("dialogs:participate", slug=dialog.slug)
        return view(request, dialog, participant)

    return wrapped


@_for_participants
def vote(request, dialog: Dialog, participant: Participant):
    if request.method == "POST":
        try:
            services.vote_submit(
                participant=participant,
                statement_id=request.POST.get("statement"),
                choice=request.POST.get("vote", ""),
            )
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("dialogs:vote", slug=dialog.slug)
    is_open = dialog.is_open()
    statement = selectors.next_statement(participant=participant) if is_open else None
    progress = selectors.participant_progress(participant=participant)
    describe_form = ParticipateForm(dialog=dialog, auto_id="om-deg-%s")
    undescribed = (
        is_open
        and bool(describe_form.fields)
        and participant.sector_id is None
        and not participant.age_band
    )
    return render(
        request,
        "dialogs/vote.html",
        {
            "dialog": dialog,
            "statement": statement,
            "progress": progress,
            "is_open": is_open,
            "choices": _vote_buttons(),
            "phase_number": _phase_number(dialog),
            # Shown after the first answers (the page's script reveals it when the count is
            # reached without a reload).
            "describe_form": describe_form if undescribed else None,
            "describe_after": DESCRIBE_AFTER_VOTES,
            "describe_now": progress.voted >= DESCRIBE_AFTER_VOTES,
            "may_see_results": request.user.has_perm("dialogs.view_results", dialog),
            "has_written": participant.statements.exists(),
            # The page's script uses the JSON API with the participant's own token.
            "token": request.COOKIES.get(cookie_name(dialog), ""),
        },
    )


@_for_participants
def describe_myself(request, dialog: Dialog, participant: Participant):
    """The optional questions, answered after the first votes (POST from the voting page)."""
    if request.method == "POST":
        post_form_action(
            request,
            ParticipateForm(request.POST, dialog=dialog),
            lambda data: services.participant_describe(
                participant=participant,
                sector=data.get("sector"),
                age_band=data.get("age_band", ""),
            ),
            done=_("Takk! Det hjelper oss å se hvor ulike grupper er enige."),
            invalid=_("Velg fra listene, eller la dem stå tomme."),
        )
    return redirect("dialogs:vote", slug=dialog.slug)


@_for_participants
def write_statement(request, dialog: Dialog, participant: Participant):
    form = StatementForm(
        request.POST or None,
        dialog=dialog,
        builds_on_choices=selectors.builds_on_choices(dialog=dialog),
    )
    allowed = dialog.participants_may_add and dialog.is_open()
    if request.method == "POST" and allowed and form.is_valid():
        if not ratelimit.hit("statement", str(participant.pk)) or not ratelimit.hit(
            "statement_address", ratelimit.address_key(request)
        ):
            form.add_error(None, _("Du har skrevet mange utsagn på kort tid. Vent litt."))
        else:
            builds_on = form.cleaned_data.get("builds_on")
            try:
                statement = services.statement_submit(
                    participant=participant,
                    text=form.cleaned_data["text"],
                    builds_on_id=builds_on.pk if builds_on else None,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, services.statement_submitted_message(statement))
                return redirect("dialogs:vote", slug=dialog.slug)
    return render(
        request,
        "dialogs/write.html",
        {"dialog": dialog, "form": form, "allowed": allowed},
    )


@_for_participants
def forget_answers(request, dialog: Dialog, participant: Participant):
    """«Slett mine svar»: after a confirmation, the participant's votes, self-description and
    unpublished statements are deleted, and the device forgets the token."""
    if request.method == "POST":
        kept = services.participant_forget(participant=participant)
        message = _("Svarene dine er slettet.")
        if kept:
            message += " " + ngettext(
                "%(count)d publisert utsagn står igjen uten kobling til deg.",
                "%(count)d publiserte utsagn står igjen uten kobling til deg.",
                kept,
            ) % {"count": kept}
        messages.success(request, message)
        response = redirect("dialogs:participate", slug=dialog.slug)
        response.delete_cookie(cookie_name(dialog), path=_cookie_path(dialog), samesite="Lax")
        return response
    return render(request, "dialogs/forget_answers.html", {"dialog": dialog})


@_for_participants
def my_statements(request, dialog: Dialog, participant: Participant):
    """A participant back on the same device: what became of each statement they wrote, what
    followed from it, and «Gi meg beskjed om hva som skjer»."""
    subscription = selectors.outcome_subscription_of(participant=participant)
    form = OutcomeSubscriptionForm(
        request.POST if request.POST.get("action") == "subscribe" else None,
        initial={"email": subscription.email if subscription else ""},
    )
    if request.method == "POST":
        if request.POST.get("action") == "unsubscribe" and subscription is not None:
            services.outcome_subscription_delete(subscription_id=subscription.pk)
            messages.success(request, _("E-postadressen din er slettet."))
            return redirect("dialogs:mine", slug=dialog.slug)
        if form.is_valid():
            try:
                services.outcome_subscription_set(
                    participant=participant, email=form.cleaned_data["email"]
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Takk! Vi sier fra når noe skjer."))
                return redirect("dialogs:mine", slug=dialog.slug)
    outcomes = selectors.dialog_outcomes(dialog=dialog, user=request.user)
    return render(
        request,
        "dialogs/my_statements.html",
        {
            "dialog": dialog,
            "own": selectors.participant_statements(participant=participant, user=request.user),
            "outcomes": outcomes,
            "outcomes_visible": request.user.has_perm("dialogs.view_results", dialog),
            "subscription": subscription,
            "form": form,
        },
    )


# The signed token authorises it, and mail programs post the one-click unsubscribe (RFC 8058)
# without a CSRF token.
@csrf_exempt
def outcome_unsubscribe(request, token: str):
    subscription_id = notices.subscription_id_from_token(token)
    if subscription_id is None:
        raise Http404
    subscription = OutcomeSubscription.objects.filter(pk=subscription_id).first()
    done = subscription is None  # deleted already (unsubscribed, or purged with the dialog)
    if request.method == "POST" and subscription is not None:
        services.outcome_subscription_delete(subscription_id=subscription.pk)
        done = True
    return render(request, "dialogs/outcome_unsubscribe.html", {"done": done})

"""Every write to barriers. Keyword-only, typed, one transaction each.

Permission checks belong to the caller (views and API check `has_perm`); these functions
enforce the domain's rules: the state machine, the screening for personal data, who may
endorse, what a merge moves.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.barriers import links
from fellesloft.barriers.models import (
    AnswerOutcome,
    Assessment,
    Barrier,
    BarrierCategory,
    BarrierNote,
    BarrierTheme,
    BarrierTransition,
    Endorsement,
    Level,
    Notification,
    Recipient,
    Status,
)
from fellesloft.barriers.signals import notifications_stored
from fellesloft.barriers.workflow import ACTIONS, is_allowed
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.core.slugs import unique_slug
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Organisation, Sector

TITLE_MAX = 200


# --- Reporting and editing ---------------------------------------------------------------------


def _screen(example: str) -> tuple[bool, str]:
    findings = find_personal_data(example)
    if not findings:
        return False, ""
    return True, describe_findings(findings)[:200]


def _clean_text(value: str, *, field: str, required: bool, message: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message, field=field)
    return value


def _validate_barrier_fields(*, title: str, description: str, level: str, category) -> None:
    if not title:
        raise ServiceError(_("Skriv en tittel på barrieren."), field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(_("Tittelen kan ha høyst 200 tegn."), field="title")
    if not description:
        raise ServiceError(_("Beskriv barrieren."), field="description")
    if level not in Level.values:
        raise ServiceError(_("Velg nivå: lokal, regional eller nasjonal."), field="level")
    if category is None or not category.is_active:
        raise ServiceError(_("Velg en kategori som er i bruk."), field="category")


@transaction.atomic
def barrier_report(
    *,
    reporter: User,
    organisation: Organisation,
    title: str,
    description: str,
    level: str,
    category: BarrierCategory,
    example: str = "",
    sectors: Iterable[Sector] = (),
    need_themes: Iterable[NeedTheme] = (),
) -> Barrier:
    """A member reports a barrier on behalf of one of their organisations («meldt»)."""
    if not reporter.memberships.filter(organisation=organisation).exists():
        raise ServiceError(
            _("Du kan bare melde barrierer for en organisasjon du er medlem av."),
            field="organisation",
        )
    title = title.strip()
    description = description.strip()
    example = (example or "").strip()
    _validate_barrier_fields(title=title, description=description, level=level, category=category)
    is_held, reason = _screen(example)
    barrier = Barrier.objects.create(
        title=title,
        description=description,
        example=example,
        level=level,
        category=category,
        reporting_organisation=organisation,
        reported_by=reporter,
        is_held=is_held,
        held_reason=reason,
    )
    barrier.sectors.set(list(sectors))
    barrier.need_themes.set(list(need_themes))
    BarrierTransition.objects.create(
        barrier=barrier,
        from_status=Status.REPORTED,
        to_status=Status.REPORTED,
        actor=reporter,
        summary=_("Meldt av %(organisation)s.") % {"organisation": organisation.name},
    )
    if is_held:
        _notify_mission_leads_of_hold(barrier, actor=reporter)
    return barrier


@transaction.atomic
def barrier_update(
    *,
    barrier: Barrier,
    title: str,
    description: str,
    level: str,
    category: BarrierCategory,
    example: str = "",
    sectors: Iterable[Sector] = (),
    need_themes: Iterable[NeedTheme] = (),
    actor: User | None = None,
) -> Barrier:
    """Changes what the barrier says. The example is screened again: if the text that held it
    is gone the hold is lifted, and new personal data holds it again."""
    barrier = Barrier.objects.select_for_update().get(pk=barrier.pk)
    title = title.strip()
    description = description.strip()
    _validate_barrier_fields(title=title, description=description, level=level, category=category)
    example = (example or "").strip()
    was_held = barrier.is_held
    if example != barrier.example:
        barrier.is_held, barrier.held_reason = _screen(example)
    barrier.title = title
    barrier.description = description
    barrier.example = example
    barrier.level = level
    barrier.category = category
    barrier.save()
    barrier.sectors.set(list(sectors))
    barrier.need_themes.set(list(need_themes))
    if barrier.is_held and not was_held:
        _notify_mission_leads_of_hold(barrier, actor=actor)
    return barrier


@transaction.atomic
def barrier_release(*, barrier: Barrier, actor: User, example: str) -> Barrier:
    """The mission lead has read the example (and perhaps edited it) and lets it out."""
    barrier = Barrier.objects.select_for_update().get(pk=barrier.pk)
    if not barrier.is_held:
        raise ServiceError(_("Barrieren er ikke holdt tilbake."))
    barrier.example = (example or "").strip()
    barrier.is_held = False
    barrier.held_reason = ""
    barrier.save(update_fields=["example", "is_held", "held_reason", "updated_at"])
    BarrierNote.objects.create(
        barrier=barrier,
        author=actor,
        text=_("Eksempelet er gjennomgått for personopplysninger og frigitt."),
    )
    return barrier


# --- «Gjelder oss også» --------------------------------------------------------------------------


@transaction.atomic
def barrier_endorse(
    *, barrier: Barrier, organisation: Organisation, user: User, comment: str = ""
) -> Endorsement:
    barrier = Barrier.objects.select_for_update().get(pk=barrier.pk)
    if not user.memberships.filter(organisation=organisation).exists():
        raise ServiceError(
            _("Du kan bare svare for en organisasjon du er medlem av."), field="organisation"
        )
    if barrier.is_held:
        raise ServiceError(_("Barrieren er holdt tilbake til oppdragslederen har sett på den."))
    if not barrier.is_open:
        raise ServiceError(
            _("Barrieren er %(status)s og kan ikke få flere tilslutninger.")
            % {"status": barrier.get_status_display().lower()}
        )
    if organisation.pk == barrier.reporting_organisation_id:
        raise ServiceError(
            _("%(organisation)s meldte barrieren selv.") % {"organisation": organisation.name},
            field="organisation",
        )
    if barrier.endorsements.filter(organisation=organisation).exists():
        raise ServiceError(
            _("%(organisation)s har allerede sagt at barrieren gjelder dem.")
            % {"organisation": organisation.name},
            field="organisation",
        )
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ServiceError(_("Kommentaren kan ha høyst 2000 tegn."), field="comment")
    findings = find_personal_data(comment)
    if findings:
        # The comment is shown with the barrier, publicly once it is escalated.
        raise ServiceError(
            _("Fjern personopplysningene fra kommentaren (%(what)s).")
            % {"what": describe_findings(findings)},
            field="comment",
        )
    return Endorsement.objects.create(
        barrier=barrier, organisation=organisation, endorsed_by=user, comment=comment
    )


@transaction.atomic
def endorsement_withdraw(*, barrier: Barrier, organisation: Organisation, user: User) -> None:
    if not user.memberships.filter(organisation=organisation).exists():
        raise ServiceError(_("Du kan bare svare for en organisasjon du er medlem av."))
    deleted, _detail = barrier.endorsements.filter(organisation=organisation).delete()
    if not deleted:
        raise ServiceError(_("Organisasjonen har ikke sagt at barrieren gjelder dem."))


# --- The workflow --------------------------------------------------------------------------------


def _locked(barrier: Barrier) -> Barrier:
    return Barrier.objects.select_for_update().get(pk=barrier.pk)


def _check_transition(barrier: Barrier, to_status: str) -> None:
    if not is_allowed(barrier.status, to_status):
        raise ServiceError(
            _("En barriere med status «%(from)s» kan ikke bli «%(to)s».")
            % {
                "from": Status(barrier.status).label,
                "to": Status(to_status).label,
            },
            field="action",
            code="illegal_transition",
        )
    if barrier.is_held and to_status != Status.CLOSED:
        raise ServiceError(
            _(
                "Eksempelet kan inneholde personopplysninger. Frigi barrieren før den "
                "behandles videre."
            ),
            code="held",
        )


def _record(
    barrier: Barrier,
    *,
    from_status: str,
    actor: User,
    summary: str,
    recipients: list[User] | None = None,
) -> None:
    BarrierTransition.objects.create(
        barrier=barrier,
        from_status=from_status,
        to_status=barrier.status,
        actor=actor,
        summary=summary,
    )
    _notify_followers(barrier, actor=actor, text=summary, recipients=recipients)


@transaction.atomic
def barrier_review(*, barrier: Barrier, actor: User, assessment: str, note: str = "") -> Barrier:
    """meldt → under vurdering: the mission lead screens where the barrier sits."""
    barrier = _locked(barrier)
    _check_transition(barrier, Status.UNDER_REVIEW)
    if assessment not in Assessment.values:
        raise ServiceError(
            _("Velg vurdering: lokal praksis, lov- og regelverk eller finansiering."),
            field="assessment",
        )
    from_status = barrier.status
    barrier.status = Status.UNDER_REVIEW
    barrier.assessment = assessment
    barrier.save(update_fields=["status", "assessment", "updated_at"])
    if note.strip():
        BarrierNote.objects.create(barrier=barrier, author=actor, text=note.strip())
    _record(
        barrier,
        from_status=from_status,
        actor=actor,
        summary=_n("«%(title)s» er under vurdering (%(assessment)s).")
        % {"title": barrier.title, "assessment": Assessment(assessment).label.lower()},
    )
    return barrier


@transaction.atomic
def barrier_escalate(
    *,
    barrier: Barrier,
    actor: User,
    recipient: Recipient | None,
    answer_deadline: datetime.date | None,
    escalated_on: datetime.date | None = None,
    trial_act_candidate: bool = False,
) -> Barrier:
    """under vurdering (or besvart, as a follow-up) → eskalert, with a recipient and deadline."""
    barrier = _locked(barrier)
    _check_transition(barrier, Status.ESCALATED)
    if recipient is None or not recipient.is_active:
        raise ServiceError(_("Velg en kjent mottaker fra listen."), field="recipient")
    escalated_on = escalated_on or timezone.localdate()
    if answer_deadline is None:
        raise ServiceError(_("Sett en svarfrist."), field="answer_deadline")
    if answer_deadline <= escalated_on:
        raise ServiceError(
            _("Svarfristen må være etter datoen barrieren eskaleres."), field="answer_deadline"
        )
    from_status = barrier.status
    barrier.status = Status.ESCALATED
    barrier.recipient = recipient
    barrier.escalated_on = escalated_on
    barrier.answer_deadline = answer_deadline
    barrier.trial_act_candidate = trial_act_candidate
    barrier.save()
    summary = _n("«%(title)s» er eskalert til %(recipient)s med svarfrist %(deadline)s.") % {
        "title": barrier.title,
        "recipient": recipient.name,
        "deadline": _n_date(answer_deadline),
    }
    if trial_act_candidate:
        summary += " " + _n("Den er meldt som kandidat for forsøk etter forsøksloven.")
    _record(barrier, from_status=from_status, actor=actor, summary=summary)
    return barrier


@transaction.atomic
def barrier_answer(
    *,
    barrier: Barrier,
    actor: User,
    outcome: str,
    text: str,
    answered_on: datetime.date | None = None,
) -> Barrier:
    """eskalert → besvart: the answer from the national level (ja / delvis / nei / under
    vurdering) with its text and date."""
    barrier = _locked(barrier)
    _check_transition(barrier, Status.ANSWERED)
    if outcome not in AnswerOutcome.values:
        raise ServiceError(
            _("Velg svaret: ja, delvis, nei eller under vurdering."), field="outcome"
        )
    text = _clean_text(
        text, field="text", required=True, message=_("Skriv inn svarteksten fra mottakeren.")
    )
    answered_on = answered_on or timezone.localdate()
    if barrier.escalated_on and answered_on < barrier.escalated_on:
        raise ServiceError(
            _("Svardatoen kan ikke være før barrieren ble eskalert."), field="answered_on"
        )
    from_status = barrier.status
    barrier.status = Status.ANSWERED
    barrier.answer_outcome = outcome
    barrier.answer_text = text
    barrier.answered_on = answered_on
    barrier.save()
    _record(
        barrier,
        from_status=from_status,
        actor=actor,
        summary=_n("«%(title)s» er besvart av %(recipient)s: %(outcome)s.")
        % {
            "title": barrier.title,
            "recipient": barrier.recipient.name if barrier.recipient else "",
            "outcome": AnswerOutcome(outcome).label.lower(),
        },
    )
    return barrier


def _finish(barrier: Barrier, *, actor: User, to_status: str, reason: str) -> Barrier:
    barrier = _locked(barrier)
    _check_transition(barrier, to_status)
    reason = _clean_text(reason, field="reason", required=True, message=_("Skriv en begrunnelse."))
    from_status = barrier.status
    barrier.status = to_status
    barrier.closing_reason = reason
    barrier.save(update_fields=["status", "closing_reason", "updated_at"])
    label = _n("løst") if to_status == Status.RESOLVED else _n("lukket")
    _record(
        barrier,
        from_status=from_status,
        actor=actor,
        summary=_n("«%(title)s» er %(status)s: %(reason)s")
        % {"title": barrier.title, "status": label, "reason": reason},
    )
    return barrier


@transaction.atomic
def barrier_resolve(*, barrier: Barrier, actor: User, reason: str) -> Barrier:
    return _finish(barrier, actor=actor, to_status=Status.RESOLVED, reason=reason)


@transaction.atomic
def barrier_close(*, barrier: Barrier, actor: User, reason: str) -> Barrier:
    return _finish(barrier, actor=actor, to_status=Status.CLOSED, reason=reason)


@transaction.atomic
def barrier_merge(*, barrier: Barrier, actor: User, target: Barrier | None) -> Barrier:
    """Merges `barrier` into `target`: its endorsements, sectors, need themes and links move;
    `barrier` becomes «slått sammen» and points to `target`."""
    barrier = _locked(barrier)
    _check_transition(barrier, Status.MERGED)
    if target is None:
        raise ServiceError(_("Velg barrieren den skal slås sammen med."), field="target")
    target = _locked(target)
    if target.pk == barrier.pk:
        raise ServiceError(_("En barriere kan ikke slås sammen med seg selv."), field="target")
    if target.status in (Status.MERGED, Status.CLOSED):
        raise ServiceError(
            _("Barrieren du velger, er selv %(status)s.")
            % {"status": target.get_status_display().lower()},
            field="target",
        )
    if target.is_held:
        raise ServiceError(_("Barrieren du velger, er holdt tilbake."), field="target")
    # Those who followed the merged barrier are told, before its endorsements move away.
    recipients = followers(barrier)
    taken = set(target.endorsements.values_list("organisation_id", flat=True))
    taken.add(target.reporting_organisation_id)
    for endorsement in list(barrier.endorsements.select_for_update()):
        if endorsement.organisation_id in taken:
            endorsement.delete()
        else:
            endorsement.barrier = target
            endorsement.save(update_fields=["barrier"])
            taken.add(endorsement.organisation_id)
    # The reporting organisation of the merged barrier meets the barrier too.
    if barrier.reporting_organisation_id not in taken:
        Endorsement.objects.create(
            barrier=target,
            organisation_id=barrier.reporting_organisation_id,
            endorsed_by=barrier.reported_by,
            comment=_n("Meldt som egen barriere: «%(title)s».") % {"title": barrier.title},
        )
    target.sectors.add(*barrier.sectors.all())
    target.need_themes.add(*barrier.need_themes.all())
    links.move_links(source=barrier, target=target)
    from_status = barrier.status
    barrier.status = Status.MERGED
    barrier.merged_into = target
    barrier.save(update_fields=["status", "merged_into", "updated_at"])
    _record(
        barrier,
        from_status=from_status,
        actor=actor,
        summary=_n("«%(title)s» er slått sammen med «%(target)s».")
        % {"title": barrier.title, "target": target.title},
        recipients=recipients,
    )
    return barrier


# Statuses from which a barrier can go up as part of a theme's escalation package.
PACKAGE_STATUSES = (Status.UNDER_REVIEW, Status.ANSWERED)


@transaction.atomic
def theme_escalate(
    *,
    theme: BarrierTheme,
    actor: User,
    recipient: Recipient | None,
    answer_deadline: datetime.date | None,
    escalated_on: datetime.date | None = None,
    trial_act_candidate: bool = False,
) -> list[Barrier]:
    """Escalates the theme's barriers that are ready (under review, or answered and followed
    up) to one recipient with one deadline: the escalation package. Each barrier takes the
    ordinary step, so each is audited and its followers are told; if one fails, none moves."""
    ready = list(
        theme.barriers.select_for_update()
        .filter(status__in=PACKAGE_STATUSES, is_held=False)
        .order_by("title", "pk")
    )
    if not ready:
        raise ServiceError(
            _(
                "Ingen barrierer i temaet kan eskaleres nå. En barriere må være under vurdering "
                "(eller besvart, for oppfølging) og ikke holdt tilbake."
            ),
            code="nothing_to_escalate",
        )
    return [
        barrier_escalate(
            barrier=barrier,
            actor=actor,
            recipient=recipient,
            answer_deadline=answer_deadline,
            escalated_on=escalated_on,
            trial_act_candidate=trial_act_candidate,
        )
        for barrier in ready
    ]


@transaction.atomic
def barrier_transition(*, barrier: Barrier, actor: User, action: str, **data) -> Barrier:
    """One entry for every action of the workflow (the API and the status form use it)."""
    if action not in ACTIONS:
        raise ServiceError(_("Ukjent handling."), field="action", code="unknown_action")
    handlers = {
        "review": barrier_review,
        "escalate": barrier_escalate,
        "answer": barrier_answer,
        "resolve": barrier_resolve,
        "close": barrier_close,
        "merge": barrier_merge,
    }
    return handlers[action](barrier=barrier, actor=actor, **data)


# --- Links to experiments, sprints and dialogs ------------------------------------------------


@transaction.atomic
def barrier_set_links(*, barrier: Barrier, experiments=(), sprints=(), dialogs=()) -> Barrier:
    """Where the barrier was met. A linked sprint links its experiment too."""
    sprints = list(sprints)
    experiments = {experiment.pk: experiment for experiment in experiments}
    for sprint in sprints:
        experiments.setdefault(sprint.experiment_id, sprint.experiment)
    barrier.experiments.set(list(experiments.values()))
    barrier.sprints.set(sprints)
    barrier.dialogs.set(list(dialogs))
    return barrier


@transaction.atomic
def barrier_report_from_sprint_note(*, note, **report) -> Barrier:
    """Reports the barrier a team noted in a sprint evaluation, links the sprint and its
    experiment, and marks the note as registered in the experiments app."""
    barrier = barrier_report(**report)
    barrier.sprints.add(note.sprint)
    barrier.experiments.add(note.sprint.experiment)
    links.mark_sprint_note_converted(note=note, barrier=barrier)
    return barrier


# --- Notes and themes ----------------------------------------------------------------------------


@transaction.atomic
def barrier_note_add(*, barrier: Barrier, author: User, text: str) -> BarrierNote:
    text = _clean_text(text, field="text", required=True, message=_("Skriv notatet."))
    if len(text) > 5000:
        raise ServiceError(_("Notatet kan ha høyst 5000 tegn."), field="text")
    return BarrierNote.objects.create(barrier=barrier, author=author, text=text)


@transaction.atomic
def barrier_set_theme(*, barrier: Barrier, theme: BarrierTheme | None) -> Barrier:
    barrier.theme = theme
    barrier.save(update_fields=["theme", "updated_at"])
    return barrier


@transaction.atomic
def theme_save(
    *, theme: BarrierTheme | None = None, name: str, description: str = "", order: int = 0
) -> BarrierTheme:
    name = _clean_text(name, field="name", required=True, message=_("Gi temaet et navn."))
    clash = BarrierTheme.objects.filter(name__iexact=name)
    if theme is not None:
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise ServiceError(_("Det finnes allerede et tema med dette navnet."), field="name")
    theme = theme or BarrierTheme()
    theme.name = name
    theme.description = (description or "").strip()
    theme.order = order
    theme.save()
    return theme


@transaction.atomic
def theme_set_barriers(*, theme: BarrierTheme, barriers: QuerySet[Barrier]) -> BarrierTheme:
    """Makes exactly `barriers` the members of `theme`."""
    theme.barriers.exclude(pk__in=barriers.values("pk")).update(theme=None)
    barriers.update(theme=theme)
    return theme


@transaction.atomic
def category_save(
    *,
    category: BarrierCategory | None = None,
    name: str,
    description: str = "",
    order: int = 0,
    is_active: bool = True,
) -> BarrierCategory:
    name = _clean_text(name, field="name", required=True, message=_("Gi kategorien et navn."))
    clash = BarrierCategory.objects.filter(name__iexact=name)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ServiceError(_("Det finnes allerede en kategori med dette navnet."), field="name")
    if category is None:
        category = BarrierCategory(slug=unique_slug(BarrierCategory, name, fallback="kategori"))
    category.name = name
    category.description = (description or "").strip()
    category.order = order
    category.is_active = is_active
    category.save()
    return category


# --- Notifications -------------------------------------------------------------------------------


def _n(message: str) -> str:
    """Notification texts are written in Norwegian whatever language the actor uses."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


def _n_date(value) -> str:
    """A date in a notification text: Norwegian, in the site's short date format."""
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(value, "SHORT_DATE_FORMAT")


def followers(barrier: Barrier) -> list[User]:
    """The reporter and the people who said «gjelder oss også»."""
    user_ids = set(
        barrier.endorsements.exclude(endorsed_by=None).values_list("endorsed_by_id", flat=True)
    )
    if barrier.reported_by_id:
        user_ids.add(barrier.reported_by_id)
    return list(User.objects.filter(pk__in=user_ids, is_active=True))


def mission_leads() -> list[User]:
    """The people who screen held barriers: the mission leads, else the superusers."""
    active = User.objects.filter(is_active=True).order_by("pk")
    leads = list(active.filter(global_role=GlobalRole.MISSION_LEAD))
    return leads or list(active.filter(is_superuser=True))


def _notify_mission_leads_of_hold(barrier: Barrier, *, actor: User | None) -> list[Notification]:
    """A held barrier waits for the mission lead; tell them, or it waits unseen."""
    text = _n(
        "«%(title)s» fra %(organisation)s er holdt tilbake fordi eksempelet ser ut til å "
        "inneholde personopplysninger (%(what)s). Se over og frigi den."
    ) % {
        "title": barrier.title,
        "organisation": barrier.reporting_organisation.name,
        "what": barrier.held_reason,
    }
    users = [user for user in mission_leads() if actor is None or user.pk != actor.pk]
    return notify(users=users, text=text, link=reverse("barriers:detail", args=[barrier.pk]))


def _notify_followers(
    barrier: Barrier, *, actor: User, text: str, recipients: list[User] | None = None
) -> list[Notification]:
    link = reverse("barriers:detail", args=[barrier.pk])
    users = recipients if recipients is not None else followers(barrier)
    return notify(users=[user for user in users if user.pk != actor.pk], text=text, link=link)


def notify(*, users: Iterable[User], text: str, link: str = "") -> list[Notification]:
    """Stores the notifications and e-mails them in the background once the change is saved."""
    notifications = Notification.objects.bulk_create(
        [Notification(recipient=user, text=text[:500], link=link) for user in users]
    )
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(
            lambda: notifications_stored.send(sender=Notification, notification_ids=ids)
        )
    return notifications


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> Notification:
    if not notification.is_read:
        notification.is_read = True
        notification.save(update_fields=["is_read"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, is_read=False).update(is_read=True)


# --- E-mailed notifications (barriers/tasks.py) --------------------------------------------------
# A block of its own: called by the e-mail task only, apart from the workflow above.


@transaction.atomic
def notifications_mark_emailed(
    *, notification_ids: list[int], now: datetime.datetime | None = None
) -> int:
    """Records that these notifications were e-mailed. Returns how many rows changed."""
    return Notification.objects.filter(pk__in=notification_ids).update(
        emailed_at=now or timezone.now()
    )

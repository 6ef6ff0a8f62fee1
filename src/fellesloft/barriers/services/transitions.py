"""The workflow: each step a barrier takes, audited, with its followers told."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.barriers import links
from fellesloft.barriers.models import (
    AnswerOutcome,
    Assessment,
    Barrier,
    BarrierNote,
    BarrierTheme,
    BarrierTransition,
    Endorsement,
    Recipient,
    Status,
)
from fellesloft.barriers.services._common import _clean_text, _locked, _n, _n_date
from fellesloft.barriers.services.notifications import _notify_followers, followers
from fellesloft.barriers.workflow import ACTIONS, is_allowed
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.ordering import norwegian


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


def _move(
    barrier: Barrier,
    *,
    to_status: str,
    actor: User,
    summary: str,
    changed: tuple[str, ...] | None = None,
    recipients: list[User] | None = None,
) -> Barrier:
    """Saves the barrier in its new status, records the step and tells the followers.
    `changed`: the other fields the step set, saved with the status; None saves them all."""
    from_status = barrier.status
    barrier.status = to_status
    barrier.save(update_fields=None if changed is None else ["status", *changed, "updated_at"])
    BarrierTransition.objects.create(
        barrier=barrier,
        from_status=from_status,
        to_status=barrier.status,
        actor=actor,
        summary=summary,
    )
    _notify_followers(barrier, actor=actor, text=summary, recipients=recipients)
    return barrier


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
    barrier.assessment = assessment
    if note.strip():
        BarrierNote.objects.create(barrier=barrier, author=actor, text=note.strip())
    return _move(
        barrier,
        to_status=Status.UNDER_REVIEW,
        changed=("assessment",),
        actor=actor,
        summary=_n("«%(title)s» er under vurdering (%(assessment)s).")
        % {"title": barrier.title, "assessment": Assessment(assessment).label.lower()},
    )


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
    barrier.recipient = recipient
    barrier.escalated_on = escalated_on
    barrier.answer_deadline = answer_deadline
    barrier.trial_act_candidate = trial_act_candidate
    summary = _n("«%(title)s» er eskalert til %(recipient)s med svarfrist %(deadline)s.") % {
        "title": barrier.title,
        "recipient": recipient.name,
        "deadline": _n_date(answer_deadline),
    }
    if trial_act_candidate:
        summary += " " + _n("Den er meldt som kandidat for forsøk etter forsøksloven.")
    return _move(barrier, to_status=Status.ESCALATED, actor=actor, summary=summary)


@transaction.atomic
def barrier_answer(
    *,
    barrier: Barrier,
    actor: User,
    outcome: str,
    text: str,
    answered_on: datetime.date | None = None,
    commitment: str = "",
    follow_up_on: datetime.date | None = None,
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
    if follow_up_on is not None and follow_up_on < timezone.localdate():
        raise ServiceError(
            _("Datoen for oppfølging kan ikke være tilbake i tid."), field="follow_up_on"
        )
    barrier.answer_outcome = outcome
    barrier.answer_text = text
    barrier.answered_on = answered_on
    barrier.commitment = (commitment or "").strip()
    barrier.follow_up_on = follow_up_on
    barrier.follow_up_reminded_at = None
    return _move(
        barrier,
        to_status=Status.ANSWERED,
        actor=actor,
        summary=_n("«%(title)s» er besvart av %(recipient)s: %(outcome)s.")
        % {
            "title": barrier.title,
            "recipient": barrier.recipient.name if barrier.recipient else "",
            "outcome": AnswerOutcome(outcome).label.lower(),
        },
    )


def _finish(barrier: Barrier, *, actor: User, to_status: str, reason: str) -> Barrier:
    barrier = _locked(barrier)
    _check_transition(barrier, to_status)
    reason = _clean_text(reason, field="reason", required=True, message=_("Skriv en begrunnelse."))
    barrier.closing_reason = reason
    label = _n("løst") if to_status == Status.RESOLVED else _n("lukket")
    return _move(
        barrier,
        to_status=to_status,
        changed=("closing_reason",),
        actor=actor,
        summary=_n("«%(title)s» er %(status)s: %(reason)s")
        % {"title": barrier.title, "status": label, "reason": reason},
    )


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
    barrier.merged_into = target
    return _move(
        barrier,
        to_status=Status.MERGED,
        changed=("merged_into",),
        actor=actor,
        summary=_n("«%(title)s» er slått sammen med «%(target)s».")
        % {"title": barrier.title, "target": target.title},
        recipients=recipients,
    )


# Statuses from which a barrier can go up as part of a theme's escalation package.
PACKAGE_STATUSES = (Status.UNDER_REVIEW, Status.ANSWERED)


@transaction.atomic
def theme_escalate(*, theme: BarrierTheme, actor: User, **escalation) -> list[Barrier]:
    """Escalates the theme's barriers that are ready (under review, or answered and followed
    up) to one recipient with one deadline: the escalation package. `escalation` is what
    `barrier_escalate` takes (recipient, answer_deadline …). Each barrier takes the ordinary
    step, so each is audited and its followers are told; if one fails, none moves."""
    ready = list(
        theme.barriers.select_for_update()
        .filter(status__in=PACKAGE_STATUSES, is_held=False)
        .order_by(norwegian("title"), "pk")
    )
    if not ready:
        raise ServiceError(
            _(
                "Ingen barrierer i temaet kan eskaleres nå. En barriere må være under vurdering "
                "(eller besvart, for oppfølging) og ikke holdt tilbake."
            ),
            code="nothing_to_escalate",
        )
    return [barrier_escalate(barrier=barrier, actor=actor, **escalation) for barrier in ready]


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

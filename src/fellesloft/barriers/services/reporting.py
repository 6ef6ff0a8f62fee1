"""Reporting a barrier, editing it, and releasing one held for personal data."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.barriers.models import (
    Barrier,
    BarrierCategory,
    BarrierNote,
    BarrierTransition,
    Level,
    Status,
)
from fellesloft.barriers.services._common import _check_member, _locked
from fellesloft.barriers.services.notifications import _notify_mission_leads_of_hold
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.screening import describe_findings, find_personal_data
from fellesloft.core.services import apply_fields
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Organisation, Sector

TITLE_MAX = 200


def _screen(example: str) -> tuple[bool, str]:
    """Whether the example holds the barrier back, and why: personal data waits for a person."""
    findings = find_personal_data(example)
    if not findings:
        return False, ""
    return True, describe_findings(findings)[:200]


def _cleaned_content(
    *,
    title: str,
    description: str,
    level: str,
    category: BarrierCategory | None,
    example: str = "",
    sectors: Iterable[Sector] = (),
    need_themes: Iterable[NeedTheme] = (),
) -> tuple[dict[str, object], dict[str, list]]:
    """What a barrier says, stripped and checked – the same rules for a report and an edit –
    and apart from it its tags, which are set once the row is saved."""
    title = (title or "").strip()
    description = (description or "").strip()
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
    fields = {
        "title": title,
        "description": description,
        "example": (example or "").strip(),
        "level": level,
        "category": category,
    }
    return fields, {"sectors": list(sectors), "need_themes": list(need_themes)}


def _set_tags(barrier: Barrier, *, sectors: list[Sector], need_themes: list[NeedTheme]):
    barrier.sectors.set(sectors)
    barrier.need_themes.set(need_themes)


@transaction.atomic
def barrier_report(*, reporter: User, organisation: Organisation, **content) -> Barrier:
    """A member reports a barrier on behalf of one of their organisations («meldt»). `content`
    is what the barrier says, as `_cleaned_content` takes it."""
    _check_member(
        reporter,
        organisation,
        _("Du kan bare melde barrierer for en organisasjon du er medlem av."),
        field="organisation",
    )
    fields, tags = _cleaned_content(**content)
    is_held, reason = _screen(fields["example"])
    barrier = Barrier.objects.create(
        **fields,
        reporting_organisation=organisation,
        reported_by=reporter,
        is_held=is_held,
        held_reason=reason,
    )
    _set_tags(barrier, **tags)
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
def barrier_update(*, barrier: Barrier, actor: User | None = None, **content) -> Barrier:
    """Changes what the barrier says (`content`, as for a report). The example is screened
    again: if the text that held it is gone the hold is lifted, and new personal data holds it
    again."""
    barrier = _locked(barrier)
    fields, tags = _cleaned_content(**content)
    was_held = barrier.is_held
    if fields["example"] != barrier.example:
        barrier.is_held, barrier.held_reason = _screen(fields["example"])
    apply_fields(barrier, fields)
    barrier.save()
    _set_tags(barrier, **tags)
    if barrier.is_held and not was_held:
        _notify_mission_leads_of_hold(barrier, actor=actor)
    return barrier


@transaction.atomic
def barrier_release(*, barrier: Barrier, actor: User, example: str) -> Barrier:
    """The mission lead has read the example (and perhaps edited it) and lets it out."""
    barrier = _locked(barrier)
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

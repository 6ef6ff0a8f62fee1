"""Applications to run a trial under forsøksloven (trial_act.py): the draft, the provisions it
would deviate from, the evidence it cites and the scheme's two steps.

The reporting organisation's members draft it (the caller asks `barriers.draft_trial_
application`); these functions hold the domain's rules: the trial act's limits on duration,
the order of the steps, evidence only from what the barrier links to and the drafter may see,
and no personal data in a document that goes to a ministry (and is public with an escalated
barrier). The § 4 warnings are shown, not enforced: the ministry decides.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.barriers import evidence
from fellesloft.barriers.models import (
    Barrier,
    RecipientKind,
    StepStatus,
    TrialApplication,
    TrialDeviation,
)
from fellesloft.barriers.rules import concerns_rule
from fellesloft.barriers.services._common import _check_member, _check_open, _locked
from fellesloft.barriers.trial_act import MAX_EXTENSION_MONTHS, MAX_TRIAL_MONTHS
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import apply_fields, refuse_personal_data

# What the drafter writes; the form names its fields from this.
APPLICATION_FIELDS = (
    "purpose",
    "trial_description",
    "start_date",
    "duration_months",
    "extension_months",
    "evaluation",
    "ministry",
)
EVIDENCE_FIELDS = ("sprints", "learning_cards", "dialogs", "endorsements")
TEXT_MAX = 10_000
MAX_DEVIATIONS = 30
STEPS = ("preliminary", "final")


def validate_duration(duration_months, extension_months) -> None:
    """Forsøksloven § 3: approval for at most four years, extended by at most two."""
    if duration_months is None or duration_months < 1:
        raise ServiceError(
            _("Skriv hvor mange måneder forsøket skal vare (minst én)."),
            field="duration_months",
        )
    if duration_months > MAX_TRIAL_MONTHS:
        raise ServiceError(
            _(
                "Et forsøk kan godkjennes for høyst fire år (48 måneder), jf. forsøksloven § 3. "
                "Du har skrevet %(months)s måneder."
            )
            % {"months": duration_months},
            field="duration_months",
        )
    if extension_months is None or extension_months < 0:
        raise ServiceError(
            _("Forlengelsen kan ikke være negativ. Skriv 0 om dere ikke ber om forlengelse."),
            field="extension_months",
        )
    if extension_months > MAX_EXTENSION_MONTHS:
        raise ServiceError(
            _(
                "Forsøksperioden kan forlenges med høyst to år (24 måneder), jf. forsøksloven "
                "§ 3. Du har skrevet %(months)s måneder."
            )
            % {"months": extension_months},
            field="extension_months",
        )


def _check_drafter(barrier: Barrier, user: User) -> None:
    _check_member(
        user,
        barrier.reporting_organisation,
        _("Bare organisasjonen som meldte barrieren, kan søke om forsøk."),
    )
    _check_open(barrier, _("Barrieren er %(status)s; det kan ikke søkes om forsøk for den."))
    if not concerns_rule.holds(user, barrier):
        raise ServiceError(
            _(
                "Det kan bare søkes om forsøk for en barriere som gjelder lov- og regelverk. "
                "Kategorien eller vurderingen til barrieren sier noe annet."
            )
        )


def _check_unlocked(application: TrialApplication) -> None:
    if application.is_locked:
        raise ServiceError(
            _("Den endelige søknaden er sendt, så innholdet kan ikke endres lenger.")
        )


def _clean_long_text(value: str, *, field: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise ServiceError(
            _("%(label)s kan ha høyst %(max)s tegn.") % {"label": label, "max": TEXT_MAX},
            field=field,
        )
    refuse_personal_data(
        value, field=field, message=_("Fjern personopplysningene fra søknaden (%(what)s).")
    )
    return value


def _chosen(selected: Iterable, offered, *, field: str) -> list:
    selected = list(selected)
    allowed = set(offered.values_list("pk", flat=True))
    if any(item.pk not in allowed for item in selected):
        raise ServiceError(
            _("Velg bare dokumentasjon som er koblet til barrieren og som du har tilgang til."),
            field=field,
        )
    return selected


@transaction.atomic
def trial_application_save(
    *,
    barrier: Barrier,
    user: User,
    purpose: str = "",
    trial_description: str = "",
    start_date: datetime.date | None = None,
    duration_months: int | None = 24,
    extension_months: int | None = 0,
    evaluation: str = "",
    ministry=None,
    sprints: Iterable = (),
    learning_cards: Iterable = (),
    dialogs: Iterable = (),
    endorsements: Iterable = (),
) -> TrialApplication:
    """Starts the barrier's trial application or saves the draft's content and evidence."""
    barrier = _locked(barrier)
    _check_drafter(barrier, user)
    application = TrialApplication.objects.filter(barrier=barrier).first()
    if application is not None:
        _check_unlocked(application)
    validate_duration(duration_months, extension_months)
    if ministry is not None and (ministry.kind != RecipientKind.MINISTRY or not ministry.is_active):
        raise ServiceError(_("Velg et departement fra listen."), field="ministry")
    fields = {
        "purpose": _clean_long_text(purpose, field="purpose", label=_("Formålet")),
        "trial_description": _clean_long_text(
            trial_description, field="trial_description", label=_("Beskrivelsen av forsøket")
        ),
        "evaluation": _clean_long_text(evaluation, field="evaluation", label=_("Evalueringen")),
        "start_date": start_date,
        "duration_months": duration_months,
        "extension_months": extension_months,
        "ministry": ministry,
    }
    offered = evidence.evidence_choices(barrier=barrier, user=user)
    chosen = {
        name: _chosen(selected, offered[name], field=name)
        for name, selected in (
            ("sprints", sprints),
            ("learning_cards", learning_cards),
            ("dialogs", dialogs),
            ("endorsements", endorsements),
        )
    }
    if application is None:
        application = TrialApplication(barrier=barrier, created_by=user)
    apply_fields(application, fields)
    application.save()
    for name, selected in chosen.items():
        # What a colleague chose that this drafter may not see stays chosen.
        allowed = set(offered[name].values_list("pk", flat=True))
        kept = [item for item in getattr(application, name).all() if item.pk not in allowed]
        getattr(application, name).set([*selected, *kept])
    return application


@transaction.atomic
def trial_deviation_add(
    *,
    application: TrialApplication,
    user: User,
    law: str,
    section: str,
    deviation: str,
    regulation: str = "",
) -> TrialDeviation:
    """One provision the trial would deviate from. A § 4 warning is shown with it, not here."""
    _check_drafter(application.barrier, user)
    _check_unlocked(application)
    law, section, regulation = (
        (law or "").strip(),
        (section or "").strip(),
        (regulation or "").strip(),
    )
    if not law:
        raise ServiceError(_("Skriv hvilken lov bestemmelsen står i."), field="law")
    if len(law) > 200 or len(regulation) > 200:
        raise ServiceError(
            _("Navnet på loven eller forskriften kan ha høyst 200 tegn."), field="law"
        )
    if not section:
        raise ServiceError(_("Skriv hvilken paragraf dere vil avvike fra."), field="section")
    if len(section) > 100:
        raise ServiceError(_("Paragrafen kan ha høyst 100 tegn."), field="section")
    deviation = _clean_long_text(deviation, field="deviation", label=_("Avviket"))
    if not deviation:
        raise ServiceError(
            _("Beskriv hvordan forsøket vil avvike fra bestemmelsen."), field="deviation"
        )
    if application.deviations.count() >= MAX_DEVIATIONS:
        raise ServiceError(
            _("En søknad kan ha høyst %(max)s bestemmelser.") % {"max": MAX_DEVIATIONS}
        )
    return TrialDeviation.objects.create(
        application=application,
        law=law,
        regulation=regulation,
        section=section,
        deviation=deviation,
    )


@transaction.atomic
def trial_deviation_remove(*, deviation: TrialDeviation, user: User) -> None:
    application = deviation.application
    _check_drafter(application.barrier, user)
    _check_unlocked(application)
    deviation.delete()


def _check_date(value, *, field: str, label: str) -> datetime.date:
    if value is None:
        raise ServiceError(_("Skriv datoen %(label)s.") % {"label": label}, field=field)
    if value > timezone.localdate():
        raise ServiceError(
            _("Datoen %(label)s kan ikke være frem i tid.") % {"label": label}, field=field
        )
    return value


def _check_complete(application: TrialApplication, message: str) -> None:
    """Refuses to send an application that lacks what the ministry needs; `message` names
    the step and takes `%(missing)s`."""
    missing = _missing_for_sending(application)
    if missing:
        raise ServiceError(
            message % {"missing": ", ".join(str(item) for item in missing)}, field="status"
        )


def _missing_for_sending(application: TrialApplication) -> list[str]:
    missing = []
    if not application.purpose:
        missing.append(_("formålet"))
    if not application.evaluation:
        missing.append(_("hvordan forsøket skal evalueres"))
    if application.ministry_id is None:
        missing.append(_("departementet søknaden sendes til"))
    if not application.deviations.exists():
        missing.append(_("minst én bestemmelse dere vil avvike fra"))
    return missing


def _decided(status: str, sent_on, decided_on, *, field: str, label: str):
    if status in (StepStatus.APPROVED, StepStatus.REJECTED):
        decided_on = _check_date(decided_on, field=field, label=label)
        if decided_on < sent_on:
            raise ServiceError(
                _("Svaret kan ikke være datert før søknaden ble sendt."), field=field
            )
        return decided_on
    return None


@transaction.atomic
def trial_application_set_step(
    *,
    application: TrialApplication,
    user: User,
    step: str,
    status: str,
    sent_on: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    council_adopted_on: datetime.date | None = None,
    local_regulation: str = "",
) -> TrialApplication:
    """Records where one of the two steps stands: the preliminary application to the ministry
    («forhåndssøknad»), or the final one the municipal council adopted with a local
    regulation («endelig søknad»)."""
    application = TrialApplication.objects.select_for_update().get(pk=application.pk)
    _check_drafter(application.barrier, user)
    if step not in STEPS:
        raise ServiceError(_("Ukjent trinn i søknaden."), field="step")
    if status not in StepStatus.values:
        raise ServiceError(_("Velg en status fra listen."), field="status")
    if step == "preliminary":
        _set_preliminary(application, status=status, sent_on=sent_on, decided_on=decided_on)
    else:
        _set_final(
            application,
            status=status,
            sent_on=sent_on,
            decided_on=decided_on,
            council_adopted_on=council_adopted_on,
            local_regulation=local_regulation,
        )
    application.save()
    return application


def _set_preliminary(application: TrialApplication, *, status, sent_on, decided_on) -> None:
    if application.final_status != StepStatus.DRAFT and status != StepStatus.APPROVED:
        raise ServiceError(
            _("Den endelige søknaden er sendt, så forhåndssøknaden må stå som godkjent."),
            field="status",
        )
    if status == StepStatus.DRAFT:
        application.preliminary_status = status
        application.preliminary_sent_on = application.preliminary_decided_on = None
        return
    _check_complete(application, _("Før forhåndssøknaden sendes, må søknaden ha: %(missing)s."))
    sent_on = _check_date(sent_on, field="sent_on", label=_("søknaden ble sendt"))
    application.preliminary_decided_on = _decided(
        status, sent_on, decided_on, field="decided_on", label=_("departementet svarte")
    )
    application.preliminary_status = status
    application.preliminary_sent_on = sent_on


def _set_final(
    application: TrialApplication,
    *,
    status,
    sent_on,
    decided_on,
    council_adopted_on,
    local_regulation,
) -> None:
    local_regulation = _clean_long_text(
        local_regulation, field="local_regulation", label=_("Forskriften")
    )
    if council_adopted_on is not None:
        council_adopted_on = _check_date(
            council_adopted_on, field="council_adopted_on", label=_("kommunestyret vedtok søknaden")
        )
    application.local_regulation = local_regulation
    application.council_adopted_on = council_adopted_on
    if status == StepStatus.DRAFT:
        application.final_status = status
        application.final_sent_on = application.final_decided_on = None
        return
    if application.preliminary_status != StepStatus.APPROVED:
        raise ServiceError(
            _("Den endelige søknaden kan sendes når departementet har godkjent forhåndssøknaden."),
            field="status",
        )
    if council_adopted_on is None:
        raise ServiceError(
            _(
                "Den endelige søknaden må være vedtatt i kommunestyret før den sendes. Skriv "
                "datoen for vedtaket."
            ),
            field="council_adopted_on",
        )
    if not local_regulation:
        raise ServiceError(
            _(
                "Kommunestyret vedtar en lokal forskrift for forsøket sammen med den endelige "
                "søknaden. Skriv inn forskriften."
            ),
            field="local_regulation",
        )
    _check_complete(
        application, _("Før den endelige søknaden sendes, må søknaden ha: %(missing)s.")
    )
    sent_on = _check_date(sent_on, field="sent_on", label=_("søknaden ble sendt"))
    if sent_on < council_adopted_on:
        raise ServiceError(
            _("Søknaden kan ikke være sendt før kommunestyret vedtok den."), field="sent_on"
        )
    application.final_decided_on = _decided(
        status, sent_on, decided_on, field="decided_on", label=_("departementet svarte")
    )
    application.final_status = status
    application.final_sent_on = sent_on

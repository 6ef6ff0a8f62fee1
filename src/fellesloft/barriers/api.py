"""The barriers' API: reads are open for escalated barriers (and show more to members),
writes need a logged-in member or a personal API token. Internal notes are never here."""

import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.lookups import named, one_named
from fellesloft.api.permissions import require
from fellesloft.api.schemas import Id, NamedOut, Page, one_of
from fellesloft.barriers import selectors, services
from fellesloft.barriers.evidence import application_evidence
from fellesloft.barriers.models import (
    AnswerOutcome,
    Assessment,
    Barrier,
    BarrierCategory,
    BarrierTheme,
    Endorsement,
    Level,
    Recipient,
    RecipientKind,
    Status,
    StepStatus,
)
from fellesloft.barriers.trial_act import provision_warnings
from fellesloft.barriers.trial_document import applicant
from fellesloft.barriers.workflow import ACTIONS
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.policy import visible_object_or_404
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Organisation, Sector

router = Router(tags=["Systembarrierer"])
PREFIX = ""


class AnswerOut(Schema):
    outcome: one_of(AnswerOutcome)
    text: str
    answered_on: datetime.date | None
    commitment: str = ""
    follow_up_on: datetime.date | None = None


class EndorsementOut(Schema):
    organisation: NamedOut
    comment: str
    created_at: datetime.datetime


class BarrierOut(Schema):
    id: int
    url: str
    title: str
    description: str
    example: str
    level: one_of(Level)
    status: one_of(Status)
    category: NamedOut
    sectors: list[str]
    need_themes: list[str]
    reporting_organisation: NamedOut
    endorsement_count: int
    theme: str | None
    recipient: NamedOut | None
    escalated_on: datetime.date | None
    answer_deadline: datetime.date | None
    overdue: bool = Field(..., alias="is_overdue")
    trial_act_candidate: bool
    answer: AnswerOut | None
    closing_reason: str
    merged_into: int | None = Field(..., alias="merged_into_id")
    created_at: datetime.datetime

    @staticmethod
    def resolve_url(barrier: Barrier) -> str:
        return reverse("barriers:detail", args=[barrier.pk])

    @staticmethod
    def resolve_sectors(barrier: Barrier) -> list[str]:
        return [sector.slug for sector in barrier.sectors.all()]

    @staticmethod
    def resolve_need_themes(barrier: Barrier) -> list[str]:
        return [theme.slug for theme in barrier.need_themes.all()]

    @staticmethod
    def resolve_theme(barrier: Barrier) -> str | None:
        return barrier.theme.name if barrier.theme else None

    @staticmethod
    def resolve_answer(barrier: Barrier) -> dict | None:
        if not barrier.answer_outcome:
            return None
        return {
            "outcome": barrier.answer_outcome,
            "text": barrier.answer_text,
            "answered_on": barrier.answered_on,
            "commitment": barrier.commitment,
            "follow_up_on": barrier.follow_up_on,
        }


class BarrierDetailOut(BarrierOut):
    endorsements: list[EndorsementOut]


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    is_active: bool


class RecipientOut(Schema):
    slug: str
    name: str
    kind: one_of(RecipientKind)


class ThemeOut(Schema):
    id: int
    name: str
    description: str


class BarrierUpdateIn(Schema):
    """The whole barrier as it is to read (as the edit form): what is left out is emptied."""

    title: str = Field(max_length=200)
    description: str
    example: str = ""
    level: one_of(Level)
    category: str = Field(description="Slug for kategorien")
    sectors: list[str] = Field(default_factory=list, description="Sektorenes slug")
    need_themes: list[str] = Field(default_factory=list, description="Behovstemaenes slug")


class ReportingOrganisationIn(Schema):
    organisation: str = Field(description="Slug for organisasjonen som melder barrieren")


# A report names its organisation, then what the barrier says (pydantic lists the fields of
# the last base first).
class BarrierIn(BarrierUpdateIn, ReportingOrganisationIn):
    pass


class EndorsementIn(Schema):
    organisation: str
    comment: str = Field("", max_length=2000)


class TransitionIn(Schema):
    action: str = Field(description="Én av: " + ", ".join(ACTIONS))
    assessment: str | None = Field(None, description="review: " + "/".join(Assessment.values))
    note: str = ""
    recipient: str | None = Field(None, description="escalate: mottakerens slug")
    escalated_on: datetime.date | None = None
    answer_deadline: datetime.date | None = None
    trial_act_candidate: bool = False
    outcome: str | None = Field(None, description="answer: " + "/".join(AnswerOutcome.values))
    text: str = ""
    answered_on: datetime.date | None = None
    commitment: str = Field("", description="answer: hva mottakeren forpliktet seg til")
    follow_up_on: datetime.date | None = Field(None, description="answer: dato for oppfølging")
    reason: str = ""
    target: Id | None = Field(None, description="merge: id-en til barrieren den slås inn i")


def _api_queryset(queryset):
    return queryset.select_related(
        "category", "reporting_organisation", "recipient", "theme"
    ).prefetch_related("sectors", "need_themes")


def _visible(request, barrier_id: int, permission: str | None = None) -> Barrier:
    """The barrier if the user may see it (`barriers.view_barrier`), else a 404; with a
    `permission`, a 403 without it."""
    barrier = visible_object_or_404(
        _api_queryset(Barrier.objects.all()).prefetch_related(
            Prefetch("endorsements", queryset=Endorsement.objects.select_related("organisation"))
        ),
        request.user,
        pk=barrier_id,
    )
    if permission:
        require(request, permission, barrier)
    barrier.endorsement_count = len(barrier.endorsements.all())
    return barrier


def _reload(request, barrier_id: int) -> Barrier:
    return _visible(request, barrier_id)


@router.get(
    "/barriers",
    response=list[BarrierOut],
    summary="Systembarrierer",
    description="Eskalerte barrierer er åpne for alle; medlemmer ser også barrierer som er "
    "til vurdering. Sortert etter antall «gjelder oss også».",
)
def barriers(
    request,
    page: Query[Page],
    status: Status | None = None,
    category: str = "",
    level: Level | None = None,
    theme: Id | None = None,
    overdue: bool = False,
):
    queryset = selectors.barrier_list(
        user=request.user,
        status=status.value if status else "",
        category=one_named(BarrierCategory, "slug", category, _("barrierekategori"), "category"),
        level=level.value if level else "",
        theme=one_named(BarrierTheme, "pk", theme, _("tema"), "theme"),
        overdue=overdue,
    )
    return page.of(queryset.prefetch_related("sectors", "need_themes"))


@router.get("/barriers/{barrier_id}", response=BarrierDetailOut, summary="Én systembarriere")
def barrier(request, barrier_id: Id):
    return _visible(request, barrier_id)


@router.get("/barrier-categories", response=list[CategoryOut], summary="Kategorier for barrierer")
def barrier_categories(request):
    return list(BarrierCategory.objects.all())


@router.get("/barrier-recipients", response=list[RecipientOut], summary="Mottakere for eskalering")
def barrier_recipients(request):
    return list(selectors.active_recipients())


@router.get("/barrier-themes", response=list[ThemeOut], summary="Temaer for eskalering")
def barrier_themes(request):
    return list(BarrierTheme.objects.all())


def _organisation(slug: str) -> Organisation:
    return named(Organisation, "slug", [slug], _("organisasjon"), "organisation")[0]


def _category(slug: str) -> BarrierCategory:
    return named(BarrierCategory, "slug", [slug], _("barrierekategori"), "category")[0]


@router.post(
    "/barriers",
    response={201: BarrierDetailOut},
    auth=STAFF_AUTH,
    summary="Meld en barriere",
)
def barrier_create(request, payload: BarrierIn):
    require(request, "barriers.add_barrier")
    created = services.barrier_report(
        reporter=request.user, organisation=_organisation(payload.organisation), **_content(payload)
    )
    return 201, _reload(request, created.pk)


def _content(payload: BarrierUpdateIn) -> dict:
    """What a barrier's body says, as the services take it: category, sectors and need themes
    looked up by their slugs."""
    return {
        **payload.dict(include={"title", "description", "example", "level"}),
        "category": _category(payload.category),
        "sectors": named(Sector, "slug", payload.sectors, _("sektor"), "sectors"),
        "need_themes": named(
            NeedTheme, "slug", payload.need_themes, _("behovstema"), "need_themes"
        ),
    }


@router.put(
    "/barriers/{barrier_id}",
    response=BarrierDetailOut,
    auth=STAFF_AUTH,
    summary="Endre hva barrieren sier (den som meldte den, oppdragsleder)",
)
def barrier_update(request, barrier_id: Id, payload: BarrierUpdateIn):
    """As the edit form: an example with personal data is held back again for the mission
    lead to read."""
    target = _visible(request, barrier_id, "barriers.change_barrier")
    services.barrier_update(barrier=target, actor=request.user, **_content(payload))
    return _reload(request, barrier_id)


@router.post(
    "/barriers/{barrier_id}/endorsements",
    response={201: BarrierDetailOut},
    auth=STAFF_AUTH,
    summary="«Gjelder oss også»",
)
def barrier_endorse(request, barrier_id: Id, payload: EndorsementIn):
    target = _visible(request, barrier_id, "barriers.endorse_barrier")
    services.barrier_endorse(
        barrier=target,
        organisation=_organisation(payload.organisation),
        user=request.user,
        comment=payload.comment,
    )
    return 201, _reload(request, barrier_id)


@router.post(
    "/barriers/{barrier_id}/transitions",
    response=BarrierDetailOut,
    auth=STAFF_AUTH,
    summary="Flytt barrieren i arbeidsflyten (oppdragsleder)",
)
def barrier_transition(request, barrier_id: Id, payload: TransitionIn):
    target = _visible(request, barrier_id, "barriers.manage_barrier")
    action = payload.action
    if action not in ACTIONS:
        raise ServiceError(
            _("Ukjent handling «%(action)s». Gyldige: %(actions)s.")
            % {"action": action, "actions": ", ".join(ACTIONS)},
            field="action",
            code="unknown_action",
        )
    data: dict = {}
    if action == "review":
        data = {"assessment": payload.assessment or "", "note": payload.note}
    elif action == "escalate":
        data = {
            "recipient": one_named(
                Recipient.objects.filter(is_active=True),
                "slug",
                payload.recipient,
                _("mottaker"),
                "recipient",
            ),
            "escalated_on": payload.escalated_on,
            "answer_deadline": payload.answer_deadline,
            "trial_act_candidate": payload.trial_act_candidate,
        }
    elif action == "answer":
        data = {
            "outcome": payload.outcome or "",
            "text": payload.text,
            "answered_on": payload.answered_on,
            "commitment": payload.commitment,
            "follow_up_on": payload.follow_up_on,
        }
    elif action in ("resolve", "close"):
        data = {"reason": payload.reason}
    elif action == "merge":
        data = {"target": one_named(Barrier, "pk", payload.target, _("barriere"), "target")}
    services.barrier_transition(barrier=target, actor=request.user, action=action, **data)
    return _reload(request, barrier_id)


# --- Trial applications (forsøkssøknader) --------------------------------------------------------


class TrialDeviationOut(Schema):
    law: str
    regulation: str
    section: str
    deviation: str
    warnings: list[str] = Field(description="Advarsler etter forsøksloven § 4")


class TrialStepOut(Schema):
    status: one_of(StepStatus)
    sent_on: datetime.date | None
    decided_on: datetime.date | None


class TrialFinalStepOut(TrialStepOut):
    council_adopted_on: datetime.date | None
    local_regulation: str


class TrialSprintOut(Schema):
    id: int
    experiment: str
    experiment_url: str
    number: int
    what_worked: str
    what_to_adjust: str
    what_to_take_forward: str
    decision: str


class TrialLearningCardOut(Schema):
    id: int
    url: str
    title: str
    experiment: str
    learning: str
    decision: str


class TrialSectorLensRowOut(Schema):
    statement: str
    agree_shares: list[str]


class TrialDialogOut(Schema):
    slug: str
    title: str
    analysed_at: datetime.datetime | None
    consensus_agree: list[str]
    consensus_disagree: list[str]
    sector_lens_sectors: list[str]
    sector_lens: list[TrialSectorLensRowOut]


class TrialEvidenceOut(Schema):
    sprints: list[TrialSprintOut]
    learning_cards: list[TrialLearningCardOut]
    dialogs: list[TrialDialogOut]
    endorsements: list[EndorsementOut]


class TrialApplicationOut(Schema):
    barrier: int
    url: str
    docx_url: str
    pdf_url: str
    applicant: str
    ministry: NamedOut | None
    purpose: str
    trial_description: str
    start_date: datetime.date | None
    duration_months: int
    extension_months: int
    evaluation: str
    deviations: list[TrialDeviationOut]
    preliminary: TrialStepOut
    final: TrialFinalStepOut
    evidence: TrialEvidenceOut
    updated_at: datetime.datetime


def _trial_application_out(application, user) -> dict:
    found = application_evidence(application=application, user=user)
    pk = application.barrier_id
    return {
        "barrier": pk,
        "url": reverse("barriers:trial_application", args=[pk]),
        "docx_url": reverse("barriers:trial_docx", args=[pk]),
        "pdf_url": reverse("barriers:trial_pdf", args=[pk]),
        "applicant": applicant(application),
        "ministry": application.ministry,
        "purpose": application.purpose,
        "trial_description": application.trial_description,
        "start_date": application.start_date,
        "duration_months": application.duration_months,
        "extension_months": application.extension_months,
        "evaluation": application.evaluation,
        "deviations": [
            {
                "law": d.law,
                "regulation": d.regulation,
                "section": d.section,
                "deviation": d.deviation,
                "warnings": [w.text for w in provision_warnings(d.law, d.regulation)],
            }
            for d in application.deviations.all()
        ],
        "preliminary": {
            "status": application.preliminary_status,
            "sent_on": application.preliminary_sent_on,
            "decided_on": application.preliminary_decided_on,
        },
        "final": {
            "status": application.final_status,
            "sent_on": application.final_sent_on,
            "decided_on": application.final_decided_on,
            "council_adopted_on": application.council_adopted_on,
            "local_regulation": application.local_regulation,
        },
        "evidence": {
            "sprints": [
                {
                    "id": s.pk,
                    "experiment": s.experiment.title,
                    "experiment_url": s.experiment.get_absolute_url(),
                    "number": s.number,
                    "what_worked": s.what_worked,
                    "what_to_adjust": s.what_to_adjust,
                    "what_to_take_forward": s.what_to_take_forward,
                    "decision": s.act_decision,
                }
                for s in found.sprints
            ],
            "learning_cards": [
                {
                    "id": c.pk,
                    "url": c.get_absolute_url(),
                    "title": c.title,
                    "experiment": c.experiment.title,
                    "learning": c.learning,
                    "decision": c.decision,
                }
                for c in found.learning_cards
            ],
            "dialogs": [
                {
                    "slug": item.dialog.slug,
                    "title": item.dialog.title,
                    "analysed_at": item.computed_at,
                    "consensus_agree": item.consensus_agree,
                    "consensus_disagree": item.consensus_disagree,
                    "sector_lens_sectors": item.lens_sectors,
                    "sector_lens": [
                        {"statement": text, "agree_shares": shares}
                        for text, shares in item.lens_rows
                    ],
                }
                for item in found.dialogs
            ],
            "endorsements": found.endorsements,
        },
        "updated_at": application.updated_at,
    }


@router.get(
    "/barriers/{barrier_id}/trial-application",
    response=TrialApplicationOut,
    summary="Søknad om forsøk etter forsøksloven for en barriere",
    description="Synlig for den som ser barrieren; 404 når barrieren ikke har en søknad. "
    "Dokumentasjonen (sprinter, læringskort, dialoger) viser bare det du har tilgang til.",
)
def barrier_trial_application(request, barrier_id: Id):
    target = _visible(request, barrier_id)
    application = selectors.trial_application_of(barrier=target)
    if application is None:
        raise Http404
    return _trial_application_out(application, request.user)

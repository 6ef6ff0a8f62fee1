"""The participant flow as JSON (used by the page's progressive enhancement and load tests).

A participant proves who they are with the header `X-Participant-Token` (the token from
`POST /dialogs/{slug}/participants`). Errors come as `{"error": {"code", "message"}}`.
"""

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from fellesloft.api.middleware import ErrorAnswer, json_error, service_error_response
from fellesloft.api.permissions import permitted_object
from fellesloft.api.schemas import ErrorOut, Id, NamedOut, Page, one_of
from fellesloft.core.choices import PARTICIPANT_AGE_BANDS
from fellesloft.core.exceptions import ServiceError
from fellesloft.dialogs import disclosure, participation, ratelimit, selectors, services
from fellesloft.dialogs.models import Dialog, DialogKind, OutcomeKind, Phase
from fellesloft.dialogs.services import DialogClosed, VoteRateLimited

router = Router(tags=["Dialoger"])

TOKEN_HEADER = "X-Participant-Token"  # noqa: S105 – a header name, not a secret


def _rate_limited(retry_after: int) -> JsonResponse:
    response = json_error(429)  # the API's own «rate_limited» answer
    response["Retry-After"] = str(retry_after)
    return response


def _participant(request, slug: str):
    """The participant the request's token names in this dialog, else the 401 (or the 404 for
    no such dialog) as `ErrorAnswer`."""
    token = request.headers.get(TOKEN_HEADER, "").strip()
    if not token:
        raise ErrorAnswer(
            json_error(401, "missing_token", _("Mangler deltakernøkkel (X-Participant-Token)."))
        )
    participant = services.participant_for_token(dialog=None, token=token)
    if participant is None or participant.dialog.slug != slug:
        if not Dialog.objects.filter(slug=slug).exists():
            raise ErrorAnswer(json_error(404, "not_found", _("Fant ikke dialogen.")))
        raise ErrorAnswer(
            json_error(401, "invalid_token", _("Ukjent eller utløpt deltakernøkkel."))
        )
    return participant


class ParticipantIn(Schema):
    sector: str | None = Field(None, description="Rolle/sektor (slug), f.eks. «ungdom» eller «nav»")
    age_band: one_of(PARTICIPANT_AGE_BANDS) | None = None


class TokenOut(Schema):
    token: str


class ProgressOut(Schema):
    voted: int
    total: int


class StatementOut(Schema):
    id: int
    text: str
    phase: one_of(Phase)
    progress: ProgressOut


class VoteIn(Schema):
    statement: Id
    vote: Literal[participation.CHOICES]


class VoteOut(Schema):
    statement: int
    vote: str
    changed: bool


class StatementIn(Schema):
    text: str = Field(..., max_length=participation.STATEMENT_INPUT_MAX_LENGTH)
    builds_on: Id | None = None


class StatementCreatedOut(Schema):
    id: int
    text: str
    state: one_of(participation.StatementState)
    message: str


@router.post(
    "/{slug}/participants",
    response={201: TokenOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="Bli med som deltaker",
)
def dialog_participant_create(request, slug: str, payload: ParticipantIn | None = None):
    dialog = get_object_or_404(Dialog, slug=slug)
    wait = ratelimit.join_wait(request, dialog)
    if wait:
        return _rate_limited(wait)
    payload = payload or ParticipantIn()
    try:
        created = services.participant_create(
            dialog=dialog, user=request.user, sector=payload.sector, age_band=payload.age_band
        )
    except ServiceError as error:
        return service_error_response(error)
    return 201, {"token": created.token}


@router.get(
    "/{slug}/next",
    response={200: StatementOut, 204: None, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Neste utsagn å ta stilling til",
)
def dialog_next_statement(request, slug: str):
    participant = _participant(request, slug)
    if not participant.dialog.is_open():
        return service_error_response(DialogClosed())
    statement = selectors.next_statement(participant=participant)
    if statement is None:
        return HttpResponse(status=204)
    progress = selectors.participant_progress(participant=participant)
    return 200, {
        "id": statement.pk,
        "text": statement.text,
        "phase": statement.phase,
        "progress": {"voted": progress.voted, "total": progress.total},
    }


@router.post(
    "/{slug}/votes",
    response={201: VoteOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Stem på et utsagn (enig, uenig, vet ikke – eller hopp over)",
)
def dialog_vote(request, slug: str, payload: VoteIn):
    participant = _participant(request, slug)
    try:
        changed = services.vote_submit(
            participant=participant,
            statement_id=payload.statement,
            choice=payload.vote,
            counted=request.META.get(ratelimit.VOTE_COUNTED),  # by the fast lane, if it did
        )
    except VoteRateLimited as error:
        return _rate_limited(error.retry_after)
    except ServiceError as error:
        return service_error_response(error)
    return 201, {"statement": payload.statement, "vote": payload.vote, "changed": changed}


class ForgottenOut(Schema):
    statements_kept: int = Field(
        ..., description="Publiserte utsagn som står igjen, uten kobling til deltakeren"
    )


@router.delete(
    "/{slug}/participant",
    response={200: ForgottenOut, 401: ErrorOut, 404: ErrorOut},
    summary="Slett mine svar",
    description=(
        "Sletter deltakerens stemmer, det deltakeren sa om seg selv og utsagn som ikke er "
        "publisert, og glemmer deltakernøkkelen. Publiserte utsagn blir stående, anonyme."
    ),
)
def dialog_participant_delete(request, slug: str):
    participant = _participant(request, slug)
    return 200, {"statements_kept": services.participant_forget(participant=participant)}


@router.post(
    "/{slug}/statements",
    response={
        201: StatementCreatedOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Skriv et eget utsagn",
)
def dialog_statement_create(request, slug: str, payload: StatementIn):
    participant = _participant(request, slug)
    for scope, key in (
        ("statement", str(participant.pk)),
        ("statement_address", ratelimit.address_key(request)),
    ):
        if not ratelimit.hit(scope, key):
            return _rate_limited(ratelimit.retry_after(scope, key))
    try:
        statement = services.statement_submit(
            participant=participant, text=payload.text, builds_on_id=payload.builds_on
        )
    except ServiceError as error:
        return service_error_response(error)
    return 201, {
        "id": statement.pk,
        "text": statement.text,
        "state": statement.state,
        "message": services.statement_submitted_message(statement),
    }


class ResultStatementOut(Schema):
    statement: int
    text: str
    direction: str | None = None
    share: float | None = None
    n_success: int | None = None
    n_seen: int | None = None


class KeywordOut(Schema):
    word: str = Field(..., description="Ordet slik det står i utsagnene")
    statements: list[int] = Field(..., description="Utsagnene ordet står i")


class KeywordLabelOut(Schema):
    """Words that set the statements apart (TF-IDF with Norwegian stop words, no language model):
    never shown without `statements`, the quoted statements the words came from."""

    text: str = Field(..., description="Stikkordene, kommadelt; tom når ingen ord skiller seg ut")
    words: list[KeywordOut]
    statements: list[ResultStatementOut] = Field(..., description="Utsagnene ordene er hentet fra")


class GroupKeywordsOut(Schema):
    agree: KeywordLabelOut = Field(..., description="Fra utsagnene gruppen er enig i")
    disagree: KeywordLabelOut = Field(..., description="Fra utsagnene gruppen er uenig i")


class GroupOut(Schema):
    id: int
    label: str
    size: int
    representative: list[ResultStatementOut]
    keywords: GroupKeywordsOut = Field(
        ..., description="Gruppen med egne ord: stikkord fra de representative utsagnene"
    )


class GroupShareOut(Schema):
    group: int
    label: str
    seen: int
    agree_share: float | None = Field(None, description="Tom under fem stemmer")


class DivisiveOut(Schema):
    statement: int
    text: str
    divisiveness: float
    groups: list[GroupShareOut]


class SectorCellOut(Schema):
    n: int | None = None
    agree_share: float | None = None


class SectorRowOut(Schema):
    statement: int
    text: str
    cells: list[SectorCellOut]


class SectorLensOut(Schema):
    """Only what `disclosure` publishes: an empty cell is hidden so that nobody's vote can
    be worked out, also not by subtracting from the statement's totals."""

    sectors: list[NamedOut]
    rows: list[SectorRowOut]
    min_people: int


class PhaseResultOut(Schema):
    phase: one_of(Phase)
    computed_at: datetime | None
    votes_counted: int
    participants_counted: int
    groups: list[GroupOut]
    consensus_agree: list[ResultStatementOut]
    consensus_disagree: list[ResultStatementOut]
    consensus_agree_keywords: KeywordLabelOut | None = Field(
        None, description="Stikkord for det de fleste er enige om"
    )
    consensus_disagree_keywords: KeywordLabelOut | None = Field(
        None, description="Stikkord for det de fleste er uenige i"
    )
    divisive: list[DivisiveOut]
    sector_lens: SectorLensOut | None
    participation: list[dict]


class ResultsOut(Schema):
    dialog: str
    question: str
    computed_at: datetime | None
    votes_counted: int
    phases: list[PhaseResultOut]


class DialogSummaryOut(Schema):
    slug: str
    title: str
    question: str
    kind: one_of(DialogKind)
    status: one_of(participation.DialogStatus) = Field(
        ..., description="Åpner snart, åpen eller stengt"
    )
    opens_at: datetime | None
    closes_at: datetime | None
    organisation: str
    municipality: str | None = Field(None, description="Kommunenummeret")
    participants: int
    results_public: bool
    url: str = Field(..., description="Lenken deltakerne åpner")


@router.get("", response=list[DialogSummaryOut], summary="Dialogene du kan se, nyeste først")
def dialogs_list(request, page: Query[Page]):
    return [
        {
            "slug": dialog.slug,
            "title": dialog.title,
            "question": dialog.question,
            "kind": dialog.kind,
            "status": dialog.window_status(),
            "opens_at": dialog.opens_at,
            "closes_at": dialog.closes_at,
            "organisation": dialog.organisation.name,
            "municipality": dialog.municipality.number if dialog.municipality else None,
            "participants": dialog.participant_count,
            "results_public": dialog.results_public,
            "url": dialog.public_url(),
        }
        for dialog in page.of(selectors.dialog_list(user=request.user))
    ]


def _dialog_results(request, slug: str) -> Dialog:
    """The dialog in the path, if the user may see its results (the results page's rule)."""
    return permitted_object(request, "dialogs.view_results", Dialog, slug=slug)


@router.get(
    "/{slug}/results",
    response={200: ResultsOut, 403: ErrorOut, 404: ErrorOut},
    summary="Publisert analyse: grupper og konsensus med stikkord, splittende utsagn, sektorlinse",
)
def dialog_results(request, slug: str):
    dialog = _dialog_results(request, slug)
    phases = []
    for result in disclosure.dialog_results(dialog=dialog):
        analysis = result.analysis
        lens = result.sector_lens or None
        phases.append(
            {
                "phase": result.phase,
                "computed_at": analysis.computed_at if analysis else None,
                "votes_counted": analysis.votes_counted if analysis else 0,
                "participants_counted": result.participants_counted,
                "groups": result.groups,
                "consensus_agree": result.consensus_agree,
                "consensus_disagree": result.consensus_disagree,
                "consensus_agree_keywords": result.consensus_agree_keywords,
                "consensus_disagree_keywords": result.consensus_disagree_keywords,
                "divisive": result.divisive,
                "sector_lens": {
                    "sectors": lens.get("sectors", []),
                    "rows": lens.get("rows", []),
                    "min_people": lens["min_people"],
                }
                if lens
                else None,
                "participation": result.participation,
            }
        )
    computed = [p["computed_at"] for p in phases if p["computed_at"]]
    return {
        "dialog": dialog.slug,
        "question": dialog.question,
        "computed_at": max(computed) if computed else None,
        "votes_counted": sum(p["votes_counted"] for p in phases),
        "phases": phases,
    }


class OutcomeOut(Schema):
    kind: one_of(OutcomeKind)
    title: str
    text: str = Field(..., description="Hva som skjedde, eller hvorfor det ikke ble tatt videre")
    url: str = Field(
        ...,
        description="Forsøkets eller barrierens side når du kan se den, ellers svaret på "
        "dialogens side",
    )
    status: str | None = Field(
        None,
        description="Forsøkets eller barrierens status (når du kan se den), «decided» for et "
        "vedtak, «not_taken_further» for ikke tatt videre",
    )
    status_label: str = ""
    statements: list[int] = Field(..., description="De publiserte utsagnene det svarer på")
    groups: list[str] = Field(default_factory=list, description="Meningsgruppene det svarer på")
    date: date


@router.get(
    "/{slug}/outcomes",
    response={200: list[OutcomeOut], 403: ErrorOut, 404: ErrorOut},
    summary="Dette skjedde videre: forsøk, barrierer og vedtak som kom ut av dialogen",
)
def dialog_outcomes(request, slug: str):
    dialog = _dialog_results(request, slug)
    return [
        {
            "kind": outcome.kind,
            "title": outcome.title,
            "text": outcome.text,
            "url": settings.SITE_URL + outcome.target_url
            if outcome.target_url
            else selectors.outcome_url(outcome=outcome),
            "status": outcome.status,
            "status_label": str(outcome.status_label),
            "statements": [statement.pk for statement in outcome.statements.all()],
            "groups": outcome.group_labels,
            "date": outcome.decided_on,
        }
        for outcome in selectors.dialog_outcomes(dialog=dialog, user=request.user)
    ]

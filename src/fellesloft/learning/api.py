"""The learning network in the API: resources, network meetings (with their reflection
questions, group answers and tasks for those with a role in the mission), registration, and
one's own tasks – asking the same policy (learning.rules) as the pages."""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.lookups import named, one_named
from fellesloft.api.permissions import permitted_object, require
from fellesloft.api.schemas import Id, NamedOut, Page, one_of
from fellesloft.core.people import person_label
from fellesloft.learning import digest, selectors, services
from fellesloft.learning.models import MeetingQuestion, MeetingTask, NetworkMeeting, ResourceKind
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation
from fellesloft.organisations.selectors import network_people

# A login or an API key, unless an endpoint says it is open (`auth=None`).
router = Router(tags=["Læringsnettverket"], auth=STAFF_AUTH)


class ResourceOut(Schema):
    slug: str
    kind: one_of(ResourceKind)
    title: str
    publisher: str
    year: int | None
    url: str
    summary: str
    themes: list[NamedOut]


@router.get(
    "/resources",
    response=list[ResourceOut],
    auth=None,  # open, as the knowledge base
    summary="Ressursene i læringsnettverket (webinarer, rapporter …)",
)
def learning_resources(request, page: Query[Page], kind: str = ""):
    return page.of(selectors.resource_list(user=request.user, kind=kind))


class MeetingOut(Schema):
    slug: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    is_online: bool
    host_municipality: str | None = Field(None, description="Kommunenummeret")
    registrations: int
    capacity: int | None


def _meeting_row(meeting: NetworkMeeting) -> dict:
    return {
        "slug": meeting.slug,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "location": meeting.location,
        "is_online": meeting.is_online,
        "host_municipality": meeting.host_municipality.number
        if meeting.host_municipality
        else None,
        "registrations": meeting.registration_count,
        "capacity": meeting.capacity,
    }


@router.get(
    "/meetings",
    response=list[MeetingOut],
    auth=None,  # open, as the meeting calendar
    summary="Nettverkssamlingene: de som kommer først, så de som har vært",
)
def learning_meetings(request, page: Query[Page]):
    listed = [
        *selectors.meetings_upcoming(user=request.user),
        *selectors.meetings_past(user=request.user),
    ]
    return [_meeting_row(meeting) for meeting in page.of(listed)]


class GroupAnswerOut(Schema):
    group: str
    text: str


class QuestionOut(Schema):
    id: int
    text: str
    answers: list[GroupAnswerOut]


class TaskOut(Schema):
    id: int
    title: str
    meeting: str = Field(..., description="Samlingens slug")
    owner: str | None = Field(None, description="Ansvarlig person")
    organisation: str | None = Field(None, description="Ansvarlig organisasjon")
    due_date: date
    is_done: bool


def _task_row(task: MeetingTask) -> dict:
    return {
        "id": task.pk,
        "title": task.title,
        "meeting": task.meeting.slug,
        "owner": person_label(task.owner) if task.owner_id or not task.organisation_id else None,
        "organisation": task.organisation.name if task.organisation_id else None,
        "due_date": task.due_date,
        "is_done": task.is_done,
    }


class MeetingDetailOut(MeetingOut):
    agenda: str
    notes: str | None = Field(None, description="Referatet: for dem med en rolle i oppdraget")
    questions: list[QuestionOut] | None = None
    tasks: list[TaskOut] | None = None


@router.get(
    "/meetings/{slug}",
    response=MeetingDetailOut,
    auth=None,  # open; the notes only for those with a role
    summary="Én samling; referat, refleksjonsspørsmål og oppgaver for dem med en rolle",
)
def learning_meeting(request, slug: str):
    try:
        detail = selectors.meeting_detail(slug=slug, user=request.user)
    except NetworkMeeting.DoesNotExist:
        raise Http404 from None
    detail.registration_count = len(detail.registrations.all())  # prefetched already
    row = {**_meeting_row(detail), "agenda": detail.agenda}
    if request.user.has_perm("learning.view_meeting_notes", detail):
        tasks = detail.tasks.select_related("meeting", "organisation", "owner")
        row |= {
            "notes": detail.notes,
            "questions": [
                {
                    "id": question.pk,
                    "text": question.text,
                    "answers": [
                        {"group": answer.group, "text": answer.text}
                        for answer in question.group_answers.all()
                    ],
                }
                for question in detail.questions.all()
            ],
            "tasks": [_task_row(task) for task in tasks],
        }
    return row


def _meeting_for(request, slug: str, permission: str) -> NetworkMeeting:
    """A meeting the user may see, if they have `permission` on it."""
    meetings = selectors.meeting_list(user=request.user)
    return permitted_object(request, permission, meetings, slug=slug)


class RegistrationOut(Schema):
    registered: bool


def _registration(request, slug: str, registered: bool) -> dict:
    """Signs the user on to (or off) a meeting they may register for."""
    meeting = _meeting_for(request, slug, "learning.register_meeting")
    change = services.meeting_register if registered else services.meeting_unregister
    change(meeting=meeting, user=request.user)
    return {"registered": registered}


@router.post(
    "/meetings/{slug}/registration",
    response={200: RegistrationOut},
    summary="Meld meg på samlingen",
)
def learning_meeting_register(request, slug: str):
    return _registration(request, slug, registered=True)


@router.delete(
    "/meetings/{slug}/registration",
    response={200: RegistrationOut},
    summary="Meld meg av samlingen",
)
def learning_meeting_unregister(request, slug: str):
    return _registration(request, slug, registered=False)


@router.get(
    "/tasks",
    response=list[TaskOut],
    summary="Mine åpne oppgaver fra nettverkssamlingene (mine og organisasjonens)",
)
def learning_my_tasks(request):
    tasks = selectors.open_tasks_for(user=request.user).select_related("owner")
    return [_task_row(task) for task in tasks.order_by("due_date", "pk")]


class TaskDoneIn(Schema):
    is_done: bool


@router.post(
    "/tasks/{int:task_id}/done",
    response={200: TaskOut},
    summary="Marker en oppgave som utført (eller ikke)",
)
def learning_task_done(request, task_id: Id, payload: TaskDoneIn):
    tasks = MeetingTask.objects.select_related("meeting", "organisation", "owner")
    task = permitted_object(request, "learning.change_meeting_task", tasks, pk=task_id)
    services.meeting_task_set_done(task=task, is_done=payload.is_done)
    return _task_row(task)


# --- Writing at a meeting: reflection questions, the groups' answers, tasks ------------------


class QuestionIn(Schema):
    text: str = Field(..., max_length=500, description="Refleksjonsspørsmålet")


@router.post(
    "/meetings/{slug}/questions",
    response={201: QuestionOut},
    summary="Nytt refleksjonsspørsmål til samlingen (oppdragsleder)",
)
def learning_question_add(request, slug: str, payload: QuestionIn):
    meeting = _meeting_for(request, slug, "learning.add_meeting_question")
    question = services.meeting_question_add(meeting=meeting, text=payload.text)
    return 201, {"id": question.pk, "text": question.text, "answers": []}


class GroupAnswerIn(Schema):
    group: str = Field(..., max_length=100, description="For eksempel «Bord 3»")
    text: str = Field(
        ..., max_length=5000, description="Om erfaringer og tjenester, ikke om enkeltpersoner"
    )


@router.post(
    "/meetings/{slug}/questions/{int:question_id}/answers",
    response={201: GroupAnswerOut},
    summary="En gruppes svar på et refleksjonsspørsmål",
)
def learning_answer_add(request, slug: str, question_id: Id, payload: GroupAnswerIn):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), slug=slug)
    question = permitted_object(
        request,
        "learning.add_group_answer",
        MeetingQuestion.objects.select_related("meeting"),
        pk=question_id,
        meeting=meeting,
    )
    answer = services.meeting_group_answer_add(
        question=question, group=payload.group, text=payload.text, by=request.user
    )
    return 201, {"group": answer.group, "text": answer.text}


class TaskIn(Schema):
    title: str = Field(..., max_length=300)
    due_date: date
    owner: str | None = Field(
        None, max_length=254, description="E-posten til den ansvarlige i nettverket"
    )
    organisation: str | None = Field(
        None, max_length=100, description="Slug til den ansvarlige organisasjonen"
    )


@router.post(
    "/meetings/{slug}/tasks",
    response={201: TaskOut},
    summary="Ny oppgave fra samlingen, til en person, en organisasjon eller begge",
)
def learning_task_add(request, slug: str, payload: TaskIn):
    meeting = _meeting_for(request, slug, "learning.add_meeting_task")
    task = services.meeting_task_add(
        meeting=meeting,
        title=payload.title,
        due_date=payload.due_date,
        owner=one_named(network_people(), "email", payload.owner, _("person"), "owner"),
        organisation=one_named(
            Organisation, "slug", payload.organisation, _("organisasjon"), "organisation"
        ),
    )
    return 201, _task_row(task)


# --- Resources and meetings written (the mission lead, as on the pages) --------------------

ResourceKindIn = one_of(ResourceKind)


class ResourceIn(Schema):
    kind: ResourceKindIn
    title: str = Field(..., max_length=250)
    publisher: str = Field("", max_length=200)
    year: int | None = Field(None, ge=1900, le=2100)
    url: str = Field("", max_length=500, description="Lenke til ressursen")
    video_url: str = Field("", max_length=500, description="YouTube- eller Vimeo-adresse")
    summary: str = Field("", max_length=10_000)
    themes: list[str] = Field([], max_length=50, description="Slug til behovstemaene")
    questions: list[str] = Field(
        [], max_length=30, description="Refleksjonsspørsmålene (webinarer), i rekkefølge"
    )


class ResourceUpdateIn(Schema):
    """Only the fields sent are changed."""

    kind: ResourceKindIn = Field(None)
    title: str = Field(None, max_length=250)
    publisher: str = Field(None, max_length=200)
    year: int | None = Field(None, ge=1900, le=2100)
    url: str = Field(None, max_length=500)
    video_url: str = Field(None, max_length=500)
    summary: str = Field(None, max_length=10_000)
    themes: list[str] = Field(None, max_length=50)
    questions: list[str] = Field(None, max_length=30)


def _themes(keys: list[str]) -> list[NeedTheme]:
    return named(NeedTheme.objects.filter(is_active=True), "slug", keys, _("behovstema"), "themes")


@router.post(
    "/resources",
    response={201: ResourceOut},
    summary="Ny ressurs i kunnskapsbasen (oppdragsleder)",
)
def learning_resource_create(request, payload: ResourceIn):
    require(request, "learning.add_resource")
    fields = payload.dict()
    fields["themes"] = _themes(fields["themes"])
    return 201, services.resource_create(**fields)


@router.patch("/resources/{slug}", response=ResourceOut, summary="Endre en ressurs (oppdragsleder)")
def learning_resource_update(request, slug: str, payload: ResourceUpdateIn):
    resources = selectors.resource_list(user=request.user)
    resource = permitted_object(request, "learning.change_resource", resources, slug=slug)
    fields = payload.dict(exclude_unset=True)
    if "themes" in fields:
        fields["themes"] = _themes(fields["themes"] or [])
    return services.resource_update(resource=resource, **fields)


class MeetingIn(Schema):
    title: str = Field(..., max_length=200)
    starts_at: datetime
    ends_at: datetime
    location: str = Field("", max_length=200, description="Sted; tomt for et nettmøte")
    online_url: str = Field("", max_length=500, description="Lenke til nettmøtet")
    host_municipality: str | None = Field(None, max_length=4, description="Kommunenummeret")
    agenda: str = Field("", max_length=10_000)
    capacity: int | None = Field(None, ge=1, le=100_000)
    themes: list[str] = Field([], max_length=50, description="Slug til behovstemaene")


class MeetingUpdateIn(Schema):
    """Only the fields sent are changed; `notes` publishes the meeting's notes."""

    title: str = Field(None, max_length=200)
    starts_at: datetime = Field(None)
    ends_at: datetime = Field(None)
    location: str = Field(None, max_length=200)
    online_url: str = Field(None, max_length=500)
    host_municipality: str | None = Field(None, max_length=4)
    agenda: str = Field(None, max_length=10_000)
    notes: str = Field(None, max_length=50_000, description="Referatet")
    capacity: int | None = Field(None, ge=1, le=100_000)
    themes: list[str] = Field(None, max_length=50)


def _meeting_fields(fields: dict) -> dict:
    if "themes" in fields:
        fields["themes"] = _themes(fields["themes"] or [])
    if "host_municipality" in fields:
        fields["host_municipality"] = one_named(
            Municipality, "number", fields["host_municipality"], _("kommune"), "host_municipality"
        )
    return fields


def _meeting_written(meeting: NetworkMeeting) -> dict:
    meeting.registration_count = meeting.registrations.count()
    return _meeting_row(meeting)


@router.post("/meetings", response={201: MeetingOut}, summary="Ny nettverkssamling (oppdragsleder)")
def learning_meeting_create(request, payload: MeetingIn):
    require(request, "learning.add_meeting")
    meeting = services.meeting_create(**_meeting_fields(payload.dict()))
    return 201, _meeting_written(meeting)


@router.patch(
    "/meetings/{slug}",
    response=MeetingOut,
    summary="Endre en samling, eller publiser referatet (oppdragsleder)",
)
def learning_meeting_update(request, slug: str, payload: MeetingUpdateIn):
    meeting = _meeting_for(request, slug, "learning.change_meeting")
    fields = _meeting_fields(payload.dict(exclude_unset=True))
    return _meeting_written(services.meeting_update(meeting=meeting, **fields))


# --- My weekly digest ------------------------------------------------------------------------


class DigestItemOut(Schema):
    kind: str = Field(..., description="Kilden: barriere, forsøk, ressurs …")
    title: str
    url: str
    summary: str
    municipality: str | None = Field(None, description="Kommunenummeret")
    published_at: datetime


class DigestOut(Schema):
    is_subscribed: bool
    municipalities: list[str] = Field(..., description="Kommunenumrene jeg følger")
    themes: list[str] = Field(..., description="Behovstemaene jeg følger (slugs)")
    last_sent_at: datetime | None
    since: datetime = Field(..., description="Den neste oppsummeringen tar med det nye siden")
    items: list[DigestItemOut] = Field(..., description="Det den neste oppsummeringen tar med")


class DigestIn(Schema):
    is_subscribed: bool
    municipalities: list[str] = Field(
        [], max_length=400, description="Kommunenumre; ingen: kommunene til organisasjonene mine"
    )
    themes: list[str] = Field([], max_length=100, description="Behovstemaenes slugs")


def _digest(preference) -> dict:
    since = digest.digest_since(preference, timezone.now())
    return {
        "is_subscribed": preference.is_subscribed,
        "municipalities": [m.number for m in preference.municipalities.order_by("number")],
        "themes": [theme.slug for theme in preference.themes.order_by("slug")],
        "last_sent_at": preference.last_sent_at,
        "since": since,
        "items": [
            {
                "kind": item.source,
                "title": item.title,
                "url": item.url,
                "summary": item.summary,
                "municipality": item.municipality.number if item.municipality_id else None,
                "published_at": item.feed_at,
            }
            for item in selectors.digest_items(preference=preference, since=since)
        ],
    }


@router.get(
    "/digest",
    response=DigestOut,
    summary="Min ukentlige oppsummering: valgene mine og hva den neste tar med",
)
def learning_digest(request):
    return _digest(services.digest_preference_for(request.user))


@router.put(
    "/digest",
    response=DigestOut,
    summary="Meld meg på eller av, og velg kommuner og behovstema",
)
def learning_digest_update(request, payload: DigestIn):
    preference = services.digest_preference_update(
        user=request.user,
        is_subscribed=payload.is_subscribed,
        municipalities=named(
            Municipality, "number", payload.municipalities, _("kommune"), "municipalities"
        ),
        themes=named(
            NeedTheme.objects.filter(is_active=True),
            "slug",
            payload.themes,
            _("behovstema"),
            "themes",
        ),
    )
    return _digest(preference)

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
from fellesloft.api.permissions import require
from fellesloft.api.schemas import Id, NamedOut, Page
from fellesloft.core.people import person_label
from fellesloft.learning import digest, selectors, services
from fellesloft.learning.models import MeetingQuestion, MeetingTask, NetworkMeeting
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation
from fellesloft.organisations.selectors import network_people

router = Router(tags=["Læringsnettverket"])


class ResourceOut(Schema):
    slug: str
    kind: str
    title: str
    publisher: str
    year: int | None
    url: str
    summary: str
    themes: list[NamedOut]

    @staticmethod
    def resolve_themes(resource) -> list:
        return list(resource.themes.all())


@router.get(
    "/resources",
    response=list[ResourceOut],
    url_name="learning_resources",
    summary="Ressursene i læringsnettverket (webinarer, rapporter …)",
)
def resources(request, page: Query[Page], kind: str = ""):
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
    url_name="learning_meetings",
    summary="Nettverkssamlingene: de som kommer først, så de som har vært",
)
def meetings(request, page: Query[Page]):
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
    url_name="learning_meeting",
    summary="Én samling; referat, refleksjonsspørsmål og oppgaver for dem med en rolle",
)
def meeting(request, slug: str):
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


class RegistrationOut(Schema):
    registered: bool


def _meeting_to_register(request, slug: str) -> NetworkMeeting:
    found = get_object_or_404(selectors.meeting_list(user=request.user), slug=slug)
    require(request, "learning.register_meeting", found)
    return found


@router.post(
    "/meetings/{slug}/registration",
    response={200: RegistrationOut},
    auth=STAFF_AUTH,
    url_name="learning_meeting_register",
    summary="Meld meg på samlingen",
)
def register(request, slug: str):
    services.meeting_register(meeting=_meeting_to_register(request, slug), user=request.user)
    return {"registered": True}


@router.delete(
    "/meetings/{slug}/registration",
    response={200: RegistrationOut},
    auth=STAFF_AUTH,
    url_name="learning_meeting_unregister",
    summary="Meld meg av samlingen",
)
def unregister(request, slug: str):
    services.meeting_unregister(meeting=_meeting_to_register(request, slug), user=request.user)
    return {"registered": False}


@router.get(
    "/tasks",
    response=list[TaskOut],
    auth=STAFF_AUTH,
    url_name="learning_my_tasks",
    summary="Mine åpne oppgaver fra nettverkssamlingene (mine og organisasjonens)",
)
def my_tasks(request):
    tasks = selectors.open_tasks_for(user=request.user).select_related("owner")
    return [_task_row(task) for task in tasks.order_by("due_date", "pk")]


class TaskDoneIn(Schema):
    is_done: bool


@router.post(
    "/tasks/{int:task_id}/done",
    response={200: TaskOut},
    auth=STAFF_AUTH,
    url_name="learning_task_done",
    summary="Marker en oppgave som utført (eller ikke)",
)
def task_done(request, task_id: Id, payload: TaskDoneIn):
    task = get_object_or_404(
        MeetingTask.objects.select_related("meeting", "organisation", "owner"), pk=task_id
    )
    require(request, "learning.change_meeting_task", task)
    services.meeting_task_set_done(task=task, is_done=payload.is_done)
    return _task_row(task)


# --- Writing at a meeting: reflection questions, the groups' answers, tasks ------------------


def _meeting_for(request, slug: str, permission: str) -> NetworkMeeting:
    found = get_object_or_404(selectors.meeting_list(user=request.user), slug=slug)
    require(request, permission, found)
    return found


class QuestionIn(Schema):
    text: str = Field(..., max_length=500, description="Refleksjonsspørsmålet")


@router.post(
    "/meetings/{slug}/questions",
    response={201: QuestionOut},
    auth=STAFF_AUTH,
    url_name="learning_question_add",
    summary="Nytt refleksjonsspørsmål til samlingen (oppdragsleder)",
)
def question_add(request, slug: str, payload: QuestionIn):
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
    auth=STAFF_AUTH,
    url_name="learning_answer_add",
    summary="En gruppes svar på et refleksjonsspørsmål",
)
def answer_add(request, slug: str, question_id: Id, payload: GroupAnswerIn):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), slug=slug)
    question = get_object_or_404(
        MeetingQuestion.objects.select_related("meeting"), pk=question_id, meeting=meeting
    )
    require(request, "learning.add_group_answer", question)
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
    auth=STAFF_AUTH,
    url_name="learning_task_add",
    summary="Ny oppgave fra samlingen, til en person, en organisasjon eller begge",
)
def task_add(request, slug: str, payload: TaskIn):
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
    auth=STAFF_AUTH,
    url_name="learning_digest",
    summary="Min ukentlige oppsummering: valgene mine og hva den neste tar med",
)
def my_digest(request):
    return _digest(services.digest_preference_for(request.user))


@router.put(
    "/digest",
    response=DigestOut,
    auth=STAFF_AUTH,
    url_name="learning_digest_update",
    summary="Meld meg på eller av, og velg kommuner og behovstema",
)
def my_digest_update(request, payload: DigestIn):
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

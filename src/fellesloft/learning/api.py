"""The learning network in the API: resources, network meetings (with their reflection
questions, group answers and tasks for those with a role in the mission), registration, and
one's own tasks – asking the same policy (learning.rules) as the pages."""

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.permissions import require
from fellesloft.api.schemas import Id, NamedOut, Page
from fellesloft.core.people import person_label
from fellesloft.learning import selectors, services
from fellesloft.learning.models import MeetingTask, NetworkMeeting

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

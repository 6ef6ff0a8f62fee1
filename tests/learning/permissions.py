from django.utils import timezone

from fellesloft.learning import digest, services
from fellesloft.learning.models import DiscussionVisibility
from tests.learning.factories import make_discussion, make_meeting, make_resource
from tests.matrix import Case, everyone, logged_in, only
from tests.world import ROLES

MANAGERS = {"mission_lead", "superuser"}
MEMBERS_OF_ANY_ORGANISATION = {"member", "other_coordinator", "superuser"}


def extend_world(world) -> None:
    resource = make_resource("Webinar: alle skal med", questions=["Hvem faller utenfor?"])
    world.extra["resource"] = resource
    world.extra["discussion"] = make_discussion(resource, world.organisation, world.users["member"])
    # Shared with the network: seen by every role in the mission, not by visitors or users
    # without an organisation (tests/core/test_visibility.py).
    make_discussion(
        resource,
        world.other_organisation,
        world.users["other_coordinator"],
        visibility=DiscussionVisibility.SHARED,
    )
    meeting = make_meeting("Samling om eksperimenter", host_municipality=world.municipality)
    services.meeting_update(meeting=meeting, notes="Vi delte erfaringer fra første sprint.")
    world.extra["meeting"] = meeting
    world.extra["question"] = services.meeting_question_add(
        meeting=meeting, text="Hva har dere lært av første sprint?"
    )
    world.extra["task"] = services.meeting_task_add(
        meeting=meeting,
        title="Dele rutinen",
        owner=world.users["member"],
        due_date=timezone.localdate(meeting.starts_at),  # the meeting's day in Norway
    )


def _resource(world):
    return {"slug": world.resource.slug}


def _discussion(world):
    return {"pk": world.discussion.pk}


def _meeting(world):
    return {"slug": world.meeting.slug}


def _task(world):
    return {"task_id": world.task.pk}


STAFF_API = {**everyone(200), "anonymous": 401}


CASES = [
    Case("api:learning_resources", everyone(), html=False),
    Case("api:learning_meetings", everyone(), html=False),
    Case("api:learning_meeting", everyone(), kwargs=_meeting, html=False),
    Case("api:learning_meeting_register", STAFF_API, kwargs=_meeting, method="post", html=False),
    Case(
        "api:learning_meeting_unregister",
        STAFF_API,
        kwargs=_meeting,
        method="delete",
        html=False,
    ),
    Case("api:learning_my_tasks", STAFF_API, html=False),
    # A form-encoded body is not JSON: 400 for those who get that far (tests/learning/test_api).
    Case(
        "api:learning_task_done",
        {**everyone(400), "anonymous": 401},
        kwargs=_task,
        method="post",
        html=False,
    ),
    # Resources and meetings written over the API: the mission lead's, as on the pages.
    Case(
        "api:learning_resource_create",
        only(MANAGERS, 201, anonymous=401),
        method="post",
        data={"kind": "report", "title": "Rapport om frafall", "url": "https://ssb.no/r"},
        json=True,
        html=False,
    ),
    Case(
        "api:learning_resource_update",
        only(MANAGERS, 200, anonymous=401),
        kwargs=_resource,
        method="patch",
        data={"summary": "Et nytt sammendrag."},
        json=True,
        html=False,
    ),
    Case(
        "api:learning_meeting_create",
        only(MANAGERS, 201, anonymous=401),
        method="post",
        data=lambda world: {
            "title": "Samling i Namsos",
            "starts_at": "2099-03-01T10:00:00+01:00",
            "ends_at": "2099-03-01T14:00:00+01:00",
            "location": "Namsos",
        },
        json=True,
        html=False,
    ),
    Case(
        "api:learning_meeting_update",
        only(MANAGERS, 200, anonymous=401),
        kwargs=_meeting,
        method="patch",
        data={"capacity": 30},
        json=True,
        html=False,
    ),
    # The writes at a meeting and my digest, with JSON bodies: the same rules as the pages.
    Case(
        "api:learning_question_add",
        only(MANAGERS, 201, anonymous=401),
        kwargs=_meeting,
        method="post",
        data={"text": "Hva tar dere med hjem?"},
        json=True,
        html=False,
    ),
    Case(
        "api:learning_answer_add",
        {**everyone(201), "anonymous": 401},
        kwargs=lambda world: {"slug": world.meeting.slug, "question_id": world.question.pk},
        method="post",
        data={"group": "Bord 1", "text": "Vi vil prøve faste kontaktpersoner."},
        json=True,
        html=False,
    ),
    Case(
        "api:learning_task_add",
        only({"other_coordinator", *MANAGERS}, 201, anonymous=401),
        kwargs=_meeting,
        method="post",
        data=lambda world: {
            "title": "Ny oppgave",
            "owner": world.users["member"].email,
            "due_date": "2099-01-01",
        },
        json=True,
        html=False,
    ),
    Case("api:learning_digest", STAFF_API, html=False),
    Case(
        "api:learning_digest_update",
        STAFF_API,
        method="put",
        data={"is_subscribed": True, "municipalities": ["5001"]},
        json=True,
        html=False,
    ),
    Case("learning:feed", everyone()),
    Case("learning:feed_atom", everyone(), html=False),
    Case("learning:resource_list", everyone()),
    Case("learning:resource_create", only(MANAGERS)),
    Case("learning:resource_detail", everyone(), kwargs=_resource),
    Case("learning:resource_edit", only(MANAGERS), kwargs=_resource),
    Case("learning:discussion_create", only(MEMBERS_OF_ANY_ORGANISATION), kwargs=_resource),
    Case("learning:discussion_detail", only({"member", "superuser"}), kwargs=_discussion),
    Case("learning:discussion_edit", only({"member", "superuser"}), kwargs=_discussion),
    Case("learning:meeting_list", everyone()),
    Case("learning:meeting_create", only(MANAGERS)),
    Case("learning:meeting_detail", everyone(), kwargs=_meeting),
    Case("learning:meeting_edit", only(MANAGERS), kwargs=_meeting),
    Case("learning:meeting_ics", everyone(), kwargs=_meeting, html=False),
    Case("learning:meeting_register", logged_in(302), kwargs=_meeting, method="post"),
    Case(
        "learning:meeting_task_add",
        only({"coordinator", "other_coordinator", *MANAGERS}, 302),
        kwargs=_meeting,
        method="post",
        data=lambda world: {
            "title": "Ny oppgave",
            "owner": world.users["member"].pk,
            "due_date": "2099-01-01",
        },
    ),
    Case(
        "learning:meeting_question_add",
        only(MANAGERS, 302),
        kwargs=_meeting,
        method="post",
        data={"text": "Hva tar dere med hjem?"},
    ),
    Case(
        "learning:meeting_answer_add",
        only(set(ROLES) - {"anonymous", "without_organisation"}, 302),
        kwargs=lambda world: {"slug": world.meeting.slug, "pk": world.question.pk},
        method="post",
        data={"group": "Bord 1", "text": "Vi vil prøve faste kontaktpersoner."},
    ),
    Case("learning:meeting_attendance", only(MANAGERS), kwargs=_meeting),
    Case(
        "learning:meeting_task_toggle",
        only({"member", *MANAGERS}, 302),
        kwargs=lambda world: {"slug": world.meeting.slug, "pk": world.task.pk},
        method="post",
        data={"is_done": "1"},
    ),
    Case("learning:digest_settings", logged_in()),
    Case(
        "learning:digest_subscription",
        logged_in(302),
        method="post",
        data={"is_subscribed": "1", "next": "/"},
    ),
    Case(
        "learning:digest_unsubscribe",
        everyone(),
        kwargs=lambda world: {"token": digest.unsubscribe_token(world.users["member"])},
    ),
]

"""The learning network's documents in the site-wide search (see fellesloft.search.registry).

- Resources and meetings: seen by whoever may see them (learning.view_resource/_meeting).
- A meeting's notes are a section of the meeting's page with a permission of their own
  (learning.view_meeting_notes): a document of their own, so the feed can say «new notes».
- Discussions: by learning.view_discussion (the organisation's own, or shared).
"""

from django.utils.translation import gettext_lazy as _

from fellesloft.learning.models import (
    Discussion,
    DiscussionAnswer,
    MeetingTask,
    NetworkMeeting,
    ReflectionQuestion,
    Resource,
)
from fellesloft.search import SearchSource


def _discussion_answers(discussion: Discussion) -> list[str]:
    return [
        f"{answer.question.text}\n{answer.text}"
        for answer in discussion.answers.select_related("question")
        if answer.text
    ]


def _discussion_summary(discussion: Discussion) -> str:
    answers = [answer.text for answer in discussion.answers.all() if answer.text]
    return " ".join(answers)


SOURCES = [
    SearchSource(
        key="resource",
        model=Resource,
        label=_("Ressurser"),
        fields=[
            "summary",
            "publisher",
            lambda resource: resource.get_kind_display(),
            lambda resource: [question.text for question in resource.questions.all()],
        ],
        permission="learning.view_resource",
        themes=lambda resource: resource.themes.all(),
        date=lambda resource: resource.created_at,
        feed_date=lambda resource: resource.created_at,
        summary=lambda resource: (
            resource.summary
            or " · ".join(
                str(part) for part in (resource.get_kind_display(), resource.publisher) if part
            )
        ),
        queryset=lambda: Resource.objects.prefetch_related("themes", "questions"),
        depends_on={ReflectionQuestion: lambda question: [question.resource]},
    ),
    SearchSource(
        key="meeting",
        model=NetworkMeeting,
        label=_("Nettverkssamlinger"),
        fields=["location", "agenda", lambda meeting: meeting.host_municipality],
        permission="learning.view_meeting",
        municipality=lambda meeting: meeting.host_municipality,
        themes=lambda meeting: meeting.themes.all(),
        date=lambda meeting: meeting.starts_at,
        summary=lambda meeting: meeting.agenda,
        queryset=lambda: NetworkMeeting.objects.select_related(
            "host_municipality"
        ).prefetch_related("themes"),
    ),
    SearchSource(
        key="meeting_notes",
        model=NetworkMeeting,
        label=_("Referater"),
        fields=["notes", lambda meeting: [task.title for task in meeting.tasks.all()]],
        title=lambda meeting: str(_("Referat: %(title)s") % {"title": meeting.title}),
        url=lambda meeting: meeting.get_absolute_url() + "#referat",
        # A section of the meeting's page with a permission of its own.
        permission="learning.view_meeting_notes",
        include=lambda meeting: bool(meeting.notes.strip()),
        municipality=lambda meeting: meeting.host_municipality,
        themes=lambda meeting: meeting.themes.all(),
        date=lambda meeting: meeting.notes_published_at or meeting.starts_at,
        feed_date=lambda meeting: meeting.notes_published_at,
        summary=lambda meeting: meeting.notes,
        queryset=lambda: NetworkMeeting.objects.select_related(
            "host_municipality"
        ).prefetch_related("themes", "tasks"),
        depends_on={MeetingTask: lambda task: [task.meeting]},
    ),
    SearchSource(
        key="discussion",
        model=Discussion,
        label=_("Samtaler om refleksjonsspørsmål"),
        fields=["participants", _discussion_answers],
        title=lambda discussion: str(
            _("%(organisation)s om «%(resource)s»")
            % {"organisation": discussion.organisation.name, "resource": discussion.resource}
        ),
        permission="learning.view_discussion",
        municipality=lambda discussion: discussion.organisation.municipality_id,
        themes=lambda discussion: discussion.resource.themes.all(),
        date=lambda discussion: discussion.updated_at,
        feed_date=lambda discussion: discussion.updated_at if discussion.is_shared else None,
        summary=_discussion_summary,
        queryset=lambda: Discussion.objects.select_related(
            "organisation", "resource"
        ).prefetch_related("answers__question", "resource__themes"),
        depends_on={DiscussionAnswer: lambda answer: [answer.discussion]},
    ),
]

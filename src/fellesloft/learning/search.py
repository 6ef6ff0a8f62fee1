"""The learning app's own search sources, and the organisations' (see searchindex.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fellesloft.learning.models import Discussion, NetworkMeeting, Resource
from fellesloft.learning.searchindex import SearchSource, Visibility
from fellesloft.organisations.models import Organisation


def _discussion_visibility(discussion: Discussion) -> Visibility:
    if discussion.is_shared:
        return Visibility.network()
    return Visibility.restricted(organisation_id=discussion.organisation_id)


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
        model="learning.Resource",
        label=_("Ressurser"),
        fields=[
            "summary",
            "publisher",
            lambda resource: resource.get_kind_display(),
            lambda resource: [question.text for question in resource.questions.all()],
        ],
        title=lambda resource: resource.title,
        url=lambda resource: resource.get_absolute_url(),
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
        depends_on={"learning.ReflectionQuestion": lambda question: [question.resource]},
        permission="learning.view_resource",
    ),
    SearchSource(
        key="meeting",
        model="learning.NetworkMeeting",
        label=_("Nettverkssamlinger"),
        fields=["location", "agenda", lambda meeting: meeting.host_municipality],
        title=lambda meeting: meeting.title,
        url=lambda meeting: meeting.get_absolute_url(),
        municipality=lambda meeting: meeting.host_municipality,
        themes=lambda meeting: meeting.themes.all(),
        date=lambda meeting: meeting.starts_at,
        summary=lambda meeting: meeting.agenda,
        queryset=lambda: NetworkMeeting.objects.select_related(
            "host_municipality"
        ).prefetch_related("themes"),
        permission="learning.view_meeting",
    ),
    SearchSource(
        key="meeting_notes",
        model="learning.NetworkMeeting",
        label=_("Referater"),
        fields=["notes", lambda meeting: [task.title for task in meeting.tasks.all()]],
        title=lambda meeting: str(_("Referat: %(title)s") % {"title": meeting.title}),
        url=lambda meeting: meeting.get_absolute_url() + "#referat",
        visibility=lambda meeting: Visibility.network(),
        include=lambda meeting: bool(meeting.notes.strip()),
        municipality=lambda meeting: meeting.host_municipality,
        themes=lambda meeting: meeting.themes.all(),
        date=lambda meeting: meeting.notes_published_at or meeting.starts_at,
        feed_date=lambda meeting: meeting.notes_published_at,
        summary=lambda meeting: meeting.notes,
        queryset=lambda: NetworkMeeting.objects.select_related(
            "host_municipality"
        ).prefetch_related("themes", "tasks"),
        depends_on={"learning.MeetingTask": lambda task: [task.meeting]},
        permission="learning.view_meeting_notes",
    ),
    SearchSource(
        key="discussion",
        model="learning.Discussion",
        label=_("Samtaler om refleksjonsspørsmål"),
        fields=["participants", _discussion_answers],
        title=lambda discussion: str(
            _("%(organisation)s om «%(resource)s»")
            % {"organisation": discussion.organisation.name, "resource": discussion.resource}
        ),
        url=lambda discussion: discussion.get_absolute_url(),
        visibility=_discussion_visibility,
        municipality=lambda discussion: discussion.organisation.municipality_id,
        themes=lambda discussion: discussion.resource.themes.all(),
        date=lambda discussion: discussion.updated_at,
        feed_date=lambda discussion: discussion.updated_at if discussion.is_shared else None,
        summary=_discussion_summary,
        queryset=lambda: Discussion.objects.select_related(
            "organisation", "resource"
        ).prefetch_related("answers__question", "resource__themes"),
        depends_on={"learning.DiscussionAnswer": lambda answer: [answer.discussion]},
        permission="learning.view_discussion",
    ),
    SearchSource(
        key="organisation",
        model="organisations.Organisation",
        label=_("Organisasjoner"),
        fields=[
            "description",
            lambda organisation: organisation.get_kind_display(),
            lambda organisation: organisation.sector.name,
            lambda organisation: organisation.municipality,
        ],
        title=lambda organisation: organisation.name,
        url=lambda organisation: reverse(
            "organisations:detail", kwargs={"slug": organisation.slug}
        ),
        municipality=lambda organisation: organisation.municipality_id,
        date=lambda organisation: organisation.created_at,
        queryset=lambda: Organisation.objects.select_related("sector", "municipality"),
        permission="organisations.view_organisation",
    ),
]

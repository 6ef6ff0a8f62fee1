"""The learning network's section on a municipality's page: the newest items of the feed."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import ProfileSection, records
from fellesloft.learning import selectors
from fellesloft.learning.models import (
    DigestPreference,
    Discussion,
    MeetingGroupAnswer,
    MeetingRegistration,
    MeetingTask,
)


def municipality_section(*, municipality, user) -> ProfileSection | None:
    items = list(selectors.learning_feed(user=user, municipality=municipality)[:5])
    return ProfileSection(
        title=_("Nytt i læringsnettverket"),
        template="learning/profile_section.html",
        context={"items": items, "municipality": municipality},
        order=60,
    )


PERSONAL_DATA_FIELDS = (
    "learning.Discussion.created_by",
    "learning.MeetingRegistration.user",
    "learning.MeetingTask.owner",
    "learning.DigestPreference.user",
    "learning.MeetingGroupAnswer.written_by",
)


def personal_data(*, user) -> dict:

    preference = DigestPreference.objects.filter(user=user).first()
    return {
        "discussions_created": records(
            Discussion.objects.filter(created_by=user),
            "resource__title",
            "organisation__name",
            "held_on",
            "participants",
            "visibility",
            "created_at",
        ),
        "meeting_registrations": records(
            MeetingRegistration.objects.filter(user=user),
            "meeting__title",
            "attended",
            "created_at",
        ),
        "meeting_group_answers_written": records(
            MeetingGroupAnswer.objects.filter(written_by=user),
            "question__meeting__title",
            "question__text",
            "group",
            "text",
            "created_at",
        ),
        "meeting_tasks": records(
            MeetingTask.objects.filter(owner=user),
            "meeting__title",
            "title",
            "due_date",
            "is_done",
        ),
        "digest": None
        if preference is None
        else {
            "is_subscribed": preference.is_subscribed,
            "municipalities": sorted(m.name for m in preference.municipalities.all()),
            "themes": sorted(theme.name for theme in preference.themes.all()),
            "last_sent_at": preference.last_sent_at,
        },
    }

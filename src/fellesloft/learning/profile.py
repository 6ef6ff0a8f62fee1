"""The learning network's section on a municipality's page: the newest items of the feed."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import PersonalRecords, ProfileSection
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


def _digest(preferences) -> dict | None:
    preference = preferences.first()
    if preference is None:
        return None
    return {
        "is_subscribed": preference.is_subscribed,
        "municipalities": sorted(m.name for m in preference.municipalities.all()),
        "themes": sorted(theme.name for theme in preference.themes.all()),
        "last_sent_at": preference.last_sent_at,
    }


PERSONAL_DATA = (
    PersonalRecords(
        "discussions_created",
        Discussion,
        "created_by",
        columns=(
            "resource__title",
            "organisation__name",
            "held_on",
            "participants",
            "visibility",
            "created_at",
        ),
    ),
    PersonalRecords(
        "meeting_registrations",
        MeetingRegistration,
        "user",
        columns=("meeting__title", "attended", "created_at"),
    ),
    PersonalRecords(
        "meeting_group_answers_written",
        MeetingGroupAnswer,
        "written_by",
        columns=("question__meeting__title", "question__text", "group", "text", "created_at"),
    ),
    PersonalRecords(
        "meeting_tasks",
        MeetingTask,
        "owner",
        columns=("meeting__title", "title", "due_date", "is_done"),
    ),
    PersonalRecords("digest", DigestPreference, "user", present=_digest),
)

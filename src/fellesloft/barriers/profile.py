"""The municipality page's section: barriers reported by organisations in the municipality."""

from django.utils.translation import gettext_lazy as _

from fellesloft.barriers.models import (
    Barrier,
    BarrierNote,
    BarrierTransition,
    Endorsement,
    TrialApplication,
)
from fellesloft.barriers.selectors import barriers_of_municipality
from fellesloft.core.profile import PersonalRecords, ProfileSection, first_and_count

SHOWN = 5


def municipality_section(*, municipality, user) -> ProfileSection | None:
    barriers = barriers_of_municipality(municipality=municipality, user=user)
    shown, count = first_and_count(barriers, SHOWN)
    return ProfileSection(
        title=str(_("Systembarrierer")),
        template="barriers/profile_section.html",
        context={"barriers": shown, "count": count},
        order=40,
    )


PERSONAL_DATA = (
    PersonalRecords(
        "trial_applications_created",
        TrialApplication,
        "created_by",
        columns=("barrier__title", "preliminary_status", "final_status", "created_at"),
    ),
    PersonalRecords(
        "barriers_reported",
        Barrier,
        "reported_by",
        columns=("id", "title", "description", "example", "status", "created_at"),
    ),
    PersonalRecords(
        "endorsements",
        Endorsement,
        "endorsed_by",
        columns=("barrier__title", "organisation__name", "comment", "created_at"),
    ),
    PersonalRecords(
        "notes", BarrierNote, "author", columns=("barrier__title", "text", "created_at")
    ),
    PersonalRecords(
        "status_changes",
        BarrierTransition,
        "actor",
        columns=("barrier__title", "from_status", "to_status", "summary", "created_at"),
    ),
)

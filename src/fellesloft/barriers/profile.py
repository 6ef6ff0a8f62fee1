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
from fellesloft.core.profile import ProfileSection, records

SHOWN = 5


def municipality_section(*, municipality, user) -> ProfileSection | None:
    barriers = barriers_of_municipality(municipality=municipality, user=user)
    # Two queries whatever the data: the count and the top of the list.
    count = barriers.count()
    shown = list(barriers[:SHOWN]) if count else []
    return ProfileSection(
        title=str(_("Systembarrierer")),
        template="barriers/profile_section.html",
        context={"barriers": shown, "count": count},
        order=40,
    )


PERSONAL_DATA_FIELDS = (
    "barriers.Barrier.reported_by",
    "barriers.Endorsement.endorsed_by",
    "barriers.BarrierNote.author",
    "barriers.BarrierTransition.actor",
    "barriers.TrialApplication.created_by",
)


def personal_data(*, user) -> dict:

    return {
        "trial_applications_created": records(
            TrialApplication.objects.filter(created_by=user),
            "barrier__title",
            "preliminary_status",
            "final_status",
            "created_at",
        ),
        "barriers_reported": records(
            Barrier.objects.filter(reported_by=user),
            "id",
            "title",
            "description",
            "example",
            "status",
            "created_at",
        ),
        "endorsements": records(
            Endorsement.objects.filter(endorsed_by=user),
            "barrier__title",
            "organisation__name",
            "comment",
            "created_at",
        ),
        "notes": records(
            BarrierNote.objects.filter(author=user), "barrier__title", "text", "created_at"
        ),
        "status_changes": records(
            BarrierTransition.objects.filter(actor=user),
            "barrier__title",
            "from_status",
            "to_status",
            "summary",
            "created_at",
        ),
    }

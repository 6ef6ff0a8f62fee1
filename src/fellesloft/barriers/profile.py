"""The municipality page's section: barriers reported by organisations in the municipality."""

from django.utils.translation import gettext_lazy as _

from fellesloft.barriers.selectors import barriers_of_municipality
from fellesloft.core.profile import ProfileSection

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

"""The mission's section of a municipality's page: its indicators beside county and country."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import PersonalRecords, ProfileSection
from fellesloft.mission.charts import neet_chart
from fellesloft.mission.models import ImportRun
from fellesloft.mission.selectors import municipality_statistics


def municipality_section(*, municipality, user) -> ProfileSection:
    figures, neet = municipality_statistics(municipality=municipality, user=user)
    return ProfileSection(
        title=_("Tall for kommunen"),
        template="mission/profile_section.html",
        context={
            "municipality": municipality,
            "figures": figures,
            "neet": neet,
            "neet_chart": neet_chart(neet) if neet.has_own else None,
        },
        order=10,
    )


PERSONAL_DATA = (
    PersonalRecords(
        "imports",
        ImportRun,
        "user",
        columns=(
            "source",
            "file_format",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "created_at",
        ),
    ),
)

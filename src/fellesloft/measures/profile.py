"""The measures section of a municipality's page: the landscape in figures, with links."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import PersonalRecords, ProfileSection
from fellesloft.measures import selectors
from fellesloft.measures.analysis import GapStatus
from fellesloft.measures.models import Measure, MeasureImport


def municipality_section(*, municipality, user) -> ProfileSection | None:
    coverage = selectors.municipality_coverage(municipality=municipality, user=user)
    return ProfileSection(
        title=_("Tiltak for unge"),
        template="measures/profile_section.html",
        context={
            "municipality": municipality,
            "figures": coverage.figures,
            "fragmented": [theme for theme, _result in coverage.fragmented],
            "gaps": [
                (theme, [gap for gap in gaps if gap.status == GapStatus.GAP])
                for theme, gaps in coverage.gaps
                if any(gap.status == GapStatus.GAP for gap in gaps)
            ],
            "may_add": user.has_perm("measures.add_measure"),
        },
        order=40,
    )


PERSONAL_DATA = (
    PersonalRecords(
        "measures_created", Measure, "created_by", columns=("slug", "name", "created_at")
    ),
    PersonalRecords(
        "imports",
        MeasureImport,
        "created_by",
        columns=("filename", "status", "row_count", "imported_count", "created_at", "confirmed_at"),
    ),
)

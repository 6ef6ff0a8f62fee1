"""The municipality page's section: the municipality's dialogs and what they found."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import ProfileSection
from fellesloft.dialogs.selectors import dialogs_of_municipality


def municipality_section(*, municipality, user) -> ProfileSection | None:
    # Each dialog carries `may_see_results` from the results rule, in the same query.
    dialogs = dialogs_of_municipality(municipality=municipality, user=user, limit=10)
    if not dialogs:
        return None
    return ProfileSection(
        title=_("Dialoger med unge og fagfolk"),
        template="dialogs/profile_section.html",
        context={"dialogs": dialogs},
        order=40,
    )

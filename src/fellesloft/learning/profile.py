"""The learning network's section on a municipality's page: the newest items of the feed."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import ProfileSection
from fellesloft.learning import selectors


def municipality_section(*, municipality, user) -> ProfileSection | None:
    items = list(selectors.learning_feed(user=user, municipality=municipality)[:5])
    return ProfileSection(
        title=_("Nytt i læringsnettverket"),
        template="learning/profile_section.html",
        context={"items": items, "municipality": municipality},
        order=60,
    )

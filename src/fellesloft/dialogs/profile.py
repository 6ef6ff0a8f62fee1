"""The municipality page's section: the municipality's dialogs and what they found."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import PersonalRecords, ProfileSection
from fellesloft.dialogs.models import Dialog, DialogOutcome, Participant, Statement, Vote
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


# Also what the person wrote and voted as a logged-in participant (anonymous participants have
# no account: they delete their answers from their device).
PERSONAL_DATA = (
    PersonalRecords(
        "dialog_outcomes_created",
        DialogOutcome,
        "created_by",
        columns=("dialog__title", "kind", "title", "created_at"),
    ),
    PersonalRecords(
        "dialogs_created", Dialog, "created_by", columns=("slug", "title", "created_at")
    ),
    PersonalRecords(
        "participations",
        Participant,
        "user",
        columns=("dialog__slug", "dialog__title", "sector__name", "age_band", "created_at"),
    ),
    PersonalRecords(
        "statements",
        Statement,
        "author__user",
        columns=("dialog__slug", "phase", "text", "state", "created_at"),
    ),
    PersonalRecords(
        "votes",
        Vote,
        "participant__user",
        columns=("dialog__slug", "statement__text", "value", "updated_at"),
    ),
    PersonalRecords(
        "statements_moderated",
        Statement,
        "moderated_by",
        columns=("dialog__slug", "text", "state", "moderated_at"),
    ),
)

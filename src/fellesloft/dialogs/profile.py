"""The municipality page's section: the municipality's dialogs and what they found."""

from django.utils.translation import gettext as _

from fellesloft.core.profile import ProfileSection, records
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


PERSONAL_DATA_FIELDS = (
    "dialogs.Dialog.created_by",
    "dialogs.Participant.user",
    "dialogs.Statement.moderated_by",
    "dialogs.DialogOutcome.created_by",
)


def personal_data(*, user) -> dict:
    """Also what the person wrote and voted as a logged-in participant (anonymous
    participants have no account: they delete their answers from their device)."""

    participants = Participant.objects.filter(user=user)
    return {
        "dialog_outcomes_created": records(
            DialogOutcome.objects.filter(created_by=user),
            "dialog__title",
            "kind",
            "title",
            "created_at",
        ),
        "dialogs_created": records(
            Dialog.objects.filter(created_by=user), "slug", "title", "created_at"
        ),
        "participations": records(
            participants, "dialog__slug", "dialog__title", "sector__name", "age_band", "created_at"
        ),
        "statements": records(
            Statement.objects.filter(author__in=participants),
            "dialog__slug",
            "phase",
            "text",
            "state",
            "created_at",
        ),
        "votes": records(
            Vote.objects.filter(participant__in=participants),
            "dialog__slug",
            "statement__text",
            "value",
            "updated_at",
        ),
        "statements_moderated": records(
            Statement.objects.filter(moderated_by=user),
            "dialog__slug",
            "text",
            "state",
            "moderated_at",
        ),
    }

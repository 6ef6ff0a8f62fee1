"""What organisations adds to a user's own page «Min profil» (see core.profile)."""

from fellesloft.core.profile import PersonalRecords
from fellesloft.organisations.models import Invitation, Membership
from fellesloft.organisations.selectors import organisations_of_user


def user_profile_context(*, user) -> dict:
    return {"organisations": organisations_of_user(user=user)}


PERSONAL_DATA = (
    PersonalRecords(
        "invitations_sent",
        Invitation,
        "invited_by",
        columns=("organisation__name", "email", "role", "created_at", "accepted_at"),
    ),
    PersonalRecords(
        "memberships",
        Membership,
        "user",
        columns=("organisation__name", "organisation__slug", "role", "created_at"),
    ),
)

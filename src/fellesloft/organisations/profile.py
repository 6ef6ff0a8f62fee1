"""What organisations adds to a user's own page «Min profil» (see core.profile)."""

from fellesloft.core.profile import records
from fellesloft.organisations.models import Invitation
from fellesloft.organisations.selectors import organisations_of_user


def user_profile_context(*, user) -> dict:
    return {"organisations": organisations_of_user(user=user)}


PERSONAL_DATA_FIELDS = (
    "organisations.Membership.user",
    "organisations.Invitation.invited_by",
)


def personal_data(*, user) -> dict:
    return {
        "invitations_sent": records(
            Invitation.objects.filter(invited_by=user),
            "organisation__name",
            "email",
            "role",
            "created_at",
            "accepted_at",
        ),
        "memberships": records(
            user.memberships.all(), "organisation__name", "organisation__slug", "role", "created_at"
        ),
    }

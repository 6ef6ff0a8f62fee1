"""What organisations adds to a user's own page «Min profil» (see core.profile)."""

from fellesloft.core.profile import records
from fellesloft.organisations.selectors import organisations_of_user


def user_profile_context(*, user) -> dict:
    return {"organisations": organisations_of_user(user=user)}


PERSONAL_DATA_FIELDS = ("organisations.Membership.user",)


def personal_data(*, user) -> dict:
    return {
        "memberships": records(
            user.memberships.all(), "organisation__name", "organisation__slug", "role", "created_at"
        )
    }

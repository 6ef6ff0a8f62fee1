"""What organisations adds to a user's own page «Min profil» (see core.profile)."""

from fellesloft.organisations.selectors import organisations_of_user


def user_profile_context(*, user) -> dict:
    return {"organisations": organisations_of_user(user=user)}

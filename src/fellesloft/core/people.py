"""How a person is named on pages, in exports and in the API – also one whose account was
deleted on their request: their contributions stay, attributed to «slettet bruker»."""

from django.utils.translation import gettext_lazy as _

DELETED_USER = _("slettet bruker")


def person_label(user) -> str:
    """The person's name (or e-mail), or «slettet bruker» where the link is empty."""
    if user is None:
        return str(DELETED_USER)
    return str(user)

"""Every write to organisations, memberships and invitations, one module a topic.

Permission checks belong to the caller (views and API ask `has_perm`); these functions
enforce the domain's rules. Callers import from this package
(`from fellesloft.organisations import services`). Inside it the imports go one way:
`organisations` and `memberships` import no sibling, `invitations` builds on `memberships`.
"""

from fellesloft.organisations.services.invitations import (
    invitation_accept,
    invitation_accept_with_password,
    invitation_create,
    invitation_refusal,
    invitation_resend,
    invitation_revoke,
    invitations_accept_pending,
)
from fellesloft.organisations.services.memberships import (
    as_actor,
    membership_change_role,
    membership_deactivate,
    membership_reactivate,
    user_deactivate,
    user_reactivate,
)
from fellesloft.organisations.services.organisations import (
    ORGANISATION_FIELDS,
    RESERVED_SLUGS,
    organisation_create,
    organisation_update,
    unique_organisation_slug,
)

__all__ = [
    "ORGANISATION_FIELDS",
    "RESERVED_SLUGS",
    "as_actor",
    "invitation_accept",
    "invitation_accept_with_password",
    "invitation_create",
    "invitation_refusal",
    "invitation_resend",
    "invitation_revoke",
    "invitations_accept_pending",
    "membership_change_role",
    "membership_deactivate",
    "membership_reactivate",
    "organisation_create",
    "organisation_update",
    "unique_organisation_slug",
    "user_deactivate",
    "user_reactivate",
]

from tests.matrix import Case, everyone, only

MANAGERS = {"mission_lead", "superuser"}


def _organisation(world):
    return {"slug": world.organisation.slug}


def _membership(world):
    return {"slug": world.organisation.slug, "membership_id": world.memberships["member"].pk}


CASES = [
    Case("api:openapi-json", everyone(), html=False),
    Case("api:openapi-view", everyone()),
    Case("api:me_work", {**everyone(), "anonymous": 401}, html=False),
    Case("api:api-root", everyone(404), html=False),
    Case("api:municipalities", everyone(), html=False),
    Case(
        "api:municipality",
        everyone(),
        kwargs=lambda world: {"number": world.municipality.number},
        html=False,
    ),
    Case("api:organisations", everyone(), html=False),
    Case(
        "api:organisation",
        everyone(),
        kwargs=lambda world: {"slug": world.organisation.slug},
        html=False,
    ),
    # Members and invitations: for who manages the organisation's members (a coordinator of
    # it, the mission lead); the writes' POSTs are tested in tests/organisations.
    Case(
        "api:organisation_members",
        only(MANAGERS, anonymous=401),
        kwargs=_organisation,
        html=False,
    ),
    Case(
        "api:organisation_invitations",
        only(MANAGERS, anonymous=401),
        kwargs=_organisation,
        html=False,
    ),
    Case(
        "api:organisation_invitation_create",
        only(MANAGERS, anonymous=401),
        kwargs=_organisation,
        html=False,
    ),
    Case("api:organisation_member_deactivate", everyone(405), kwargs=_membership, html=False),
    Case("api:organisation_member_reactivate", everyone(405), kwargs=_membership, html=False),
    Case(
        "api:organisation_invitation_revoke",
        everyone(405),
        kwargs=lambda world: {"slug": world.organisation.slug, "invitation_id": 1},
        html=False,
    ),
]

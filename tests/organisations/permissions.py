from tests.matrix import Case, everyone, only

MANAGERS = {"mission_lead", "superuser"}


def _organisation(world):
    return {"slug": world.organisation.slug}


def _member_membership(world):
    return {"slug": world.organisation.slug, "membership_id": world.memberships["member"].pk}


def _invitation(world):
    return {"slug": world.organisation.slug, "invitation_id": world.invitation.pk}


def _invitation_link(world):
    return {"token": world.invitation_token}


CASES = [
    Case("organisations:list", everyone()),
    Case("organisations:create", only(MANAGERS)),
    Case("organisations:detail", everyone(), kwargs=_organisation),
    Case("organisations:edit", only(MANAGERS), kwargs=_organisation),
    Case("organisations:members", only(MANAGERS), kwargs=_organisation),
    Case(
        "organisations:membership_role",
        only(MANAGERS, 302),
        kwargs=_member_membership,
        method="post",
        data={"role": "member"},
    ),
    Case(
        "organisations:membership_deactivate",
        only(MANAGERS, 302),
        kwargs=_member_membership,
        method="post",
    ),
    Case(
        "organisations:membership_reactivate",
        only(MANAGERS, 302),
        kwargs=_member_membership,
        method="post",
    ),
    Case(
        "organisations:account_deactivate",
        only(MANAGERS, 302),
        kwargs=_member_membership,
        method="post",
    ),
    Case(
        "organisations:account_reactivate",
        only(MANAGERS, 302),
        kwargs=_member_membership,
        method="post",
    ),
    Case(
        "organisations:invitation_resend",
        only(MANAGERS, 302),
        kwargs=_invitation,
        method="post",
    ),
    Case(
        "organisations:invitation_revoke",
        only(MANAGERS, 302),
        kwargs=_invitation,
        method="post",
    ),
    # The link is the permission: whoever has it sees the invitation, except someone logged
    # in as another person (403); a forged link is a 404 for everyone (test_invitations.py).
    Case(
        "organisations:invitation_accept",
        {**everyone(403), "anonymous": 200},
        kwargs=_invitation_link,
    ),
    Case("organisations:municipality_list", everyone()),
    # Municipality pages' addresses before the organisations part had its prefix.
    Case("moved_municipalities", everyone(301), kwargs={"rest": ""}, html=False),
    Case(
        "organisations:municipality_detail",
        everyone(),
        kwargs=lambda world: {"number": world.municipality.number},
    ),
]


def extend_world(world) -> None:
    from fellesloft.organisations import selectors, services

    invitation = services.invitation_create(
        organisation=world.organisation,
        email="invitert@test.no",
        role="member",
        invited_by=world.users["mission_lead"],
    )
    world.extra["invitation"] = invitation
    world.extra["invitation_token"] = selectors.invitation_token(invitation)

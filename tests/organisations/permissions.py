from tests.matrix import Case, everyone, only

MANAGERS = {"mission_lead", "superuser"}


def _organisation(world):
    return {"slug": world.organisation.slug}


def _member_membership(world):
    return {"slug": world.organisation.slug, "membership_id": world.memberships["member"].pk}


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
        "organisations:membership_remove",
        only(MANAGERS, 302),
        kwargs=_member_membership,
        method="post",
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

"""A small, fixed world of organisations and one user per role, shared by the tests.

The permission matrix and the browser tests visit every page as each of these roles.
An app's `tests/<app>/permissions.py` may add its own objects with `extend_world(world)`.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser

from fellesloft.accounts.models import GlobalRole, User
from fellesloft.core.models import fill_english_names
from fellesloft.mission.models import InnovationArea, MainChallenge, NeedTheme
from fellesloft.mission.reference import ENGLISH_NAMES, load_reference_lists
from fellesloft.organisations.models import (
    County,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    OrganisationKind,
    Sector,
)
from fellesloft.organisations.reference import SECTOR_ENGLISH_NAMES, load_reference_data

PASSWORD = "riktig-hest-batteri-stift"

ROLES = ["anonymous", "member", "other_coordinator", "mission_lead", "superuser"]


def ensure_reference_data() -> None:
    """Transactional tests flush the tables a data migration filled; put them back."""
    if not Municipality.objects.exists() or not Sector.objects.exists():
        load_reference_data(County, Municipality, Sector)
        fill_english_names(Sector, SECTOR_ENGLISH_NAMES)
    if not NeedTheme.objects.exists():
        load_reference_lists(NeedTheme, MainChallenge, InnovationArea)
        for model in (NeedTheme, MainChallenge, InnovationArea):
            fill_english_names(model, ENGLISH_NAMES)


@dataclass
class World:
    municipality: Municipality
    other_municipality: Municipality
    organisation: Organisation
    other_organisation: Organisation
    users: dict[str, User | None]
    memberships: dict[str, Membership]
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["extra"][name]
        except KeyError:
            raise AttributeError(name) from None


def make_user(email: str, **fields) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0], **fields)


def build_world() -> World:
    ensure_reference_data()
    trondheim = Municipality.objects.get(number="5001")
    froya = Municipality.objects.get(number="5014")
    school = Sector.objects.get(slug="skole-oppvekst")
    nav = Sector.objects.get(slug="nav")
    organisation = Organisation.objects.create(
        name="Trondheim kommune – oppvekst (test)",
        slug="trondheim-oppvekst-test",
        kind=OrganisationKind.MUNICIPAL_SERVICE,
        sector=school,
        municipality=trondheim,
    )
    other = Organisation.objects.create(
        name="NAV Frøya (test)",
        slug="nav-froya-test",
        kind=OrganisationKind.NAV,
        sector=nav,
        municipality=froya,
    )
    member = make_user("medlem@test.no")
    coordinator = make_user("koordinator@test.no")
    other_coordinator = make_user("annen.koordinator@test.no")
    mission_lead = make_user("oppdragsleder@test.no", global_role=GlobalRole.MISSION_LEAD)
    superuser = User.objects.create_superuser("admin@test.no", PASSWORD)
    memberships = {
        "member": Membership.objects.create(
            user=member, organisation=organisation, role=MembershipRole.MEMBER
        ),
        "coordinator": Membership.objects.create(
            user=coordinator, organisation=organisation, role=MembershipRole.COORDINATOR
        ),
        "other_coordinator": Membership.objects.create(
            user=other_coordinator, organisation=other, role=MembershipRole.COORDINATOR
        ),
    }
    return World(
        municipality=trondheim,
        other_municipality=froya,
        organisation=organisation,
        other_organisation=other,
        users={
            "anonymous": None,
            "member": member,
            "coordinator": coordinator,
            "other_coordinator": other_coordinator,
            "mission_lead": mission_lead,
            "superuser": superuser,
        },
        memberships=memberships,
    )


def every_role(world: World) -> dict[str, Any]:
    """The matrix's roles (a visitor as AnonymousUser) and the roles it does not need for URLs
    but the policies distinguish: moderator, national partner, a user without organisation."""
    users: dict[str, Any] = {role: user or AnonymousUser() for role, user in world.users.items()}
    users["moderator"] = make_user("moderator@test.no", global_role=GlobalRole.MODERATOR)
    users["national_partner"] = make_user(
        "nasjonal@test.no", global_role=GlobalRole.NATIONAL_PARTNER
    )
    users["without_organisation"] = make_user("uten.organisasjon@test.no")
    return users

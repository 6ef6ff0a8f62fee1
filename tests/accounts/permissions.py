from tests.matrix import Case, everyone, logged_in, only

MISSION_LEADS = {"mission_lead", "superuser"}

CASES = [
    Case(
        "accounts:login",
        {
            **everyone(200),
            **dict.fromkeys(["member", "other_coordinator", "mission_lead", "superuser"], 302),
        },
    ),
    Case("accounts:logout", everyone(302), method="post"),
    Case("accounts:password_reset", everyone()),
    Case("accounts:password_reset_done", everyone()),
    Case(
        "accounts:password_reset_confirm",
        everyone(),
        kwargs={"uidb64": "MQ", "token": "ugyldig-lenke"},
    ),
    Case("accounts:password_reset_complete", everyone()),
    # Login with OpenID Connect (tests/settings.py configures «testidp», which never answers):
    # opened with GET the start asks to go on, a POST tries the provider, the way back without
    # a state that this browser started refuses.
    Case("openid_connect_login", everyone(), kwargs={"provider_id": "testidp"}),
    Case("openid_connect_login", everyone(503), kwargs={"provider_id": "testidp"}, method="post"),
    Case("openid_connect_callback", everyone(400), kwargs={"provider_id": "testidp"}),
    Case("accounts:password_change", logged_in()),
    Case("accounts:profile", logged_in()),
    Case("accounts:api_token_create", logged_in()),
    # Revoking someone else's key looks like a key that does not exist.
    Case(
        "accounts:api_token_revoke",
        logged_in(404),
        kwargs=lambda world: {"token_id": world.api_token.pk},
        method="post",
    ),
    # Each person downloads their own data (the address names nobody).
    Case("accounts:personal_data", logged_in(), html=False),
    Case("accounts:deletion_request", logged_in()),
    Case("accounts:deletion_withdraw", logged_in(302), method="post"),
    Case("accounts:deletion_requests", only(MISSION_LEADS)),
    Case(
        "accounts:deletion_carry_out",
        only(MISSION_LEADS),
        kwargs=lambda world: {"request_id": world.deletion_request.pk},
    ),
    Case(
        "accounts:deletion_carry_out",
        only(MISSION_LEADS, 302),
        kwargs=lambda world: {"request_id": world.deletion_request.pk},
        method="post",
        data={"confirm": "on"},
    ),
]


def extend_world(world) -> None:
    from fellesloft.accounts.models import User
    from fellesloft.accounts.services import api_token_create, user_deletion_request

    owner = User.objects.create_user("nokkeleier@test.no", "x")
    world.extra["api_token"], _raw = api_token_create(user=owner, name="Import")
    leaving = User.objects.create_user("slettes@test.no", "x", full_name="Skal Slettes")
    world.extra["deletion_request"] = user_deletion_request(user=leaving)

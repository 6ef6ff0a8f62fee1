from tests.matrix import Case, everyone, logged_in

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
]


def extend_world(world) -> None:
    from fellesloft.accounts.models import User
    from fellesloft.accounts.services import api_token_create

    owner = User.objects.create_user("nokkeleier@test.no", "x")
    world.extra["api_token"], _raw = api_token_create(user=owner, name="Import")

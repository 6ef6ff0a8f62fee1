from tests.matrix import Case, everyone, logged_in, only

CASES = [
    Case("core:home", everyone()),
    Case("core:my_work", logged_in()),
    Case("core:healthz", everyone(), html=False),
    Case("core:accessibility", everyone()),
    Case("core:privacy", everyone()),
    Case("core:audit_log", only({"mission_lead", "superuser"})),
    Case("set_language", everyone(302), method="post", data={"language": "en", "next": "/"}),
    Case(
        "admin:index",
        {
            **only({"superuser"}, anonymous=302),
            "member": 302,
            "other_coordinator": 302,
            "mission_lead": 302,
        },
        html=False,
    ),
]

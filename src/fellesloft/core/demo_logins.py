"""Shared pieces of the demo data: the demo password and the list of demo log-ins."""

DEMO_PASSWORD = "fellesloft-demo"  # noqa: S105 – a published demo password, never in production

# (e-mail, what the user can do) – printed by `make run`.
DEMO_USERS = [
    ("admin@demo.fellesloft.no", "Superbruker (alt, også /admin/)"),
    ("oppdragsleder@demo.fellesloft.no", "Oppdragsleder i regionen"),
    ("moderator@demo.fellesloft.no", "Moderator for dialoger"),
    ("nasjonal@demo.fellesloft.no", "Nasjonal partner (PRI)"),
    ("koordinator.trondheim@demo.fellesloft.no", "Koordinator, Trondheim kommune – oppvekst"),
    ("medlem.trondheim@demo.fellesloft.no", "Medlem, NAV Trondheim"),
    ("koordinator.froya@demo.fellesloft.no", "Koordinator, Frøya kommune – oppvekst"),
]


def demo_logins() -> list[tuple[str, str]]:
    return list(DEMO_USERS)

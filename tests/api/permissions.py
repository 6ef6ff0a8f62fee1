from tests.matrix import Case, everyone

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
]

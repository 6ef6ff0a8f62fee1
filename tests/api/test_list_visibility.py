"""The API's lists show, for every role, exactly the rows the policy lets that role see.

The lists of the API are a way in of their own (API keys, scripts, other systems): each list
endpoint below is asked as every role of the permission matrix's world, and what it returns
is compared with `core.policy.visible` – the filter that is one definition with the object
rule the detail pages ask (tests/core/test_visibility.py proves that side).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from fellesloft.barriers.models import Barrier
from fellesloft.core.policy import visible
from fellesloft.experiments.models import Experiment, LearningCard
from fellesloft.measures.models import Measure
from fellesloft.mission.models import Indicator
from fellesloft.organisations.models import Organisation
from tests.matrix import extend_world

# (API URL name, model, the key in each returned item, the model's field it names, and
# whether the list is the whole visible set or a documented part of it).
LISTS = [
    ("api:barriers", Barrier, "id", "pk", "all"),
    ("api:experiments_portfolio", Experiment, "id", "pk", "all"),
    # Published cards only: the API's card list is the public learning feed, for everyone.
    ("api:experiments_learning_cards", LearningCard, "id", "pk", "published"),
    ("api:measures", Measure, "slug", "slug", "active"),
    ("api:indicator_list", Indicator, "code", "code", "all"),
    ("api:organisations", Organisation, "slug", "slug", "all"),
]

PART = {
    "all": lambda queryset: queryset,
    "published": lambda queryset: queryset.filter(status="published"),
    "active": lambda queryset: queryset.filter(is_active=True),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "model", "key", "field", "part"), LISTS, ids=lambda v: v)
def test_api_list_equals_the_policy(client, world, url_name, model, key, field, part):
    extend_world(world)
    url = reverse(url_name)
    for role, user in world.users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, {"limit": 500})
        if response.status_code in (401, 403):
            assert not visible(model.objects.all(), user or AnonymousUser()).exists(), (
                f"{url_name} refuses {role}, who may see rows"
            )
            continue
        assert response.status_code == 200, (url_name, role, response.content[:200])
        shown = {item[key] for item in response.json()}
        allowed = set(
            PART[part](visible(model.objects.all(), user or AnonymousUser())).values_list(
                field, flat=True
            )
        )
        assert shown == allowed, f"{url_name} as {role}"

"""Every URL of the product, visited as every role, gives the expected status."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.matrix import ROLES, all_cases, extend_world, url_names

CASES = all_cases()


def test_every_url_pattern_has_a_case():
    covered = {case.url_name for case in CASES}
    missing = sorted(url_names() - covered)
    assert not missing, f"URL patterns without a permission case: {missing}"
    unknown = sorted(covered - url_names() - {"admin:index"})
    assert not unknown, f"Cases for URL names that do not exist: {unknown}"


def test_every_case_names_every_role():
    for case in CASES:
        assert set(case.expect) == set(ROLES), case.id


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_role_gets_expected_status(case, world, client):
    extend_world(world)
    url = reverse(case.url_name, kwargs=case.resolve_kwargs(world))
    got = {}
    for role in ROLES:
        client.logout()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        # Each role meets the same world: what one role changed is rolled back.
        with transaction.atomic():
            body = {"content_type": "application/json"} if case.json else {}
            response = getattr(client, case.method)(url, case.resolve_data(world), **body)
            transaction.set_rollback(True)
        got[role] = response.status_code
    assert got == case.expect, f"{case.id} ({url})"

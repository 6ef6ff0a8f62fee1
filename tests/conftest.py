import os

import pytest
from hypothesis import settings

from tests.world import build_world, ensure_reference_data

# In CI the property tests draw the same examples every run, so a red run can be repeated
# and a green one is not luck; on a developer's machine they keep exploring new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def reference_data(db):
    ensure_reference_data()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_as(client, world):
    """A test client logged in as one of the world's roles ("anonymous": logged out)."""

    def login(role: str):
        user = world.users[role]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login

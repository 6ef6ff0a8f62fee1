import pytest

from tests.world import build_world, ensure_reference_data


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

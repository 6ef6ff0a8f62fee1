"""Addresses published before every app had a prefix of its own still lead to the page."""

import pytest


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/indikatorer/", "/oppdraget/indikatorer/"),
        (
            "/indikatorer/neet-andel-15-29/data.csv",
            "/oppdraget/indikatorer/neet-andel-15-29/data.csv",
        ),
        ("/kommuner/", "/organisasjoner/kommuner/"),
        ("/kommuner/5001/", "/organisasjoner/kommuner/5001/"),
    ],
)
def test_old_address_redirects_permanently_to_the_same_page(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new

from django.conf import settings
from ninja.security import APIKeyCookie, HttpBearer

from fellesloft.accounts.services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """A personal API token: `Authorization: Bearer fl_…`."""

    def authenticate(self, request, token: str):
        user = api_token_authenticate(raw_key=token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session, with Django's CSRF check on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        if request.user.is_authenticated:
            return request.user
        return None


# Staff endpoints: an API key or a logged-in session. Here, not in api.py, because api.py
# mounts the apps' routers and the routers must not import it back.
STAFF_AUTH = [ApiTokenAuth(), SessionAuth()]

"""Client authentication with a signed assertion (`private_key_jwt`, RFC 7523 and OpenID
Connect Core §9), which allauth 65 lacks: it sends a client secret only. ID-porten recommends
it, and Entra ID accepts it with a certificate's key."""

import time
import uuid

import jwt
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 60  # seconds


def client_assertion(*, client_id: str, audience: str, private_key: str, key_id: str) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "jti": uuid.uuid4().hex,
        "iat": now,
        "exp": now + ASSERTION_LIFETIME,
    }
    headers = {"kid": key_id} if key_id else None
    return jwt.encode(claims, private_key, algorithm="RS256", headers=headers)


class AssertionClient(OAuth2Client):
    """allauth's client; with a private key it signs an assertion instead of sending a secret."""

    private_key = ""
    key_id = ""
    assertion_audience = ""

    def get_access_token(self, code, pkce_code_verifier=None, extra_data=None):
        if self.private_key:
            extra_data = {
                **(extra_data or {}),
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": client_assertion(
                    client_id=self.consumer_key,
                    audience=self.assertion_audience,
                    private_key=self.private_key,
                    key_id=self.key_id,
                ),
            }
        return super().get_access_token(code, pkce_code_verifier, extra_data)


class OidcAdapter(OpenIDConnectOAuth2Adapter):
    client_class = AssertionClient

    def get_client(self, request, app):
        client = super().get_client(request, app)
        client.private_key = app.settings.get("private_key") or ""
        client.key_id = app.settings.get("key_id") or ""
        if client.private_key:
            client.assertion_audience = (
                self.openid_config["issuer"]
                if app.settings.get("assertion_audience") == "issuer"
                else self.access_token_url
            )
        return client

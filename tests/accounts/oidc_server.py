"""A real OpenID provider for the tests: `oidc_provider.mjs` (npm's `oidc-provider`) started
with Node.js on a free loopback port, and a client that logs in through its login form."""

import json
import re
import select
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from fellesloft.accounts.oidc.config import providers_from_environment, socialaccount_providers

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
PROJECT_DIR = Path(__file__).resolve().parents[2]
CLIENT_ID = "fellesloft-test"
CLIENT_SECRET = "en-lang-klienthemmelighet-bare-for-testene"
# The client that authenticates with private_key_jwt, and its key.
KEY_CLIENT_ID = "fellesloft-nokkel"
KEY_ID = "testnokkel-1"


def _rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


CLIENT_KEY_PEM = _rsa_pem()
OTHER_KEY_PEM = _rsa_pem()


def _public_jwk(pem: str, kid: str) -> dict:
    public_key = serialization.load_pem_private_key(pem.encode(), password=None).public_key()
    return {**RSAAlgorithm.to_jwk(public_key, as_dict=True), "kid": kid, "alg": "RS256"}


# The provider's accounts, by the login typed into its form.
ACCOUNTS = {
    "kari": {"email": "Kari.Nordmann@Kommune.test", "email_verified": True, "name": "Kari N"},
    "uverifisert": {"email": "ulla@kommune.test", "email_verified": False, "name": "Ulla U"},
    "ny": {"email": "Ny.Person@Kommune.test", "email_verified": True, "name": "Ny Person"},
    "inaktiv": {"email": "ivar@kommune.test", "email_verified": True, "name": "Ivar I"},
    # Like Entra ID: the address in preferred_username, no e-mail claim.
    "entra": {"preferred_username": "Per@Kommune.test", "name": "Per P"},
}


def callback_uris(base_url: str, provider_ids) -> list[str]:
    return [f"{base_url}/konto/oidc/{provider_id}/tilbake/" for provider_id in provider_ids]


@contextmanager
def openid_provider(redirect_uris: list[str]):
    """Runs the provider until the block ends; gives its issuer URL."""
    node = shutil.which("node")
    if node is None or not (PROJECT_DIR / "node_modules" / "oidc-provider").exists():
        pytest.fail("OpenID-testleverandøren trenger Node.js og `npm ci`.", pytrace=False)
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": redirect_uris,
        "accounts": ACCOUNTS,
        "key_client": {"client_id": KEY_CLIENT_ID, "jwk": _public_jwk(CLIENT_KEY_PEM, KEY_ID)},
    }
    with tempfile.TemporaryDirectory() as folder:
        config_file = Path(folder) / "config.json"
        config_file.write_text(json.dumps(config))
        with (Path(folder) / "stderr.txt").open("w+") as stderr:
            process = subprocess.Popen(
                [node, str(SCRIPT), str(config_file)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                cwd=PROJECT_DIR,
            )
            try:
                ready, _, _ = select.select([process.stdout], [], [], 20)
                line = process.stdout.readline() if ready else ""
                if not line:
                    stderr.seek(0)
                    pytest.fail(f"OpenID-testleverandøren startet ikke: {stderr.read()}")
                yield json.loads(line)["issuer"]
            finally:
                process.stdin.close()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def oidc_settings(issuer: str, **providers: dict[str, str]) -> dict:
    """SOCIALACCOUNT_PROVIDERS for providers at `issuer`, through the real configuration
    parser: `oidc_settings(issuer, testidp={"NAME": "Test-ID"}, apen={"ALLOW_SIGNUP": "1"})`."""
    env = {"OIDC_PROVIDERS": ",".join(providers)}
    for provider_id, variables in providers.items():
        prefix = f"OIDC_{provider_id.upper()}_"
        env |= {prefix + "SERVER_URL": issuer, prefix + "CLIENT_ID": CLIENT_ID}
        if "PRIVATE_KEY" not in variables:
            env[prefix + "SECRET"] = CLIENT_SECRET
        env |= {prefix + key: value for key, value in variables.items()}
    return socialaccount_providers(providers_from_environment(env))


def log_in_at_provider(authorize_url: str, issuer: str, login: str) -> str:
    """Follows the authorization request at the provider, fills in its login form as `login`
    and returns the address the provider sends the browser back to (our callback)."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    for _step in range(10):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(issuer):
                return location
            response = session.get(location, allow_redirects=False, timeout=10)
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="post"', response.text)
        assert form, f"no login form at the provider: {response.status_code} {response.text}"
        response = session.post(
            urljoin(response.url, form.group(1)),
            data={"prompt": "login", "login": login, "password": "hva-som-helst"},
            allow_redirects=False,
            timeout=10,
        )
    raise AssertionError("the provider never sent the browser back")

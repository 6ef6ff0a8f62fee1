"""The fast lane for votes: `POST /api/v1/dialogs/{slug}/votes` without Django's request stack.

Votes are the one request that comes by the thousand (a school hall voting at once); the
middleware, URL resolving and schema validation that every other request goes through cost
several times the vote itself. So the WSGI application (`fellesloft/wsgi.py`) lets this intake
answer a well-formed vote that can be written – and only that – itself: it checks the host as
Django does, hands the vote to the process's group writer – which counts all the votes that
arrive together against their participants' rate limits (one round trip to the cache) and
writes the allowed ones (one statement and one commit) – and answers 201 with the API's body
and security headers.

`AsgiVoteIntake` is the same lane for gunicorn's ASGI worker (`fellesloft/asgi.py`, what
`gunicorn.conf.py` serves): a vote is answered on the event loop, without a thread of its own,
and Django – still the WSGI application, so nothing else changes – runs in a pool of threads.

Everything else goes on to Django unchanged – a missing or forged token, a closed dialog, an
unknown statement, the same vote again, a skip, malformed JSON, too many votes – and the API
endpoint (`dialogs/api.py`) gives its answer and its Norwegian message there. Passing a vote on
is always safe: a vote that was not written wrote nothing, and the same vote twice changes
nothing.
"""

import asyncio
import io
import json
import logging
import re

from a2wsgi import WSGIMiddleware
from a2wsgi.wsgi import build_environ
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import close_old_connections, connections
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import reverse

from fellesloft.api.schemas import MAX_ID
from fellesloft.core.batching import GroupWriter
from fellesloft.core.middleware import ContentSecurityPolicyMiddleware
from fellesloft.dialogs import participation, ratelimit, services
from fellesloft.dialogs.api import TOKEN_HEADER

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024
WRITE_TIMEOUT_SECONDS = 10
TOKEN_ENVIRON_KEY = "HTTP_" + TOKEN_HEADER.upper().replace("-", "_")
# The middleware that gives an API answer its security headers, applied here as in Django.
HEADER_MIDDLEWARE = (SecurityMiddleware, XFrameOptionsMiddleware, ContentSecurityPolicyMiddleware)


def _count_and_write_votes(votes: list[services.TokenVote]) -> list[tuple[bool, bool]]:
    """(allowed by the participant's rate limit, written) of each vote (`services.votes_submit`)."""
    try:
        return services.votes_submit(votes=votes)
    finally:
        # The writer thread has no requests around it, so it tidies its connection itself.
        close_old_connections()


class _EnvironRequest(HttpRequest):
    """Just enough of a request for the host check and the scheme: Django's own code for both,
    without parsing the rest of the request (like WSGIRequest, it skips HttpRequest's
    __init__, whose query dictionaries nothing here reads)."""

    def __init__(self, environ) -> None:  # noqa: PLW0231 – see above
        self.META = environ
        self.path = self.path_info = environ.get("PATH_INFO", "")

    def _get_scheme(self) -> str:
        return self.META.get("wsgi.url_scheme", "http")


class VoteIntake:
    """WSGI middleware around Django's application."""

    def __init__(self, application) -> None:
        self.application = application
        self.writer = GroupWriter(
            _count_and_write_votes,
            gather_seconds=settings.DIALOGS_VOTE_GATHER_SECONDS,
            on_stop=connections.close_all,
            name="vote-writer",
        )
        self._path: re.Pattern | None = None
        self._headers: dict[bool, list[tuple[str, str]]] = {}

    def __call__(self, environ, start_response):
        taken = self.vote_from(environ)
        if taken is not None:
            vote, name, secure = taken
            try:
                allowed, written = self.writer.submit(vote, timeout=WRITE_TIMEOUT_SECONDS)
            except Exception:
                logger.exception("The vote writer failed; Django takes the vote instead")
                written = False
            else:
                environ[ratelimit.VOTE_COUNTED] = allowed
            if written:
                body = self.answer(vote, name)
                start_response(
                    "201 Created", [*self._headers[secure], ("Content-Length", str(len(body)))]
                )
                return [body]
        return self.application(environ, start_response)

    @staticmethod
    def answer(vote: services.TokenVote, name: str) -> bytes:
        return json.dumps({"statement": vote.statement_id, "vote": name, "changed": True}).encode()

    def headers(self, secure: bool) -> list[tuple[str, str]]:
        """The answer's headers, but Content-Length (known once `vote_from` took a vote)."""
        return self._headers[secure]

    def vote_from(self, environ) -> tuple[services.TokenVote, str, bool] | None:
        """(the vote, its name, whether it came over HTTPS) when the intake may take it (see
        the module), else None."""
        slug = self._slug(environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", ""))
        if slug is None:
            return None
        body = self._read_body(environ)
        token = environ.get(TOKEN_ENVIRON_KEY, "").strip()
        if body is None or not participation.token_is_well_formed(token):
            return None
        request = _EnvironRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return None
        secure = request.is_secure()
        if settings.SECURE_SSL_REDIRECT and not secure:
            return None
        try:
            payload = json.loads(body)
        except ValueError:
            return None
        if type(payload) is not dict:
            return None
        statement, name = payload.get("statement"), payload.get("vote")
        if (
            type(statement) is not int
            or not 0 < statement <= MAX_ID
            or name not in participation.VOTE_BY_NAME
        ):
            return None  # also a skip: Django notes those, and answers 422 for a bad id
        token_hash = participation.hash_token(token)
        if secure not in self._headers:
            self._headers[secure] = self._response_headers(request)
        value = participation.VOTE_BY_NAME[name]
        return services.TokenVote(slug, token_hash, statement, value), name, secure

    def is_vote(self, method: str | None, path: str) -> bool:
        return self._slug(method, path) is not None

    def _slug(self, method: str | None, path: str) -> str | None:
        if method != "POST":
            return None
        if self._path is None:
            example = reverse("api:dialog_vote", kwargs={"slug": "SLUG"})
            before, _slug, after = example.partition("SLUG")
            self._path = re.compile(re.escape(before) + r"([-a-zA-Z0-9_]+)" + re.escape(after))
        match = self._path.fullmatch(path)
        return match[1] if match else None

    @staticmethod
    def _read_body(environ) -> bytes | None:
        """The body, read once and put back for Django; None when it is not for the intake."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if not 0 < length <= MAX_BODY_BYTES:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    @staticmethod
    def _response_headers(request) -> list[tuple[str, str]]:
        """The headers the project's middleware gives a JSON answer to such a request (they
        depend only on the settings and on whether the request came over HTTPS)."""

        def answer(_request):
            return HttpResponse(b"", status=201, content_type="application/json; charset=utf-8")

        handler = answer
        for middleware in reversed(HEADER_MIDDLEWARE):
            handler = middleware(handler)
        response = handler(request)
        return [(name, value) for name, value in response.items() if name != "Content-Length"]


class AsgiVoteIntake:
    """ASGI application: `VoteIntake`'s lane on the event loop, Django in `threads` threads.

    A vote is read, checked and answered with the WSGI intake's own code, on an environ built
    as a2wsgi builds Django's; only the wait for the group writer differs (awaited instead of
    blocking a thread). What the intake does not take goes to Django through a2wsgi, with the
    body that was read handed on and the rate limit's count with it."""

    def __init__(self, intake: VoteIntake, *, threads: int) -> None:
        self.intake = intake
        self.django = WSGIMiddleware(self._django, workers=threads)
        self._headers: dict[bool, list[tuple[bytes, bytes]]] = {}  # the intake's, as ASGI's

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http" and self.intake.is_vote(scope["method"], scope["path"]):
            await self._vote(scope, receive, send)
        else:
            await self.django(scope, receive, send)

    async def _vote(self, scope, receive, send) -> None:
        body, more_body = b"", True
        while more_body and len(body) <= MAX_BODY_BYTES:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            more_body = message.get("more_body", False)
        taken = None if more_body else self.intake.vote_from(build_environ(scope, io.BytesIO(body)))
        if taken is not None:
            allowed, written = await self._counted_and_written(taken[0])
            if allowed is not None:
                scope = {**scope, ratelimit.VOTE_COUNTED: allowed}
            if written:
                vote, name, secure = taken
                answer = self.intake.answer(vote, name)
                headers = [*self._asgi_headers(secure), (b"content-length", b"%d" % len(answer))]
                await send({"type": "http.response.start", "status": 201, "headers": headers})
                await send({"type": "http.response.body", "body": answer})
                return

        async def replay():
            nonlocal body
            if body is None:
                return await receive()
            message = {"type": "http.request", "body": body, "more_body": more_body}
            body = None
            return message

        await self.django(scope, replay, send)

    def _asgi_headers(self, secure: bool) -> list[tuple[bytes, bytes]]:
        if secure not in self._headers:
            self._headers[secure] = [
                (key.lower().encode("latin-1"), value.encode("latin-1"))
                for key, value in self.intake.headers(secure)
            ]
        return self._headers[secure]

    async def _counted_and_written(self, vote: services.TokenVote) -> tuple[bool | None, bool]:
        """(allowed by the rate limit – None when not known –, written)."""
        try:
            return await self.intake.writer.submit_async(vote, timeout=WRITE_TIMEOUT_SECONDS)
        except Exception:
            logger.exception("The vote writer failed; Django takes the vote instead")
            return None, False

    def _django(self, environ, start_response):
        """Django's application, told whether the intake counted the vote already (a server
        key of the scope: no client can set it)."""
        counted = environ["asgi.scope"].get(ratelimit.VOTE_COUNTED)
        if counted is not None:
            environ[ratelimit.VOTE_COUNTED] = counted
        return self.intake.application(environ, start_response)

    async def _lifespan(self, receive, send) -> None:
        """Start-up needs nothing; at shutdown the writer writes what it holds, then stops."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.get_running_loop().run_in_executor(None, self.intake.writer.stop)
                await send({"type": "lifespan.shutdown.complete"})
                return

"""The votes' fast lane in front of Django (`dialogs/intake.py`), called as gunicorn calls it:
each test runs against the WSGI intake and against the ASGI one (gunicorn's ASGI worker).

The intake writes from its own thread with its own database connection, so these tests
commit their data (transaction=True) instead of running inside a rolled-back transaction.
"""

import asyncio
import io
import json
import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from fellesloft.dialogs import services
from fellesloft.dialogs.intake import MAX_BODY_BYTES, AsgiVoteIntake, VoteIntake
from fellesloft.dialogs.models import Vote, VoteEvent
from fellesloft.wsgi import django_application
from tests import aio
from tests.dialogs.helpers import make_dialog

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


class Spy:
    """Django's application, noting each request that the intake passed on."""

    def __init__(self) -> None:
        self.passed_on = 0

    def __call__(self, environ, start_response):
        self.passed_on += 1
        return django_application(environ, start_response)


def lane(kind: str):
    """The intake for a WSGI or an ASGI server, with a spy on what it passes on to Django."""
    spy = Spy()
    wsgi_intake = VoteIntake(spy)
    intake = wsgi_intake if kind == "wsgi" else AsgiVoteIntake(wsgi_intake, threads=2)
    intake.spy = spy
    yield intake
    wsgi_intake.writer.stop()  # and with it the writer thread's database connection
    if kind == "asgi":
        close_connections_of(intake.django.executor, threads=2)


@pytest.fixture(params=["wsgi", "asgi"])
def intake(request):
    yield from lane(request.param)


@pytest.fixture
def asgi():
    yield from lane("asgi")


def close_connections_of(executor, *, threads: int) -> None:
    """Closes the database connection that each of the pool's threads keeps, then the pool
    (the barrier has each thread take one of the tasks)."""
    barrier = threading.Barrier(threads)

    def close():
        barrier.wait(5)
        connections.close_all()

    for future in [executor.submit(close) for _ in range(threads)]:
        future.result(10)
    executor.shutdown()


def vote_environ(slug, raw: bytes, token=None, **environ) -> dict:
    """The WSGI environ of a vote as gunicorn builds it."""
    base = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/api/v1/dialogs/{slug}/votes",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if token:
        base["HTTP_X_PARTICIPANT_TOKEN"] = token
    base.update(environ)
    return base


def call(application, slug, body, token=None, **environ):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    base = vote_environ(slug, raw, token, **environ)
    if isinstance(application, AsgiVoteIntake):
        answer, content = aio.run(call_asgi(application, base, raw))
    else:
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = int(status.split()[0])
            answer["headers"] = dict(headers)

        content = b"".join(application(base, start_response))
    is_json = answer["headers"].get("Content-Type", "").startswith("application/json")
    return answer["status"], answer["headers"], json.loads(content) if is_json else content


async def call_asgi(application, environ, body: bytes, *, disconnect=False):
    """The request of a WSGI environ as gunicorn's ASGI worker hands it on, the body in two
    parts; (status and headers, body) of the answer."""
    headers = [
        (key[5:].lower().replace("_", "-").encode("latin-1"), value.encode("latin-1"))
        for key, value in environ.items()
        if key.startswith("HTTP_")
    ]
    headers += [(b"content-type", environ["CONTENT_TYPE"].encode())]
    headers += [(b"content-length", environ["CONTENT_LENGTH"].encode())]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": environ["REQUEST_METHOD"],
        "scheme": environ["wsgi.url_scheme"],
        "path": environ["PATH_INFO"],
        "raw_path": environ["PATH_INFO"].encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": (environ["REMOTE_ADDR"], 50000),
        "server": (environ["SERVER_NAME"], int(environ["SERVER_PORT"])),
    }
    half = len(body) // 2
    messages = (
        [{"type": "http.disconnect"}]
        if disconnect
        else [
            {"type": "http.request", "body": body[:half], "more_body": True},
            {"type": "http.request", "body": body[half:], "more_body": False},
        ]
    )
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    if not sent:
        return {}, b""
    start, *bodies = sent
    answer = {
        "status": start["status"],
        "headers": {
            name.decode("latin-1").title(): value.decode("latin-1")
            for name, value in start["headers"]
        },
    }
    return answer, b"".join(message.get("body", b"") for message in bodies)


def setup(world, **fields):
    dialog = make_dialog(world, **fields)
    token = services.participant_create(dialog=dialog).token
    return dialog, token, list(dialog.statements.values_list("pk", flat=True))


def test_a_vote_is_written_and_answered_by_the_intake_with_djangos_body_and_headers(world, intake):
    dialog, token, statements = setup(world)
    status, headers, body = call(
        intake, dialog.slug, {"statement": statements[0], "vote": "agree"}, token
    )
    assert (status, body) == (201, {"statement": statements[0], "vote": "agree", "changed": True})
    assert intake.spy.passed_on == 0
    vote = Vote.objects.get()
    assert (vote.statement_id, vote.value, vote.dialog_id) == (statements[0], 1, dialog.pk)
    assert VoteEvent.objects.filter(statement_id=statements[0], value=1).count() == 1

    # The same request through Django gives the same answer, headers included.
    django_status, django_headers, django_body = call(
        django_application, dialog.slug, {"statement": statements[1], "vote": "agree"}, token
    )
    assert (django_status, django_body["changed"]) == (201, True)
    ignored = {"Content-Length", "Vary", "Content-Language"}
    assert {k: v for k, v in headers.items() if k not in ignored} == {
        k: v for k, v in django_headers.items() if k not in ignored
    }
    assert headers["Content-Length"] == str(len(json.dumps(body)))


def test_a_changed_vote_is_written_again_and_logged(world, intake):
    dialog, token, statements = setup(world)
    for value in ("agree", "disagree", "pass"):
        status, _headers, body = call(
            intake, dialog.slug, {"statement": statements[0], "vote": value}, token
        )
        assert (status, body["vote"]) == (201, value)
    assert Vote.objects.get().value == 0
    assert list(VoteEvent.objects.order_by("pk").values_list("value", flat=True)) == [1, -1, 0]
    assert intake.spy.passed_on == 0


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("no token", 401, "missing_token"),
        ("forged token", 401, "invalid_token"),
        ("unknown dialog", 404, "not_found"),
        ("other dialog's statement", 400, "unknown_statement"),
        ("unknown statement", 400, "unknown_statement"),
        ("closed dialog", 409, "dialog_closed"),
        ("not yet open", 409, "dialog_closed"),
        ("invalid vote", 422, "invalid"),
        ("statement as text", 201, None),
        ("malformed JSON", 400, "invalid_json"),
        ("a list", 422, "invalid"),
        ("skip", 201, None),
    ],
)
def test_everything_but_a_writable_vote_goes_on_to_django(world, intake, case, status, code):
    dialog, token, statements = setup(world)
    other, _other_token, other_statements = setup(world, title="En annen dialog")
    slug, body = dialog.slug, {"statement": statements[0], "vote": "agree"}
    if case == "no token":
        token = None
    elif case == "forged token":
        token = "forfalsket"
    elif case == "unknown dialog":
        slug = "finnes-ikke"
    elif case == "other dialog's statement":
        body["statement"] = other_statements[0]
    elif case == "unknown statement":
        body["statement"] = 10**12
    elif case == "closed dialog":
        services.dialog_close(dialog=dialog)
    elif case == "not yet open":
        dialog.opens_at = timezone.now() + timedelta(hours=1)
        dialog.save(update_fields=["opens_at"])
    elif case == "invalid vote":
        body["vote"] = "kanskje"
    elif case == "statement as text":
        body["statement"] = str(statements[0])  # Django's schema accepts it; the intake not
    elif case == "malformed JSON":
        body = b'{"statement": '
    elif case == "a list":
        body = [1, 2]
    elif case == "skip":
        body["vote"] = "skip"
    answer_status, _headers, answer = call(intake, slug, body, token)
    assert intake.spy.passed_on == 1
    assert answer_status == status
    if code:
        assert answer["error"]["code"] == code
        assert answer["error"]["message"]
        assert not Vote.objects.exists() and not VoteEvent.objects.exists()
    written = Vote.objects.filter(participant__dialog=dialog).count()
    assert written == (1 if case == "statement as text" else 0)


def test_the_same_vote_again_is_answered_by_django_as_unchanged(world, intake):
    dialog, token, statements = setup(world)
    body = {"statement": statements[0], "vote": "agree"}
    assert call(intake, dialog.slug, body, token)[0] == 201
    status, _headers, answer = call(intake, dialog.slug, body, token)
    assert (status, answer["changed"]) == (201, False)
    assert intake.spy.passed_on == 1
    assert VoteEvent.objects.count() == 1


def test_a_host_that_is_not_allowed_goes_to_django(world, intake):
    dialog, token, statements = setup(world)
    status, _headers, _answer = call(
        intake,
        dialog.slug,
        {"statement": statements[0], "vote": "agree"},
        token,
        HTTP_HOST="angriper.example",
    )
    assert status == 400 and intake.spy.passed_on == 1
    assert not Vote.objects.exists()


def test_the_rate_limit_counts_each_vote_once_whichever_lane_answers(world, intake, settings):
    # A window of ~12 days: the four votes cannot fall into two windows (as at a minute's end).
    settings.DIALOGS_RATE_LIMITS = {"vote": (3, 10**6)}
    dialog, token, statements = setup(world)
    answers = [
        call(intake, dialog.slug, {"statement": statements[0], "vote": "agree"}, token),
        # The same vote again goes on to Django, which must not count it a second time.
        call(intake, dialog.slug, {"statement": statements[0], "vote": "agree"}, token),
        call(intake, dialog.slug, {"statement": statements[1], "vote": "agree"}, token),
        call(intake, dialog.slug, {"statement": statements[2], "vote": "agree"}, token),
    ]
    assert [status for status, _h, _a in answers] == [201, 201, 201, 429]
    assert answers[3][2]["error"]["code"] == "rate_limited"
    assert "Retry-After" in answers[3][1]
    assert Vote.objects.count() == 2


def test_requests_that_are_not_votes_go_to_django(world, intake):
    dialog, token, _statements = setup(world)
    status, _headers, answer = call(
        intake,
        dialog.slug,
        {},
        token,
        REQUEST_METHOD="GET",
        PATH_INFO=f"/api/v1/dialogs/{dialog.slug}/next",
        CONTENT_LENGTH="0",
    )
    assert status == 200 and answer["text"]
    assert intake.spy.passed_on == 1


def test_a_vote_longer_than_the_intake_reads_reaches_django_whole(world, asgi):
    dialog, token, statements = setup(world)
    body = json.dumps({"statement": statements[0], "vote": "agree"}).encode()
    padded = body[:-1] + b" " * MAX_BODY_BYTES + b"}"
    status, _headers, answer = call(asgi, dialog.slug, padded, token)
    assert (status, answer["changed"]) == (201, True)
    assert asgi.spy.passed_on == 1
    assert Vote.objects.get().statement_id == statements[0]


def test_a_client_that_leaves_before_its_vote_arrives_gets_no_answer(world, asgi):
    dialog, token, _statements = setup(world)
    environ = vote_environ(dialog.slug, b"{}", token)
    assert aio.run(call_asgi(asgi, environ, b"", disconnect=True)) == ({}, b"")
    assert asgi.spy.passed_on == 0 and not Vote.objects.exists()


def test_votes_arriving_together_on_one_event_loop_are_all_written(world, asgi):
    dialog, token, statements = setup(world)

    async def vote_on_all():
        bodies = [
            json.dumps({"statement": statement, "vote": "disagree"}).encode()
            for statement in statements
        ]
        return await asyncio.gather(
            *[call_asgi(asgi, vote_environ(dialog.slug, raw, token), raw) for raw in bodies]
        )

    answers = aio.run(vote_on_all())
    assert [answer["status"] for answer, _body in answers] == [201] * len(statements)
    assert asgi.spy.passed_on == 0
    assert sorted(Vote.objects.values_list("statement_id", flat=True)) == sorted(statements)


def test_at_shutdown_the_writer_writes_what_it_holds_and_stops(world, asgi):
    messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent = []

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message["type"])

    dialog, token, statements = setup(world)
    assert call(asgi, dialog.slug, {"statement": statements[0], "vote": "agree"}, token)[0] == 201
    aio.run(asgi({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert asgi.intake.writer._queue is None  # the thread has ended
    assert Vote.objects.count() == 1

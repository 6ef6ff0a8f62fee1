"""The votes' fast lane in front of Django (`dialogs/intake.py`), called as gunicorn calls it.

The intake writes from its own thread with its own database connection, so these tests
commit their data (transaction=True) instead of running inside a rolled-back transaction.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from fellesloft.dialogs import services
from fellesloft.dialogs.intake import VoteIntake
from fellesloft.dialogs.models import Vote, VoteEvent
from fellesloft.wsgi import django_application
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


@pytest.fixture
def intake():
    intake = VoteIntake(Spy())
    yield intake
    intake.writer.stop()  # and with it the writer thread's database connection


def call(application, slug, body, token=None, **environ):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
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
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    content = b"".join(application(base, start_response))
    is_json = answer["headers"].get("Content-Type", "").startswith("application/json")
    return answer["status"], answer["headers"], json.loads(content) if is_json else content


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
    assert intake.application.passed_on == 0
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
    assert intake.application.passed_on == 0


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
    assert intake.application.passed_on == 1
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
    assert intake.application.passed_on == 1
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
    assert status == 400 and intake.application.passed_on == 1
    assert not Vote.objects.exists()


def test_the_rate_limit_counts_each_vote_once_whichever_lane_answers(world, intake, settings):
    settings.DIALOGS_RATE_LIMITS = {"vote": (3, 60)}
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
    assert intake.application.passed_on == 1

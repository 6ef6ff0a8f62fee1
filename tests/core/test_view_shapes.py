"""The shapes every app's views share (core.views): who gets what from `requires`, and what a
form page and a small POST action say."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.views import form_page, post_form_action, requires
from fellesloft.organisations.forms import MembershipRoleForm

PERMISSION = "tests.open_thing"


@pytest.fixture
def open_thing_permission():
    # The object in the URL says whether it may be opened: like a published learning card.
    rules.add_perm(PERMISSION, rules.predicate(lambda user, obj: obj == "open"))
    yield
    rules.remove_perm(PERMISSION)


def _request(user, method: str = "get", data=None):
    request = getattr(RequestFactory(), method)("/ting/", data or {})
    SessionMiddleware(lambda request: None).process_request(request)
    request._messages = FallbackStorage(request)
    request.user = user
    return request


def _view(**options):
    @requires(PERMISSION, fn=lambda request, state: state, **options)
    def view(request, state):
        return HttpResponse("ok")

    return view


@pytest.mark.parametrize(
    ("visitors", "open_status", "closed_status"),
    [(None, 302, 302), ("sent_to_login", 200, 302), ("refused", 200, 403)],
)
def test_a_visitor_meets_the_declared_page(
    open_thing_permission, visitors, open_status, closed_status
):
    view = _view(visitors=visitors)

    def status(state):
        try:
            return view(_request(AnonymousUser()), state=state).status_code
        except PermissionDenied:
            return 403

    assert (status("open"), status("closed")) == (open_status, closed_status)


@pytest.mark.parametrize("visitors", [None, "sent_to_login", "refused"])
def test_a_logged_in_user_is_refused_with_403(open_thing_permission, django_user_model, visitors):
    user = django_user_model.objects.create_user(email="a@example.no", password="x")
    view = _view(visitors=visitors)
    assert view(_request(user), state="open").status_code == 200
    with pytest.raises(PermissionDenied):
        view(_request(user), state="closed")


def test_a_post_only_page_answers_405_to_other_methods_before_the_permission(
    open_thing_permission, django_user_model
):
    user = django_user_model.objects.create_user(email="b@example.no", password="x")
    view = _view(post_only=True)
    assert view(_request(user), state="closed").status_code == 405
    assert view(_request(user, "post"), state="open").status_code == 200


def test_the_object_is_loaded_once_and_handed_to_the_view_with_the_arguments_it_names(
    open_thing_permission, django_user_model
):
    loads = []

    def load(request, state, number):
        loads.append((state, number))
        return state

    @requires(PERMISSION, fn=load)
    def with_number(request, thing, number):
        return HttpResponse(f"{thing} {number}")

    @requires(PERMISSION, fn=load)
    def without(request, thing):
        return HttpResponse(thing)

    @requires(PERMISSION, fn=load)
    def with_all(request, thing, **url_arguments):
        return HttpResponse(f"{thing} {sorted(url_arguments)}")

    user = django_user_model.objects.create_user(email="a@example.no", password="x")
    answers = [
        view(_request(user), state="open", number=7).content.decode()
        for view in (with_number, without, with_all)
    ]
    assert answers == ["open 7", "open", "open ['number', 'state']"]
    assert loads == [("open", 7)] * 3
    with pytest.raises(PermissionDenied):
        with_number(_request(user), state="closed", number=7)
    assert len(loads) == 4


def test_a_service_error_goes_onto_the_field_the_form_page_names(db):
    def refuse(form):
        raise ServiceError("Rollen kan ikke endres nå.", field="something_else")

    request = _request(AnonymousUser(), "post", {"role": "member"})
    form = MembershipRoleForm(request.POST)
    response = form_page(
        request, form, "core/privacy.html", save=refuse, then="/", error_field="role"
    )
    assert response.status_code == 200
    assert form.errors == {"role": ["Rollen kan ikke endres nå."]}


def test_an_invalid_small_form_shows_its_own_errors_unless_told_what_to_say(db):
    request = _request(AnonymousUser(), "post")
    assert not post_form_action(request, MembershipRoleForm({}), lambda data: None, done="Ja")
    assert not post_form_action(
        request, MembershipRoleForm({}), lambda data: None, done="Ja", invalid="Velg en rolle."
    )
    said = [str(message) for message in get_messages(request)]
    assert len(said) == 2
    assert said[1] == "Velg en rolle."
    assert said[0] != said[1]  # the form's own «required» error

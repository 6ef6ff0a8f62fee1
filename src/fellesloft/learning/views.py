from django.conf import settings
from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from icalendar import Calendar, Event

from fellesloft.accounts.models import User
from fellesloft.core.downloads import download
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import editable_copy, list_filters
from fellesloft.core.middleware import POLICY
from fellesloft.core.policy import visible_object_or_404
from fellesloft.core.views import form_page, page_of, post_form_action, requires
from fellesloft.learning import digest, selectors, services
from fellesloft.learning.forms import (
    AttendanceForm,
    DigestPreferenceForm,
    DiscussionForm,
    FeedFilterForm,
    GroupAnswerForm,
    MeetingForm,
    MeetingQuestionForm,
    MeetingTaskForm,
    ResourceFilterForm,
    ResourceForm,
)
from fellesloft.learning.models import (
    Discussion,
    MeetingQuestion,
    MeetingTask,
    NetworkMeeting,
    Resource,
)
from fellesloft.search.registry import source_labels

PAGE_SIZE = 20


# --- The objects a URL names, for the declared permissions -----------------------------------


def _resource(request, slug: str) -> Resource:
    return get_object_or_404(Resource, slug=slug)


def _discussion(request, pk: int) -> Discussion:
    return get_object_or_404(
        Discussion.objects.select_related("resource", "organisation", "created_by"), pk=pk
    )


def _meeting(request, slug: str) -> NetworkMeeting:
    return get_object_or_404(NetworkMeeting, slug=slug)


def _task(request, slug: str, pk: int) -> MeetingTask:
    return get_object_or_404(
        MeetingTask.objects.select_related("meeting"), pk=pk, meeting__slug=slug
    )


# --- The learning feed ---------------------------------------------------------------------


def _label(page) -> None:
    labels = source_labels()
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.label = labels.get(item.source, item.source)


def feed(request):
    form, filters = list_filters(request, FeedFilterForm)
    items = selectors.learning_feed(
        user=request.user, municipality=filters.get("kommune"), theme=filters.get("tema")
    )
    page = page_of(request, items, PAGE_SIZE)
    _label(page)
    return render(
        request,
        "learning/feed.html",
        {
            "form": form,
            "page": page,
            "upcoming": selectors.meetings_upcoming(user=request.user)[:3],
            "atom_query": request.GET.urlencode(),
        },
    )


# --- Resources --------------------------------------------------------------------------------


def resource_list(request):
    form, filters = list_filters(request, ResourceFilterForm)
    resources = selectors.resource_list(
        user=request.user, kind=filters.get("type", ""), theme=filters.get("tema")
    )
    return render(
        request,
        "learning/resource_list.html",
        {
            "form": form,
            "resources": resources,
            "may_add": request.user.has_perm("learning.add_resource"),
        },
    )


def resource_detail(request, slug: str):
    resource = visible_object_or_404(
        Resource.objects.prefetch_related("themes", "questions"), request.user, slug=slug
    )
    embed = services.video_embed(resource.video_url)
    # The third-party player is loaded only after the visitor asked for it (?video=vis).
    show_video = embed is not None and request.GET.get("video") == "vis"
    discussions = selectors.discussions_visible_to(user=request.user, resource=resource)
    response = render(
        request,
        "learning/resource_detail.html",
        {
            "resource": resource,
            "embed_url": embed[0] if show_video else None,
            "video_host": ("Vimeo" if "vimeo" in embed[1] else "YouTube") if embed else None,
            "discussions": discussions,
            "may_discuss": resource.questions.all()
            and request.user.has_perm("learning.add_discussion"),
            "may_change": request.user.has_perm("learning.change_resource", resource),
        },
    )
    if show_video:
        response.headers["Content-Security-Policy"] = POLICY.replace(
            "frame-src 'self'", f"frame-src 'self' {embed[1]}"
        )
    return response


@requires("learning.add_resource")
def resource_create(request):
    form = ResourceForm(request.POST or None)
    return form_page(
        request,
        form,
        "learning/resource_form.html",
        save=lambda form: services.resource_create(**form.service_data()),
        message=_("Ressursen er lagt til."),
    )


@requires("learning.change_resource", fn=_resource)
def resource_edit(request, resource: Resource):
    form = ResourceForm(request.POST or None, instance=editable_copy(resource))
    return form_page(
        request,
        form,
        "learning/resource_form.html",
        {"resource": resource},
        save=lambda form: services.resource_update(resource=resource, **form.service_data()),
        message=_("Endringene er lagret."),
    )


# --- The discussion guide ---------------------------------------------------------------------


def _discussion_fields(form) -> dict:
    """What the discussion form gives the services, whether it makes or edits one."""
    data = form.cleaned_data
    return {
        "held_on": data["held_on"],
        "participants": data["participants"],
        "visibility": data["visibility"],
        "answers": form.answers(),
    }


@requires("learning.add_discussion", fn=_resource)
def discussion_create(request, resource: Resource):
    if not resource.questions.exists():
        raise Http404
    form = DiscussionForm(
        request.POST or None,
        resource=resource,
        user=request.user,
        initial={"held_on": timezone.localdate()},
    )
    return form_page(
        request,
        form,
        "learning/discussion_form.html",
        {"resource": resource},
        save=lambda form: services.discussion_create(
            resource=resource,
            organisation=form.cleaned_data["organisation"],
            user=request.user,
            **_discussion_fields(form),
        ),
        message=_("Svarene er lagret."),
    )


@requires("learning.view_discussion", fn=_discussion)
def discussion_detail(request, discussion: Discussion):
    return render(
        request,
        "learning/discussion_detail.html",
        {
            "discussion": discussion,
            "answers": discussion.answers.select_related("question"),
            "may_change": request.user.has_perm("learning.change_discussion", discussion),
        },
    )


@requires("learning.change_discussion", fn=_discussion)
def discussion_edit(request, discussion: Discussion):
    initial = {
        **model_to_dict(discussion, fields=("held_on", "participants", "visibility")),
        **{f"question_{answer.question_id}": answer.text for answer in discussion.answers.all()},
    }
    form = DiscussionForm(
        request.POST or None,
        resource=discussion.resource,
        user=request.user,
        with_organisation=False,
        initial=initial,
    )
    return form_page(
        request,
        form,
        "learning/discussion_form.html",
        {"resource": discussion.resource, "discussion": discussion},
        save=lambda form: services.discussion_update(
            discussion=discussion, **_discussion_fields(form)
        ),
        message=_("Endringene er lagret."),
    )


# --- Network meetings -------------------------------------------------------------------------


def meeting_list(request):
    return render(
        request,
        "learning/meeting_list.html",
        {
            "upcoming": selectors.meetings_upcoming(user=request.user),
            "past": page_of(request, selectors.meetings_past(user=request.user), PAGE_SIZE),
            "may_add": request.user.has_perm("learning.add_meeting"),
            "my_tasks": selectors.open_tasks_for(user=request.user)
            if request.user.is_authenticated
            else None,
        },
    )


def meeting_detail(request, slug: str):
    user = request.user
    try:
        meeting = selectors.meeting_detail(slug=slug, user=user)
    except NetworkMeeting.DoesNotExist:
        raise Http404 from None
    may_see_notes = user.has_perm("learning.view_meeting_notes", meeting)
    registrations = list(meeting.registrations.all())
    return render(
        request,
        "learning/meeting_detail.html",
        {
            "meeting": meeting,
            "is_past": meeting.ends_at < timezone.now(),
            "may_see_notes": may_see_notes,
            "registrations": registrations if may_see_notes else None,
            "registration_count": len(registrations),
            "is_registered": user.is_authenticated
            and any(registration.user_id == user.pk for registration in registrations),
            "may_register": user.has_perm("learning.register_meeting", meeting),
            "may_change": user.has_perm("learning.change_meeting", meeting),
            "may_add_task": user.has_perm("learning.add_meeting_task", meeting),
            "task_form": MeetingTaskForm(),
            "attended_count": sum(1 for item in registrations if item.attended),
            "may_record_attendance": user.has_perm("learning.record_attendance", meeting),
            # Each question has its own answer form, with ids of its own.
            "questions": [
                (question, GroupAnswerForm(auto_id=f"svar-{question.pk}-%s"))
                for question in meeting.questions.all()
            ]
            if may_see_notes
            else [],
            "may_add_question": user.has_perm("learning.add_meeting_question", meeting),
            "question_form": MeetingQuestionForm(),
            "may_answer": user.has_perm("learning.add_group_answer"),
            "tasks": [
                (task, user.has_perm("learning.change_meeting_task", task))
                for task in meeting.tasks.select_related("owner", "organisation")
            ]
            if may_see_notes
            else [],
        },
    )


@requires("learning.add_meeting")
def meeting_create(request):
    def create(form):
        data = dict(form.cleaned_data)
        data.pop("notes", None)  # a meeting gets its notes after it was held
        return services.meeting_create(**data)

    return form_page(
        request,
        MeetingForm(request.POST or None),
        "learning/meeting_form.html",
        save=create,
        message=_("Samlingen er opprettet."),
    )


@requires("learning.change_meeting", fn=_meeting)
def meeting_edit(request, meeting: NetworkMeeting):
    form = MeetingForm(request.POST or None, instance=editable_copy(meeting))
    return form_page(
        request,
        form,
        "learning/meeting_form.html",
        {"meeting": meeting},
        save=lambda form: services.meeting_update(meeting=meeting, **form.cleaned_data),
        message=_("Endringene er lagret."),
    )


def meeting_ics(request, slug: str):
    meeting = visible_object_or_404(
        NetworkMeeting.objects.select_related("host_municipality"), request.user, slug=slug
    )
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    calendar = Calendar()
    calendar.add("prodid", "-//Fellesløft//Læringsnettverk//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"nettverkssamling-{meeting.pk}@fellesloft")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", meeting.location or meeting.online_url)
    event.add("description", "\n\n".join(part for part in (meeting.agenda, url) if part))
    event.add("url", url)
    event.add("last-modified", meeting.updated_at)
    calendar.add_component(event)
    return download(calendar.to_ical(), "text/calendar; charset=utf-8", f"{meeting.slug}.ics")


@requires("learning.register_meeting", fn=_meeting, post_only=True)
def meeting_register(request, meeting: NetworkMeeting):
    try:
        if request.POST.get("action") == "avmeld":
            services.meeting_unregister(meeting=meeting, user=request.user)
            messages.success(request, _("Du er meldt av."))
        else:
            services.meeting_register(meeting=meeting, user=request.user)
            messages.success(request, _("Du er påmeldt."))
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(meeting)


@requires("learning.add_meeting_task", fn=_meeting, post_only=True)
def meeting_task_add(request, meeting: NetworkMeeting):
    post_form_action(
        request,
        MeetingTaskForm(request.POST),
        lambda data: services.meeting_task_add(meeting=meeting, **data),
        done=_("Oppgaven er lagt til."),
    )
    return redirect(f"{meeting.get_absolute_url()}#oppgaver")


def _question(request, slug: str, pk: int) -> MeetingQuestion:
    return get_object_or_404(
        MeetingQuestion.objects.select_related("meeting"), pk=pk, meeting__slug=slug
    )


@requires("learning.add_meeting_question", fn=_meeting, post_only=True)
def meeting_question_add(request, meeting: NetworkMeeting):
    post_form_action(
        request,
        MeetingQuestionForm(request.POST),
        lambda data: services.meeting_question_add(meeting=meeting, **data),
        done=_("Spørsmålet er lagt til."),
    )
    return redirect(f"{meeting.get_absolute_url()}#refleksjon")


@requires("learning.add_group_answer", fn=_question, post_only=True)
def meeting_answer_add(request, question: MeetingQuestion):
    post_form_action(
        request,
        GroupAnswerForm(request.POST),
        lambda data: services.meeting_group_answer_add(question=question, by=request.user, **data),
        done=_("Gruppens svar er lagret."),
    )
    return redirect(f"{question.meeting.get_absolute_url()}#refleksjon")


@requires("learning.record_attendance", fn=_meeting)
def meeting_attendance(request, meeting: NetworkMeeting):
    registrations = list(meeting.registrations.select_related("user"))
    return form_page(
        request,
        AttendanceForm(request.POST or None, registrations=registrations),
        "learning/meeting_attendance.html",
        {"meeting": meeting, "registrations": registrations},
        save=lambda form: services.meeting_attendance_set(
            meeting=meeting, attended_user_ids=form.cleaned_data["attended"]
        ),
        then=meeting.get_absolute_url(),
        message=_("Oppmøtet er lagret."),
    )


@requires("learning.change_meeting_task", fn=_task, post_only=True)
def meeting_task_toggle(request, task: MeetingTask):
    services.meeting_task_set_done(task=task, is_done=request.POST.get("is_done") == "1")
    messages.success(request, _("Oppgaven er oppdatert."))
    return redirect(f"{task.meeting.get_absolute_url()}#oppgaver")


# --- The weekly digest ------------------------------------------------------------------------


def _subscription_message(is_subscribed: bool) -> str:
    if is_subscribed:
        return _("Du får en oppsummering på e-post hver uke.")
    return _("Du får ikke lenger ukentlig oppsummering.")


@requires()
def digest_settings(request):
    preference = services.digest_preference_for(request.user)
    form = DigestPreferenceForm(
        request.POST or None,
        initial={
            "is_subscribed": preference.is_subscribed,
            "municipalities": preference.municipalities.all(),
            "themes": preference.themes.all(),
        },
    )
    return form_page(
        request,
        form,
        "learning/digest_settings.html",
        save=lambda form: services.digest_preference_update(user=request.user, **form.cleaned_data),
        then="learning:digest_settings",
        message=lambda _saved: _subscription_message(form.cleaned_data["is_subscribed"]),
    )


@requires(post_only=True)
def digest_subscription(request):
    """The opt-in/opt-out button on the profile page; the choices of municipalities and themes
    stay as they are."""
    subscribe = request.POST.get("is_subscribed") == "1"
    services.digest_subscription_set(user=request.user, is_subscribed=subscribe)
    messages.success(request, _subscription_message(subscribe))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("accounts:profile")
    return redirect(target)


# The signed token authorises the change, and mail programs post the one-click unsubscribe
# (RFC 8058) without a CSRF token.
@csrf_exempt
def digest_unsubscribe(request, token: str):
    user_id = digest.user_id_from_token(token)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.digest_unsubscribe(user=user)
        done = True
    return render(request, "learning/digest_unsubscribe.html", {"done": done, "email": user.email})

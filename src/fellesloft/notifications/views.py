"""The notification centre, the e-mail choices, «Følg» and comments. Thin: the services write,
the selectors read, rules.py and the owning apps' policies decide."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fellesloft.core.views import form_page, page_of, post_action, requires
from fellesloft.notifications import registry, selectors, services
from fellesloft.notifications.forms import CommentForm, EmailChoicesForm
from fellesloft.notifications.models import Comment, Notification


def _own_notification(request, pk: int) -> Notification:
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


def _followed_object(request, app_label: str, model: str, object_id: int):
    """The object named in the address, if its kind is followable and the user may see it
    (else a 404: whether it exists is not told)."""
    entry = registry.entry_for_key(app_label, model)
    if entry is None:
        raise Http404
    obj = entry.model._default_manager.filter(pk=object_id).first()
    if obj is None or not registry.may_see(request.user, obj):
        raise Http404
    return obj


def _comment(request, pk: int) -> Comment:
    comment = get_object_or_404(Comment, pk=pk)
    if comment.about is None or not registry.may_see(request.user, comment.about):
        raise Http404
    return comment


def _back_to(request, obj, anchor: str = "") -> str:
    """The page the form was on (`next`, one of ours), else the object's own page."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url + anchor
    return registry.url_of(obj) + anchor


# --- The notification centre -------------------------------------------------------------


@requires("notifications.view_notifications")
def notification_list(request):
    page = page_of(request, selectors.notifications_for(user=request.user), 30)
    return render(request, "notifications/notification_list.html", {"page": page})


@requires("notifications.change_notification", fn=_own_notification, post_only=True)
def notification_open(request, notification: Notification):
    services.notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@requires("notifications.change_notification", fn=_own_notification, post_only=True)
def notification_read(request, notification: Notification):
    post_action(
        request,
        lambda: services.notification_mark_read(notification=notification),
        done=_("Varselet er merket som lest."),
    )
    return redirect("notifications:list")


@requires("notifications.view_notifications", post_only=True)
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s varsel er merket som lest.", "%(count)s varsler er merket som lest.", count
        )
        % {"count": count},
    )
    return redirect("notifications:list")


@requires("notifications.view_notifications")
def email_choices(request):
    form = EmailChoicesForm(
        request.POST or None, choices=selectors.email_choices_of(user=request.user)
    )
    return form_page(
        request,
        form,
        "notifications/email_choices.html",
        save=lambda form: services.email_choices_save(
            user=request.user, by_email=form.cleaned_data
        ),
        then="notifications:list",
        message=_("Valgene for e-postvarsler er lagret."),
    )


# --- «Følg» --------------------------------------------------------------------------------


def _follow_action(service, done):
    """Following or no longer following an object, from its page: `service(user=…, obj=…)`,
    with `done` (about the object's «%(title)s») or the service's refusal as the message, and
    back to the page."""

    @requires("notifications.follow", fn=_followed_object, post_only=True)
    def view(request, obj):
        post_action(
            request,
            lambda: service(user=request.user, obj=obj),
            done=done % {"title": obj},
        )
        return redirect(_back_to(request, obj))

    return view


follow = _follow_action(
    services.follow_add,
    gettext_lazy("Du følger nå «%(title)s» og får varsel om endringer og kommentarer."),
)
unfollow = _follow_action(
    services.follow_remove, gettext_lazy("Du følger ikke lenger «%(title)s».")
)


# --- Comments ------------------------------------------------------------------------------


@requires("notifications.add_comment", fn=_followed_object)
def comment_add(request, obj):
    """The form under the comments posts here; a refused comment (personal data) is shown
    again on this page with its text and the reason."""
    return form_page(
        request,
        CommentForm(request.POST or None),
        "notifications/comment_form.html",
        {"about": obj, "about_url": registry.url_of(obj)},
        save=lambda form: services.comment_add(
            author=request.user, about=obj, text=form.cleaned_data["text"]
        ),
        then=lambda comment: _back_to(request, obj, f"#kommentar-{comment.pk}"),
        message=_("Kommentaren er publisert."),
        error_field="text",
    )


@requires("notifications.delete_comment", fn=_comment, post_only=True)
def comment_delete(request, comment: Comment):
    about = comment.about
    post_action(
        request,
        lambda: services.comment_delete(comment=comment, by=request.user),
        done=_("Kommentaren er slettet."),
    )
    return redirect(_back_to(request, about, "#kommentarer"))

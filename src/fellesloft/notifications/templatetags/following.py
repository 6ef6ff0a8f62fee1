"""«Følg» and comments on an object's page: `{% load following %}{% follow_button obj %}`
and `{% comment_section obj %}`. The owning app's views need not know of either."""

from django import template

from fellesloft.notifications import registry, selectors
from fellesloft.notifications.forms import CommentForm

register = template.Library()


def _address(obj) -> dict:
    entry = registry.entry_for(obj)
    app_label, model = entry.key
    return {"app_label": app_label, "model": model, "object_id": obj.pk}


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, obj):
    user = context["request"].user
    may_follow = user.has_perm("notifications.follow", obj)
    return {
        "may_follow": may_follow,
        "is_following": may_follow and selectors.is_following(user=user, obj=obj),
        "address": _address(obj),
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].path,
        "obj": obj,
    }


@register.inclusion_tag("notifications/_comments.html", takes_context=True)
def comment_section(context, obj):
    user = context["request"].user
    comments = list(selectors.comments_on(obj))
    for comment in comments:
        comment.may_delete = user.has_perm("notifications.delete_comment", comment)
    return {
        "comments": comments,
        "may_comment": user.has_perm("notifications.add_comment", obj),
        "form": CommentForm(),
        "address": _address(obj),
        "csrf_token": context.get("csrf_token"),
        "user": user,
        "obj": obj,
    }

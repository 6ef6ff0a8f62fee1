"""Who may do what with notifications, follows and comments.

- A person's notifications and e-mail choices are theirs alone.
- Following and commenting: a logged-in person who may see the object, by the policy of the
  app that owns it (the registry names the permission). Comments only on the kinds the apps
  opened for them (experiments and learning cards).
- A comment is deleted by its author, or by the mission lead who looks after the network.
"""

import rules

from fellesloft.core.policy import field_in_user
from fellesloft.notifications import registry
from fellesloft.organisations.rules import is_authenticated, is_mission_lead


def _own_user_id(user) -> list[int]:
    return [user.pk]


is_recipient = field_in_user("recipient_id", _own_user_id, name="is_recipient")
is_comment_author = field_in_user("author_id", _own_user_id, name="is_comment_author")


@rules.predicate
def may_see_followable(user, obj) -> bool:
    return obj is not None and registry.may_see(user, obj)


@rules.predicate
def is_commentable(user, obj) -> bool:
    entry = registry.entry_for(obj) if obj is not None else None
    return entry is not None and entry.commentable


rules.add_perm("notifications.view_notifications", is_authenticated)
rules.add_perm("notifications.change_notification", is_recipient)
rules.add_perm("notifications.follow", is_authenticated & may_see_followable)
rules.add_perm("notifications.add_comment", is_authenticated & is_commentable & may_see_followable)
rules.add_perm("notifications.delete_comment", is_comment_author | is_mission_lead)

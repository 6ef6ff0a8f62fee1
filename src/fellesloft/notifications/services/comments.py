"""Comments on experiments and learning cards: written by people who may see the object,
screened for personal data, audit-logged; the object's team and followers hear of them."""

from auditlog.context import set_actor
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import refuse_personal_data
from fellesloft.notifications import registry
from fellesloft.notifications.models import Comment, Kind
from fellesloft.notifications.services.following import follow_add
from fellesloft.notifications.services.notifications import in_site_language, notify_followers

COMMENT_MAX_LENGTH = 2000


@transaction.atomic
def comment_add(*, author: User, about: Model, text: str) -> Comment:
    """Adds a comment. The author then follows the object, so they hear the answer."""
    entry = registry.entry_for(about)
    if entry is None or not entry.commentable:
        raise ServiceError(_("Dette kan ikke kommenteres."), code="not_commentable")
    if not registry.may_see(author, about):
        raise ServiceError(_("Du kan bare kommentere det du har tilgang til."), code="not_visible")
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Skriv en kommentar."), field="text", code="required")
    if len(text) > COMMENT_MAX_LENGTH:
        raise ServiceError(
            _("Kommentaren kan være høyst %(max)s tegn.") % {"max": COMMENT_MAX_LENGTH},
            field="text",
            code="too_long",
        )
    refuse_personal_data(
        text,
        field="text",
        message=_(
            "Kommentaren ser ut til å inneholde personopplysninger (%(what)s). Fjern dem før "
            "du sender – skriv om tiltak og erfaringer, ikke om enkeltpersoner."
        ),
    )
    with set_actor(author):
        comment = Comment.objects.create(
            content_type=ContentType.objects.get_for_model(about),
            object_id=about.pk,
            author=author,
            text=text,
        )
    follow_add(user=author, obj=about)
    team = list(entry.team(about)) if entry.team is not None else []
    notify_followers(
        about=about,
        kind=Kind.COMMENT,
        actor=author,
        also=team,
        text=in_site_language(
            lambda: (
                _("%(name)s kommenterte «%(title)s»: %(text)s")
                % {
                    "name": author.get_full_name() or author.get_short_name(),
                    "title": str(about),
                    "text": Truncator(text).chars(200),
                }
            )
        ),
    )
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by: User) -> None:
    """Deletes a comment (its author or the mission lead: rules.py decides)."""
    with set_actor(by):
        comment.delete()

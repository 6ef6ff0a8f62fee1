"""Learning cards: what an experiment learnt, published to the network when ready."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import apply_fields, refuse_unknown_fields, save_validated
from fellesloft.experiments.models import Experiment, LearningCard, LearningCardStatus, Sprint
from fellesloft.experiments.services._common import (
    _actor,
    _person,
    _require,
    _screen,
    _tell_followers,
)
from fellesloft.notifications.selectors import followers_of

CARD_TEXT_FIELDS = ("title", "hypothesis", "observation", "learning", "decision")
# What the card form edits (its Meta.fields) and learning_card_update accepts.
CARD_FIELDS = (*CARD_TEXT_FIELDS, "sprint")


def _contact_after(card_contact, *, by, contact_me: bool | None):
    """The card's contact person after `by` chose (True) or declined (False) to be it. Only
    oneself can be named: another person's consent is theirs to give. None: unchanged."""
    if contact_me is None:
        return card_contact
    if contact_me:
        if by is None or not by.is_authenticated:
            raise ServiceError(_("Bare en innlogget person kan stå som kontaktperson."))
        return by
    return None if card_contact == by else card_contact


def _check_sprint(sprint: Sprint | None, experiment_id: int) -> None:
    if sprint is not None and sprint.experiment_id != experiment_id:
        raise ServiceError(_("Sprinten hører til et annet forsøk."), field="sprint")


@transaction.atomic
def learning_card_create(
    *,
    experiment: Experiment,
    title: str,
    hypothesis: str,
    observation: str,
    learning: str,
    decision: str,
    by,
    sprint: Sprint | None = None,
    contact_me: bool = False,
) -> LearningCard:
    texts = {
        "title": title,
        "hypothesis": hypothesis,
        "observation": observation,
        "learning": learning,
        "decision": decision,
    }
    _require(texts)
    _check_sprint(sprint, experiment.pk)
    _screen(**texts)
    with _actor(by):
        return save_validated(
            LearningCard(
                experiment=experiment,
                sprint=sprint,
                contact_person=_contact_after(None, by=by, contact_me=contact_me),
                created_by=_person(by),
                **{name: text.strip() for name, text in texts.items()},
            )
        )


@transaction.atomic
def learning_card_update(
    *, card: LearningCard, by, contact_me: bool | None = None, **fields
) -> LearningCard:
    refuse_unknown_fields(fields, CARD_FIELDS)
    texts = {name: value for name, value in fields.items() if name in CARD_TEXT_FIELDS}
    _require(texts)
    sprint = fields.get("sprint", card.sprint)
    _check_sprint(sprint, card.experiment_id)
    _screen(**texts)
    with _actor(by):
        apply_fields(card, texts)
        card.sprint = sprint
        card.contact_person = _contact_after(card.contact_person, by=by, contact_me=contact_me)
        return save_validated(card)


def _set_published(card: LearningCard, *, by, published: bool) -> LearningCard:
    with _actor(by):
        card.status = LearningCardStatus.PUBLISHED if published else LearningCardStatus.DRAFT
        card.published_at = timezone.now() if published else None
        card.published_by = _person(by) if published else None
        card.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return card


@transaction.atomic
def learning_card_publish(*, card: LearningCard, by) -> LearningCard:
    """Publishes the card to the network (and the public learning feed)."""
    if card.status == LearningCardStatus.PUBLISHED:
        raise ServiceError(_("Læringskortet er allerede publisert."), code="already_published")
    _screen(**{name: getattr(card, name) for name in CARD_TEXT_FIELDS})
    card = _set_published(card, by=by, published=True)
    # Those who follow the experiment hear of its new card as well as those of the card.
    _tell_followers(
        card,
        by=by,
        also=followers_of(card.experiment),
        text=lambda: (
            _("«%(experiment)s» har publisert læringskortet «%(title)s».")
            % {"experiment": card.experiment.title, "title": card.title}
        ),
    )
    return card


@transaction.atomic
def learning_card_unpublish(*, card: LearningCard, by) -> LearningCard:
    if card.status != LearningCardStatus.PUBLISHED:
        raise ServiceError(_("Læringskortet er ikke publisert."), code="not_published")
    return _set_published(card, by=by, published=False)

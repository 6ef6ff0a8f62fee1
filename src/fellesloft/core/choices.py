"""Choices that more than one part of the product stores, defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    """Age bands around the mission's target group (15–29): the band a dialog participant
    gives, and the band an experiment is for."""

    AGE_13_15 = "13-15", "13–15"
    AGE_16_19 = "16-19", "16–19"
    AGE_20_24 = "20-24", "20–24"
    AGE_25_29 = "25-29", "25–29"
    AGE_15_29 = "15-29", _("15–29 år (hele målgruppen)")
    AGE_30_PLUS = "30+", _("30 eller eldre")


# A person's own band: the whole target group says nothing about one person.
PARTICIPANT_AGE_BANDS = tuple(band for band in AgeBand if band != AgeBand.AGE_15_29)
# Whom an experiment is for: a band or the whole target group, never those above it.
TARGET_AGE_BANDS = tuple(band for band in AgeBand if band != AgeBand.AGE_30_PLUS)


def choices_of(members) -> list[tuple[str, str]]:
    """The (value, label) pairs of some members of a choices class, for a field's choices."""
    return [(member.value, member.label) for member in members]

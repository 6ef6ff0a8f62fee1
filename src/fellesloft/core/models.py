"""Abstract models and field definitions that several apps' models share, declared once."""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fellesloft.core.ordering import norwegian


class Named(models.Model):
    """A row that reads as its name wherever it is shown: choices, the admin, the audit log."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Titled(models.Model):
    """A row that reads as its title: a case, a dialog, an experiment, a meeting …"""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class Ranked(Named):
    """A row of a list the mission lead puts in order: by its `order`, then by name. The
    subclass declares both, `order` as `rank_field()` (the sectors' predates it and has no
    label; changing it would need a migration)."""

    class Meta:
        abstract = True
        ordering = ["order", norwegian("name")]


def rank_field() -> models.PositiveSmallIntegerField:
    """A row's place in a list the mission lead orders by hand (lowest first)."""
    return models.PositiveSmallIntegerField(_("rekkefølge"), default=0)


class CreatedAt(models.Model):
    """When the row was created, kept by Django (never in a form)."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Timestamped(CreatedAt):
    """When the row was created and last saved, kept by Django (never in a form)."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """One step of a case's status history (a barrier's, an experiment's): the subclass
    declares `from_status` and `to_status` with its own statuses, and who and when."""

    class Meta:
        abstract = True
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")


class HasDetailPage(models.Model):
    """A row with a page of its own: the URL name `detail_url_name`, which takes the row's
    `detail_url_key` (its pk or its slug)."""

    detail_url_name: str
    detail_url_key = "pk"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        key = self.detail_url_key
        return reverse(self.detail_url_name, kwargs={key: getattr(self, key)})


def localized_name(name: str, name_en: str = "") -> str:
    """The English name when the language is English and there is one, else the Norwegian."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class TranslatedName(Named):
    """A row of a reference list (sectors, need themes …) with an English name beside the
    Norwegian one, in the database, so a term the mission lead adds gets one too. It reads as
    the name of the active language wherever it is shown (`label`, `str()`): choices, lists,
    the audit log. Subclasses declare `name` and `name_en` (as `english_name_field()`)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized_name(self.name, self.name_en)


def english_name_field(max_length: int) -> models.CharField:
    """The `name_en` of a TranslatedName: as long as its Norwegian `name`, and optional."""
    return models.CharField(
        _("navn på engelsk"),
        max_length=max_length,
        blank=True,
        help_text=_("Vises når språket er engelsk. Tomt: det norske navnet vises."),
    )


def fill_english_names(model, names: dict[str, str]) -> None:
    """Give the rows with these slugs their English name, where none is set (data migrations
    and the tests' reference data)."""
    for slug, name_en in names.items():
        model.objects.filter(slug=slug, name_en="").update(name_en=name_en)

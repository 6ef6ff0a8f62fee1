from django.db import models
from django.utils.translation import get_language


class Named(models.Model):
    """A row that reads as its name wherever it is shown: choices, the admin, the audit log."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


def localized_name(name: str, name_en: str = "") -> str:
    """The English name when the language is English and there is one, else the Norwegian."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class TranslatedName(Named):
    """A row of a reference list (sectors, need themes …) with an English name beside the
    Norwegian one, in the database, so a term the mission lead adds gets one too. It reads as
    the name of the active language wherever it is shown (`label`, `str()`): choices, lists,
    the audit log. Subclasses declare `name` and `name_en`."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized_name(self.name, self.name_en)


def fill_english_names(model, names: dict[str, str]) -> None:
    """Give the rows with these slugs their English name, where none is set (data migrations
    and the tests' reference data)."""
    for slug, name_en in names.items():
        model.objects.filter(slug=slug, name_en="").update(name_en=name_en)

from django.db import models


def optional_link(to, **options) -> models.ForeignKey:
    """A link that may be empty, and is emptied when what it points to is deleted."""
    return models.ForeignKey(to, on_delete=models.SET_NULL, null=True, blank=True, **options)

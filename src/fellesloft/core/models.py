from django.db import models


class Named(models.Model):
    """A row that reads as its name wherever it is shown: choices, the admin, the audit log."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

"""The search index: one row per searchable thing (see `fellesloft.search.indexing`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fellesloft.core.fields import optional_link


class SearchDocument(models.Model):
    """One searchable object (or one section of an object's page) in the shared index.

    The text is matched through its terms (`title_terms`, `body_terms`: the Snowball stems of
    its words, made by `fellesloft.search.text` when the document is written), by a tsvector
    column over them with a GIN index on PostgreSQL and by the FTS5 table
    `search_searchdocument_fts` on SQLite; both are created by migration 0002 and kept current
    by the database itself, and both find the same documents. Who may see a row is not stored:
    a search asks each source's policy (`core.policy.visible`) for the objects the user may
    see, in the query.
    """

    source = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # What the databases search: the stems of the title's and the text's words.
    title_terms = models.TextField(blank=True, default="", editable=False)
    body_terms = models.TextField(blank=True, default="", editable=False)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # The municipality the hit is about, shown with it and used by the filter.
    municipality = optional_link("organisations.Municipality", related_name="+")
    # « 12 34 » when the object belongs to several municipalities.
    municipality_ids = models.CharField(max_length=1000, null=True, blank=True)  # noqa: DJ001
    themes = models.CharField(max_length=500, blank=True, default="")
    date = models.DateTimeField()
    feed_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("søkedokument")
        verbose_name_plural = _("søkedokumenter")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_one_document")
        ]
        indexes = [
            models.Index(fields=["feed_at"]),
            models.Index(fields=["municipality", "feed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id} {self.title}"

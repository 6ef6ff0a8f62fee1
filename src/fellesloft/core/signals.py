"""Signals shared by the parts.

`bulk_saved` is sent after a bulk write (bulk_create, update) that sends no post_save, so
that whoever keeps something derived from those rows – the search index – can catch up:
sender is the model, `queryset` selects the rows written.
"""

from django.dispatch import Signal

bulk_saved = Signal()

from auditlog.models import LogEntry
from django.db.models import QuerySet


def audit_log_entries(*, model: str = "", actor_email: str = "") -> QuerySet[LogEntry]:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if model:
        entries = entries.filter(content_type__model=model)
    if actor_email:
        entries = entries.filter(actor__email__iexact=actor_email)
    return entries

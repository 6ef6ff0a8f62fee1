"""Seeds the knowledge base (titles, publishers and links) and puts it in the search index."""

from django.db import migrations
from django.utils import timezone

from fellesloft.learning.knowledge_base import KNOWLEDGE_BASE

KIND_LABELS = {"report": "Rapport", "webinar": "Webinar", "programme": "Program eller satsing"}


def seed(apps, schema_editor):
    Resource = apps.get_model("learning", "Resource")
    SearchDocument = apps.get_model("learning", "SearchDocument")
    for entry in KNOWLEDGE_BASE:
        resource, created = Resource.objects.get_or_create(slug=entry["slug"], defaults=entry)
        if not created:
            continue
        summary = " · ".join(part for part in (KIND_LABELS[entry["kind"]], entry["publisher"]))
        # Historical models send no signals: write the index row the app would write.
        SearchDocument.objects.update_or_create(
            source="resource",
            object_id=str(resource.pk),
            defaults={
                "title": entry["title"],
                "body": f"{entry['publisher']}\n{KIND_LABELS[entry['kind']]}",
                "summary": summary,
                "url": f"/laering/ressurser/{entry['slug']}/",
                "visibility": "public",
                "date": timezone.now(),
                "feed_at": timezone.now(),
            },
        )


def unseed(apps, schema_editor):
    Resource = apps.get_model("learning", "Resource")
    SearchDocument = apps.get_model("learning", "SearchDocument")
    slugs = [entry["slug"] for entry in KNOWLEDGE_BASE]
    ids = [str(pk) for pk in Resource.objects.filter(slug__in=slugs).values_list("pk", flat=True)]
    SearchDocument.objects.filter(source="resource", object_id__in=ids).delete()
    Resource.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0002_search_text_index")]

    operations = [migrations.RunPython(seed, unseed)]

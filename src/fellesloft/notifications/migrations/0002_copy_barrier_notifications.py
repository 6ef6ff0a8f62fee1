"""The barriers' own notifications become notifications of this app (barriers 0004 then drops
their table). Read ones keep a read time (their creation time: when they were read was never
stored); a link to a barrier's page also points the notification at that barrier, so the
centre and the e-mail task can ask whether its recipient may still see it."""

import re

from django.db import migrations

BARRIER_LINK = re.compile(r"^/barrierer/(\d+)/$")


def copy(apps, schema_editor):
    Old = apps.get_model("barriers", "Notification")
    New = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Barrier = apps.get_model("barriers", "Barrier")
    barrier_type, _created = ContentType.objects.get_or_create(
        app_label="barriers", model="barrier"
    )
    existing = set(Barrier.objects.values_list("pk", flat=True))
    batch = []
    for old in Old.objects.order_by("pk").iterator(chunk_size=2000):
        match = BARRIER_LINK.match(old.link or "")
        barrier_id = int(match.group(1)) if match else None
        about = barrier_id is not None and barrier_id in existing
        batch.append(
            New(
                recipient_id=old.recipient_id,
                kind="screening" if "er holdt tilbake" in old.text else "barrier",
                text=old.text,
                url=old.link,
                content_type_id=barrier_type.pk if about else None,
                object_id=barrier_id if about else None,
                created_at=old.created_at,
                read_at=old.created_at if old.is_read else None,
                emailed_at=old.emailed_at,
            )
        )
        if len(batch) >= 2000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Old = apps.get_model("barriers", "Notification")
    New = apps.get_model("notifications", "Notification")
    Old.objects.bulk_create(
        [
            Old(
                recipient_id=new.recipient_id,
                text=new.text,
                link=new.url,
                is_read=new.read_at is not None,
                emailed_at=new.emailed_at,
                created_at=new.created_at,
            )
            for new in New.objects.filter(kind__in=["barrier", "screening"]).order_by("pk")
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("barriers", "0003_links_to_experiments_and_dialogs"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy, copy_back)]

"""Loads the barrier categories and the escalation recipients."""

from django.db import migrations

from fellesloft.barriers.reference import load_reference_lists


def load(apps, schema_editor):
    load_reference_lists(
        apps.get_model("barriers", "BarrierCategory"), apps.get_model("barriers", "Recipient")
    )


class Migration(migrations.Migration):
    dependencies = [("barriers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

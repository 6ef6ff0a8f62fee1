"""Loads the need themes, the five main challenges and PRI's innovation areas."""

from django.db import migrations

from fellesloft.mission.reference import load_reference_lists


def load(apps, schema_editor):
    load_reference_lists(
        apps.get_model("mission", "NeedTheme"),
        apps.get_model("mission", "MainChallenge"),
        apps.get_model("mission", "InnovationArea"),
    )


class Migration(migrations.Migration):
    dependencies = [("mission", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Loads the counties, the municipalities of Trøndelag and the sectors."""

from django.db import migrations

from fellesloft.organisations.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("organisations", "County"),
        apps.get_model("organisations", "Municipality"),
        apps.get_model("organisations", "Sector"),
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

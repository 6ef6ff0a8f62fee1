"""Loads the mission, the regions and the published figures (see mission/initial_data.py)."""

from django.db import migrations

from fellesloft.mission.initial_data import load_initial_dataset


def load(apps, schema_editor):
    load_initial_dataset(
        mission_model=apps.get_model("mission", "Mission"),
        indicator_model=apps.get_model("mission", "Indicator"),
        observation_model=apps.get_model("mission", "Observation"),
        region_model=apps.get_model("mission", "Region"),
        county_model=apps.get_model("organisations", "County"),
        municipality_model=apps.get_model("organisations", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mission", "0003_indicators"),
        ("organisations", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

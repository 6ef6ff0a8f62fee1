from django.db import migrations

from fellesloft.mission.initial_data import load_population_indicators


def load(apps, schema_editor):
    load_population_indicators(apps.get_model("mission", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("mission", "0008_terms_and_indicators_norwegian_order")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

from django.db import migrations

from fellesloft.mission.code_changes import KNOWN_CHANGES


def load(apps, schema_editor):
    change_model = apps.get_model("mission", "RegionCodeChange")
    for old_code, old_name, new_code, year, kind in KNOWN_CHANGES:
        change_model.objects.get_or_create(
            old_code=old_code,
            new_code=new_code,
            defaults={"old_name": old_name, "year": year, "kind": kind},
        )


class Migration(migrations.Migration):
    dependencies = [("mission", "0005_ssb_presets_and_code_changes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

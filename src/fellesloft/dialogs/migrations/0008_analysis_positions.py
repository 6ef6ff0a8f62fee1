from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialogs", "0007_dialog_short_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="analysis",
            name="positions",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]

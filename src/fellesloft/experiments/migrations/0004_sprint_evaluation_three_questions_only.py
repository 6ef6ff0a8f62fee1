"""A sprint had two evaluation models: PDSA's «study» fields and the initiative's three
questions. The three questions stay; what was written in the old fields is kept by adding it
to the answer it belongs with – «resultater mot det vi trodde» to «Hva fungerte?» and «hva vi
lærte» to «Hva tar vi med videre?» – before the old fields are removed."""

from django.db import migrations

FOLDS = [("study_results", "what_worked"), ("study_learning", "what_to_take_forward")]


def fold_study_into_the_three_questions(apps, schema_editor):
    Sprint = apps.get_model("experiments", "Sprint")
    for sprint in Sprint.objects.exclude(study_results="", study_learning="").iterator():
        changed = []
        for old, new in FOLDS:
            text = getattr(sprint, old).strip()
            answer = getattr(sprint, new).strip()
            if not text or text in answer:
                continue
            setattr(sprint, new, f"{answer}\n\n{text}" if answer else text)
            changed.append(new)
        if changed:
            sprint.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("experiments", "0003_actors_optional"),
    ]

    operations = [
        migrations.RunPython(fold_study_into_the_three_questions, migrations.RunPython.noop),
        migrations.RemoveField(model_name="sprint", name="study_learning"),
        migrations.RemoveField(model_name="sprint", name="study_results"),
    ]

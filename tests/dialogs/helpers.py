"""Small builders for dialog tests."""

from fellesloft.dialogs import services
from fellesloft.dialogs.models import Dialog, DialogKind

SEEDS = [
    "Unge trenger én fast voksen å forholde seg til.",
    "NAV og skolen bør ha felles møter med eleven.",
    "Fritidsklubber bør holde åpent lenger på kveldstid.",
    "Det er for lang ventetid hos psykisk helsetjeneste.",
    "Unge bør få være med og bestemme i sin egen sak.",
    "Lærlingplasser er viktigere enn mer teori.",
]


def make_dialog(world, *, seeds=SEEDS, user=None, **fields) -> Dialog:
    defaults = {
        "title": fields.pop("title", "Hva skal til for at unge fullfører skolen?"),
        "question": "Hva skal til for at unge i Trondheim fullfører videregående?",
        "organisation": world.organisation,
        "municipality": world.municipality,
        "kind": DialogKind.DIALOG,
    }
    defaults.update(fields)
    dialog = services.dialog_create(created_by=user or world.users["member"], **defaults)
    if seeds:
        services.seed_statements_add(dialog=dialog, texts=list(seeds))
    return dialog


def dialog_form_data(dialog, world, **fields) -> dict:
    """What the dialog's settings form posts for `dialog`, with `fields` changed."""
    return {
        "title": dialog.title,
        "question": dialog.question,
        "kind": "dialog",
        "audience": "all",
        "organisation": world.organisation.pk,
        "municipality": world.municipality.pk,
        "statement_max_length": 140,
        "moderation_mode": "before",
        "retention_days": 30,
        **fields,
    }


def make_participants(dialog, count: int, *, sector=None, age_band=""):
    return [
        services.participant_create(dialog=dialog, sector=sector, age_band=age_band)
        for _ in range(count)
    ]

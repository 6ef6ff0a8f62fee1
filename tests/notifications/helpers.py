from fellesloft.experiments import services as experiments
from tests.experiments.factories import experiment


def published_card(world, item=None, *, title="Fast kontaktperson virker"):
    lead = world.users["mission_lead"]
    item = item or experiment(world)
    card = experiments.learning_card_create(
        experiment=item,
        title=title,
        hypothesis="Vi tror at en fast kontakt gir færre avbrudd.",
        observation="Færre sluttet.",
        learning="Relasjonen er tiltaket.",
        decision="Vi fortsetter.",
        by=lead,
    )
    return experiments.learning_card_publish(card=card, by=lead)

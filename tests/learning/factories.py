"""Objects of the learning network for tests, made through the services."""

from datetime import timedelta

from django.utils import timezone

from fellesloft.learning import services
from fellesloft.learning.models import DiscussionVisibility


def make_resource(title="Webinar om relasjoner", questions=("Hva lærte vi?",), **fields):
    fields.setdefault("kind", "webinar")
    fields.setdefault("url", "https://www.ks.no/webinar")
    return services.resource_create(title=title, questions=list(questions), **fields)


def make_meeting(title="Nettverkssamling i Trondheim", *, days=10, **fields):
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=days)
    fields.setdefault("location", "Trondheim rådhus")
    return services.meeting_create(
        title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=4), **fields
    )


def make_discussion(
    resource,
    organisation,
    user,
    *,
    text="Vi trenger faste treffpunkter.",
    visibility=DiscussionVisibility.PRIVATE,
):
    question = resource.questions.first()
    return services.discussion_create(
        resource=resource,
        organisation=organisation,
        user=user,
        held_on=timezone.localdate(),
        answers={question.pk: text},
        visibility=visibility,
    )

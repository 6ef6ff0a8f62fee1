"""Every write of the learning network."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from urllib.parse import parse_qs, urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import apply_fields, refuse_personal_data, save_validated
from fellesloft.core.slugs import unique_slug
from fellesloft.learning.models import (
    DigestPreference,
    Discussion,
    DiscussionAnswer,
    DiscussionVisibility,
    MeetingGroupAnswer,
    MeetingQuestion,
    MeetingRegistration,
    MeetingTask,
    NetworkMeeting,
    ReflectionQuestion,
    Resource,
    ResourceKind,
)
from fellesloft.mission.models import NeedTheme
from fellesloft.organisations.models import Municipality, Organisation
from fellesloft.organisations.rules import is_member

# --- Video embedding ---------------------------------------------------------------------------


def video_embed(url: str) -> tuple[str, str] | None:
    """(embed URL, origin) for a YouTube or Vimeo address, or None for any other address.

    YouTube is embedded from youtube-nocookie.com, which sets no cookies until playback.
    """
    if not url:
        return None
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/live/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
    elif host in {"vimeo.com", "player.vimeo.com"}:
        digits = [part for part in parsed.path.split("/") if part.isdigit()]
        if digits:
            return f"https://player.vimeo.com/video/{digits[0]}?dnt=1", "https://player.vimeo.com"
        return None
    if video_id and all(char.isalnum() or char in "-_" for char in video_id):
        return (
            f"https://www.youtube-nocookie.com/embed/{video_id}",
            "https://www.youtube-nocookie.com",
        )
    return None


# --- Resources -----------------------------------------------------------------------------


def _validate_resource(*, kind: str, video_url: str, url: str) -> None:
    if kind not in ResourceKind.values:
        raise ServiceError(_("Ukjent type ressurs."), field="kind")
    if video_url and video_embed(video_url) is None:
        raise ServiceError(
            _("Videoadressen må være en YouTube- eller Vimeo-adresse."), field="video_url"
        )
    if kind == ResourceKind.WEBINAR and not (video_url or url):
        raise ServiceError(_("Et webinar trenger en videoadresse eller en lenke."), field="url")
    if kind != ResourceKind.WEBINAR and not url:
        raise ServiceError(_("Oppgi en lenke til ressursen."), field="url")


def _clean_questions(questions: Iterable[str]) -> list[str]:
    return [" ".join(text.split()) for text in questions if text.strip()]


def _set_questions(resource: Resource, questions: list[str]) -> None:
    existing = list(resource.questions.order_by("order", "pk"))
    for position, text in enumerate(questions):
        if position < len(existing):
            question = existing[position]
            if question.text != text or question.order != position:
                question.text, question.order = text, position
                question.save(update_fields=["text", "order"])
        else:
            ReflectionQuestion.objects.create(resource=resource, text=text, order=position)
    for question in existing[len(questions) :]:
        if question.answers.exists():
            raise ServiceError(
                _("Spørsmålet «%(text)s» har svar og kan ikke fjernes.") % {"text": question.text},
                field="questions",
            )
        question.delete()


@transaction.atomic
def resource_create(
    *,
    kind: str,
    title: str,
    publisher: str = "",
    year: int | None = None,
    url: str = "",
    video_url: str = "",
    summary: str = "",
    themes: Iterable[NeedTheme] = (),
    questions: Iterable[str] = (),
) -> Resource:
    _validate_resource(kind=kind, video_url=video_url, url=url)
    resource = save_validated(
        Resource(
            kind=kind,
            title=title.strip(),
            slug=unique_slug(Resource, title, fallback="ressurs"),
            publisher=publisher.strip(),
            year=year,
            url=url,
            video_url=video_url,
            summary=summary.strip(),
        )
    )
    resource.themes.set(themes)
    _set_questions(resource, _clean_questions(questions))
    return resource


@transaction.atomic
def resource_update(
    *, resource: Resource, questions: Iterable[str] | None = None, themes=None, **fields
) -> Resource:
    _validate_resource(
        kind=fields.get("kind", resource.kind),
        video_url=fields.get("video_url", resource.video_url),
        url=fields.get("url", resource.url),
    )
    save_validated(apply_fields(resource, fields))
    if themes is not None:
        resource.themes.set(themes)
    if questions is not None:
        _set_questions(resource, _clean_questions(questions))
    return resource


# --- The discussion guide ------------------------------------------------------------------------


def _check_answers(answers: Mapping[int, str], participants: str) -> None:
    """At least one answer, and no personal data in the answers or the list of participants."""
    if not any(text.strip() for text in answers.values()):
        raise ServiceError(_("Skriv svar på minst ett av spørsmålene."))
    texts = {f"question_{question_id}": text for question_id, text in answers.items()}
    for field, text in {**texts, "participants": participants}.items():
        refuse_personal_data(
            text,
            field=field,
            message=_(
                "Svaret ser ut til å inneholde personopplysninger (%(what)s). Skriv om "
                "erfaringer og tjenester, ikke om enkeltpersoner."
            ),
        )


def _save_answers(discussion: Discussion, answers: Mapping[int, str]) -> None:
    questions = {question.pk: question for question in discussion.resource.questions.all()}
    for question_id, text in answers.items():
        if question_id not in questions:
            raise ServiceError(_("Spørsmålet hører ikke til denne ressursen."))
        DiscussionAnswer.objects.update_or_create(
            discussion=discussion, question=questions[question_id], defaults={"text": text.strip()}
        )


@transaction.atomic
def discussion_create(
    *,
    resource: Resource,
    organisation: Organisation,
    user: User,
    held_on: date,
    answers: Mapping[int, str],
    participants: str = "",
    visibility: str = DiscussionVisibility.PRIVATE,
) -> Discussion:
    if not resource.questions.exists():
        raise ServiceError(_("Denne ressursen har ingen refleksjonsspørsmål."))
    if not is_member(user, organisation):
        raise ServiceError(
            _("Du kan bare skrive svar for organisasjoner du er medlem av."), field="organisation"
        )
    _check_answers(answers, participants)
    discussion = save_validated(
        Discussion(
            resource=resource,
            organisation=organisation,
            held_on=held_on,
            participants=participants.strip(),
            visibility=visibility,
            created_by=user,
        )
    )
    _save_answers(discussion, answers)
    discussion.save()  # the index entry is built from the answers, so index once more
    return discussion


@transaction.atomic
def discussion_update(
    *,
    discussion: Discussion,
    held_on: date,
    answers: Mapping[int, str],
    participants: str = "",
    visibility: str = DiscussionVisibility.PRIVATE,
) -> Discussion:
    _check_answers(answers, participants)
    _save_answers(discussion, answers)
    discussion.held_on = held_on
    discussion.participants = participants.strip()
    discussion.visibility = visibility
    return save_validated(discussion)


# --- Network meetings ------------------------------------------------------------------------


def _validate_meeting(*, starts_at: datetime, ends_at: datetime, location: str, online_url: str):
    if ends_at <= starts_at:
        raise ServiceError(_("Samlingen må slutte etter at den starter."), field="ends_at")
    if not location.strip() and not online_url:
        raise ServiceError(_("Oppgi et sted eller en lenke til nettmøtet."), field="location")


@transaction.atomic
def meeting_create(
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    host_municipality: Municipality | None = None,
    agenda: str = "",
    capacity: int | None = None,
    themes: Iterable[NeedTheme] = (),
) -> NetworkMeeting:
    _validate_meeting(
        starts_at=starts_at, ends_at=ends_at, location=location, online_url=online_url
    )
    meeting = NetworkMeeting(
        title=title.strip(),
        slug=unique_slug(
            NetworkMeeting, f"{title} {timezone.localdate(starts_at):%Y-%m-%d}", fallback="mote"
        ),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url,
        host_municipality=host_municipality,
        agenda=agenda.strip(),
        capacity=capacity,
    )
    save_validated(meeting)
    meeting.themes.set(themes)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: NetworkMeeting, themes=None, **fields) -> NetworkMeeting:
    _validate_meeting(
        starts_at=fields.get("starts_at", meeting.starts_at),
        ends_at=fields.get("ends_at", meeting.ends_at),
        location=fields.get("location", meeting.location),
        online_url=fields.get("online_url", meeting.online_url),
    )
    notes = fields.pop("notes", None)
    apply_fields(meeting, fields)
    if notes is not None:
        _apply_notes(meeting, notes)
    save_validated(meeting)
    if themes is not None:
        meeting.themes.set(themes)
    return meeting


def _apply_notes(meeting: NetworkMeeting, notes: str) -> None:
    notes = notes.strip()
    refuse_personal_data(
        notes,
        field="notes",
        message=_("Referatet ser ut til å inneholde personopplysninger (%(what)s)."),
    )
    if notes and not meeting.notes_published_at:
        meeting.notes_published_at = timezone.now()
    if not notes:
        meeting.notes_published_at = None
    meeting.notes = notes


@transaction.atomic
def meeting_register(*, meeting: NetworkMeeting, user: User) -> MeetingRegistration:
    meeting = NetworkMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.ends_at < timezone.now():
        raise ServiceError(_("Samlingen er over; påmeldingen er stengt."))
    existing = meeting.registrations.filter(user=user).first()
    if existing is not None:
        return existing
    if meeting.capacity is not None and meeting.registrations.count() >= meeting.capacity:
        raise ServiceError(_("Samlingen er full."))
    return MeetingRegistration.objects.create(meeting=meeting, user=user)


@transaction.atomic
def meeting_unregister(*, meeting: NetworkMeeting, user: User) -> None:
    MeetingRegistration.objects.filter(meeting=meeting, user=user).delete()


@transaction.atomic
def meeting_task_add(
    *,
    meeting: NetworkMeeting,
    title: str,
    due_date: date,
    owner: User | None = None,
    organisation: Organisation | None = None,
) -> MeetingTask:
    """A task for a person, an organisation (each member sees it) or both."""
    if not title.strip():
        raise ServiceError(_("Beskriv oppgaven."), field="title")
    if owner is None and organisation is None:
        raise ServiceError(
            _("Velg hvem som er ansvarlig: en person, en organisasjon eller begge."),
            field="owner",
        )
    if due_date < timezone.localdate(meeting.starts_at):
        raise ServiceError(_("Fristen kan ikke være før samlingen."), field="due_date")
    return MeetingTask.objects.create(
        meeting=meeting,
        title=title.strip(),
        owner=owner,
        organisation=organisation,
        due_date=due_date,
    )


# --- Reflection questions, group answers and attendance at a meeting --------------------------


@transaction.atomic
def meeting_question_add(*, meeting: NetworkMeeting, text: str) -> MeetingQuestion:
    text = text.strip()
    if not text:
        raise ServiceError(_("Skriv spørsmålet."), field="text")
    if len(text) > MeetingQuestion._meta.get_field("text").max_length:
        raise ServiceError(_("Spørsmålet kan ha høyst 500 tegn."), field="text")
    order = meeting.questions.count()
    return save_validated(MeetingQuestion(meeting=meeting, text=text, order=order))


@transaction.atomic
def meeting_group_answer_add(
    *, question: MeetingQuestion, group: str, text: str, by
) -> MeetingGroupAnswer:
    """One group's answer to a question; like every answer in the network, it is about
    experiences and services, never about a person."""
    group, text = group.strip(), text.strip()
    if not group:
        raise ServiceError(_("Skriv hvilken gruppe svaret er fra."), field="group")
    if len(group) > MeetingGroupAnswer._meta.get_field("group").max_length:
        raise ServiceError(_("Gruppenavnet kan ha høyst 100 tegn."), field="group")
    if not text:
        raise ServiceError(_("Skriv gruppens svar."), field="text")
    for field, value in {"group": group, "text": text}.items():
        refuse_personal_data(
            value,
            field=field,
            message=_(
                "Svaret ser ut til å inneholde personopplysninger (%(what)s). Skriv om "
                "erfaringer og tjenester, ikke om enkeltpersoner."
            ),
        )
    return save_validated(
        MeetingGroupAnswer(question=question, group=group, text=text, written_by=by)
    )


@transaction.atomic
def meeting_attendance_set(*, meeting: NetworkMeeting, attended_user_ids: Iterable[int]) -> int:
    """Records who came: the registered people in `attended_user_ids` came, the others did not.
    Only after the meeting has started. Returns how many came."""
    if meeting.starts_at > timezone.now():
        raise ServiceError(_("Oppmøtet kan føres når samlingen har startet."))
    came = set(attended_user_ids)
    registered = set(meeting.registrations.values_list("user_id", flat=True))
    unknown = came - registered
    if unknown:
        raise ServiceError(_("Bare påmeldte kan føres som møtt."), field="attended")
    for registration in meeting.registrations.all():
        registration.attended = registration.user_id in came
        registration.save(update_fields=["attended"])
    return len(came)


@transaction.atomic
def meeting_task_set_done(*, task: MeetingTask, is_done: bool) -> MeetingTask:
    task.is_done = is_done
    task.save(update_fields=["is_done"])
    return task


# --- Digest preferences --------------------------------------------------------------------------


def digest_preference_for(user: User) -> DigestPreference:
    preference, _created = DigestPreference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def digest_preference_update(
    *,
    user: User,
    is_subscribed: bool,
    municipalities: Iterable[Municipality] = (),
    themes: Iterable[NeedTheme] = (),
) -> DigestPreference:
    preference = digest_preference_for(user)
    preference.is_subscribed = is_subscribed
    preference.save()
    preference.municipalities.set(municipalities)
    preference.themes.set(themes)
    return preference


@transaction.atomic
def digest_subscription_set(*, user: User, is_subscribed: bool) -> DigestPreference:
    """Opts in or out and keeps the chosen municipalities and themes."""
    preference = digest_preference_for(user)
    if preference.is_subscribed != is_subscribed:
        preference.is_subscribed = is_subscribed
        preference.save(update_fields=["is_subscribed", "updated_at"])
    return preference


def digest_unsubscribe(*, user: User) -> DigestPreference:
    return digest_subscription_set(user=user, is_subscribed=False)


@transaction.atomic
def digest_preference_mark_sent(*, preference: DigestPreference, sent_at: datetime) -> None:
    """Records when the digest went out, so the next one starts from there."""
    DigestPreference.objects.filter(pk=preference.pk).update(last_sent_at=sent_at)

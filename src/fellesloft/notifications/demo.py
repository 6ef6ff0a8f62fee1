"""Demo content: the Trondheim member follows an experiment, a learning card and a barrier;
Frøya asks about the experiment and the card in comments, and the member's team answers, so
the member has unread notifications. Runs after the other parts' demos (INSTALLED_APPS
order) and finds their objects through the registry, so it imports none of them. Safe to
run again."""

from fellesloft.accounts.models import User
from fellesloft.notifications import registry, services
from fellesloft.notifications.models import Comment

FOLLOWER = "medlem.trondheim@demo.fellesloft.no"
ASKER = "koordinator.froya@demo.fellesloft.no"
ANSWERER = "koordinator.trondheim@demo.fellesloft.no"

QUESTIONS = {
    ("experiments", "experiment"): (
        "Hvordan fikk dere NAV med i teamet fra starten? Vi prøver noe lignende på Frøya.",
        "NAV-veilederen var med på startmøtet og har fast tid med oss hver uke.",
    ),
    ("experiments", "learningcard"): (
        "Hvor lenge varte sprintene deres før dere så en forskjell?",
        None,
    ),
}


def _first_visible(key: tuple[str, str], user: User):
    entry = registry.entry_for_key(*key)
    if entry is None:
        return None
    for obj in entry.model._default_manager.order_by("pk")[:50]:
        if registry.may_see(user, obj):
            return obj
    return None


def load(*, stdout) -> None:
    users = {
        user.email: user for user in User.objects.filter(email__in=[FOLLOWER, ASKER, ANSWERER])
    }
    follower, asker, answerer = (users.get(email) for email in (FOLLOWER, ASKER, ANSWERER))
    if follower is None or asker is None:
        return
    for key in [
        ("experiments", "experiment"),
        ("experiments", "learningcard"),
        ("barriers", "barrier"),
    ]:
        obj = _first_visible(key, follower)
        if obj is not None:
            services.follow_add(user=follower, obj=obj)
    added = 0
    for key, (question, answer) in QUESTIONS.items():
        obj = _first_visible(key, follower)
        if obj is None or not registry.may_see(asker, obj):
            continue
        if Comment.objects.filter(author=asker, text=question).exists():
            continue
        services.comment_add(author=asker, about=obj, text=question)
        added += 1
        if answer and answerer is not None and registry.may_see(answerer, obj):
            services.comment_add(author=answerer, about=obj, text=answer)
            added += 1
    stdout.write(f"Varsler og kommentarer: {added} nye kommentarer.")

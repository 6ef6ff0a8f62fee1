from datetime import timedelta

from django.utils import timezone

from fellesloft.dialogs import notices, services
from fellesloft.dialogs.models import ModerationMode, OutcomeKind
from tests.dialogs.helpers import make_dialog
from tests.matrix import Case, everyone, logged_in, only

# The facilitators (members of the dialog's organisation) and the mission lead.
MANAGERS = {"member", "mission_lead", "superuser"}


def extend_world(world) -> None:
    dialog = make_dialog(world, moderation_mode=ModerationMode.BEFORE)
    created = services.participant_create(dialog=dialog)
    held = services.statement_submit(
        participant=created.participant, text="Skolen må lytte mer til elevene."
    )
    world.extra["dialog"] = dialog
    world.extra["held_statement"] = held
    # «Dette skjedde videre»: seen with the results (not public here), managed by MANAGERS.
    world.extra["outcome"] = services.outcome_create(
        dialog=dialog,
        user=world.users["member"],
        kind=OutcomeKind.DECISION,
        title="Kommunen har vedtatt én fast kontaktperson",
        text="Bystyret vedtok ordningen i juni.",
        decided_on=timezone.localdate(),
        statements=[dialog.statements.filter(is_seed=True).first()],
    )
    world.extra["outcome_subscription"] = services.outcome_subscription_set(
        participant=created.participant, email="deltaker@example.no"
    )
    # The list shows these only to those who moderate them (they are not open now).
    closed = make_dialog(world, title="Stengt dialog", seeds=())
    world.extra["closed_dialog"] = services.dialog_close(dialog=closed)
    world.extra["coming_dialog"] = make_dialog(
        world, title="Kommende dialog", seeds=(), opens_at=timezone.now() + timedelta(days=7)
    )
    other = make_dialog(
        world,
        title="Stengt dialog i den andre organisasjonen",
        seeds=(),
        organisation=world.other_organisation,
        user=world.users["other_coordinator"],
    )
    world.extra["other_closed_dialog"] = services.dialog_close(dialog=other)


def _dialog(world):
    return {"slug": world.dialog.slug}


def _outcome(world):
    return {"slug": world.dialog.slug, "outcome_id": world.outcome.pk}


def _unsubscribe(world):
    return {"token": notices.unsubscribe_token(world.outcome_subscription)}


def _code(world):
    return {"code": world.dialog.short_code}


def _held(world):
    return {"slug": world.dialog.slug, "statement_id": world.held_statement.pk}


CASES = [
    Case("dialogs:list", everyone()),
    # A code leads to the dialog's start (its link), a missing one back to the list.
    Case("dialogs:by_code_form", everyone(302)),
    Case("dialogs:by_code", everyone(302), kwargs=_code),
    Case("dialogs:create", logged_in()),
    Case("dialogs:import", logged_in()),
    Case("dialogs:moderation_all", logged_in()),
    Case("dialogs:participate", everyone(), kwargs=_dialog),
    Case("dialogs:vote", everyone(302), kwargs=_dialog),
    Case("dialogs:write", everyone(302), kwargs=_dialog),
    Case("dialogs:describe", everyone(302), kwargs=_dialog),
    # Without a participant token there is nothing to delete: back to the start.
    Case("dialogs:forget", everyone(302), kwargs=_dialog),
    Case("dialogs:mine", everyone(302), kwargs=_dialog),
    Case("dialogs:outcomes", only(MANAGERS), kwargs=_dialog),
    Case("dialogs:outcome_create", only(MANAGERS), kwargs=_dialog),
    Case("dialogs:outcome_edit", only(MANAGERS), kwargs=_outcome),
    Case("dialogs:outcome_delete", only(MANAGERS, 302), kwargs=_outcome, method="post"),
    # The signed token in the e-mail is the permission.
    Case("dialogs:outcome_unsubscribe", everyone(), kwargs=_unsubscribe),
    Case("dialogs:results", only(MANAGERS, anonymous=403), kwargs=_dialog),
    Case("dialogs:report", only(MANAGERS, anonymous=403), kwargs=_dialog),
    Case("dialogs:report_pdf", only(MANAGERS, anonymous=403), kwargs=_dialog, html=False),
    Case("dialogs:report_xlsx", only(MANAGERS, anonymous=403), kwargs=_dialog, html=False),
    Case("dialogs:detail", only(MANAGERS), kwargs=_dialog),
    Case("dialogs:edit", only(MANAGERS), kwargs=_dialog),
    Case("dialogs:seeds", only(MANAGERS), kwargs=_dialog),
    Case("dialogs:share", only(MANAGERS), kwargs=_dialog),
    Case("dialogs:qr", only(MANAGERS), kwargs=_dialog, html=False),
    Case("dialogs:export", only(MANAGERS), kwargs=_dialog, html=False),
    Case("dialogs:moderation", only(MANAGERS), kwargs=_dialog),
    Case("dialogs:moderation_log", only(MANAGERS), kwargs=_dialog, html=False),
    Case("dialogs:moderate_duplicates", only(MANAGERS, 302), kwargs=_dialog, method="post"),
    Case(
        "dialogs:phase",
        only(MANAGERS, 302),
        kwargs=_dialog,
        method="post",
        data={"phase": "fantasy"},
    ),
    Case("dialogs:close", only(MANAGERS, 302), kwargs=_dialog, method="post"),
    Case(
        "dialogs:moderate",
        only(MANAGERS, 302),
        kwargs=_held,
        method="post",
        data={"decision": "approve"},
    ),
    # The JSON API: the test client sends no participant token.
    # A form-encoded body is not JSON: 400 (the API tests send JSON).
    Case("api:dialog_participant_create", everyone(400), kwargs=_dialog, method="post", html=False),
    Case("api:dialog_next_statement", everyone(401), kwargs=_dialog, html=False),
    Case("api:dialog_vote", everyone(400), kwargs=_dialog, method="post", html=False),
    Case("api:dialog_statement_create", everyone(400), kwargs=_dialog, method="post", html=False),
    Case(
        "api:dialog_participant_delete", everyone(401), kwargs=_dialog, method="delete", html=False
    ),
    Case("api:dialogs_list", everyone(), html=False),
    Case("api:dialog_results", only(MANAGERS, anonymous=403), kwargs=_dialog, html=False),
    Case("api:dialog_outcomes", only(MANAGERS, anonymous=403), kwargs=_dialog, html=False),
]

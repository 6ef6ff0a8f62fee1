"""The barrier's state machine: which status may follow which, and by which action.

meldt → under vurdering → eskalert → besvart → løst / lukket, with «slått sammen» from any
open status. A follow-up can escalate an answered barrier again (a new deadline). The final
statuses have no way out. `services.barrier_transition` is the only code that moves a status.
"""

from django.utils.translation import gettext_lazy as _

from fellesloft.barriers.models import Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REPORTED: frozenset({Status.UNDER_REVIEW, Status.CLOSED, Status.MERGED}),
    Status.UNDER_REVIEW: frozenset(
        {Status.ESCALATED, Status.RESOLVED, Status.CLOSED, Status.MERGED}
    ),
    Status.ESCALATED: frozenset({Status.ANSWERED, Status.RESOLVED, Status.CLOSED, Status.MERGED}),
    Status.ANSWERED: frozenset({Status.ESCALATED, Status.RESOLVED, Status.CLOSED, Status.MERGED}),
    Status.RESOLVED: frozenset(),
    Status.CLOSED: frozenset(),
    Status.MERGED: frozenset(),
}

# action (as in URLs and the API) → the status it leads to, with the button's label.
ACTIONS: dict[str, tuple[str, str]] = {
    "review": (Status.UNDER_REVIEW, _("Start vurdering")),
    "escalate": (Status.ESCALATED, _("Eskaler")),
    "answer": (Status.ANSWERED, _("Registrer svar")),
    "resolve": (Status.RESOLVED, _("Marker som løst")),
    "close": (Status.CLOSED, _("Lukk")),
    "merge": (Status.MERGED, _("Slå sammen med en annen")),
}


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def allowed_actions(status: str) -> list[tuple[str, str]]:
    """[(action, label)] that can be taken from `status`, in workflow order."""
    return [
        (action, str(label))
        for action, (target, label) in ACTIONS.items()
        if is_allowed(status, target)
    ]

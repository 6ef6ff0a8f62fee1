"""The logged-in person's own endpoints (`/api/v1/me/…`): «Mitt arbeid» as JSON, from the
same items as the page (core.work). Mounted by api.api; here, not in an app, because core
(which assembles the items) sits below the API and may not import it."""

import datetime
from typing import Literal

from ninja import Router, Schema

from fellesloft.api.auth import STAFF_AUTH
from fellesloft.api.permissions import require
from fellesloft.core.work import STATES, work_items_for

router = Router(tags=["Meg"], auth=STAFF_AUTH)


class WorkItemOut(Schema):
    kind: str
    title: str
    url: str
    due: datetime.date | None
    state: Literal[STATES]


class WorkOut(Schema):
    items: list[WorkItemOut]


@router.get("/work", response=WorkOut, summary="Mitt arbeid: det som venter på meg")
def me_work(request):
    """What waits for the logged-in person (or the API key's owner), overdue first, then by
    due date: sprint evaluations, meeting tasks, barriers, moderation, dialogs, support hours,
    the municipality's indicators and the next network meeting. `url` is the page where it
    is done."""
    require(request, "core.open_my_work")
    return {"items": [item.as_dict() for item in work_items_for(user=request.user)]}

"""«Gjelder oss også»: organisations saying a barrier meets them too."""

from django.db import transaction
from django.utils.translation import gettext as _

from fellesloft.accounts.models import User
from fellesloft.barriers.models import Barrier, Endorsement
from fellesloft.barriers.services._common import _check_member, _check_open, _locked
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.services import refuse_personal_data
from fellesloft.organisations.models import Organisation


@transaction.atomic
def barrier_endorse(
    *, barrier: Barrier, organisation: Organisation, user: User, comment: str = ""
) -> Endorsement:
    barrier = _locked(barrier)
    _check_member(
        user,
        organisation,
        _("Du kan bare svare for en organisasjon du er medlem av."),
        field="organisation",
    )
    _check_open(barrier, _("Barrieren er %(status)s og kan ikke få flere tilslutninger."))
    if organisation.pk == barrier.reporting_organisation_id:
        raise ServiceError(
            _("%(organisation)s meldte barrieren selv.") % {"organisation": organisation.name},
            field="organisation",
        )
    if barrier.endorsements.filter(organisation=organisation).exists():
        raise ServiceError(
            _("%(organisation)s har allerede sagt at barrieren gjelder dem.")
            % {"organisation": organisation.name},
            field="organisation",
        )
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ServiceError(_("Kommentaren kan ha høyst 2000 tegn."), field="comment")
    # The comment is shown with the barrier, publicly once it is escalated.
    refuse_personal_data(
        comment,
        field="comment",
        message=_("Fjern personopplysningene fra kommentaren (%(what)s)."),
    )
    return Endorsement.objects.create(
        barrier=barrier, organisation=organisation, endorsed_by=user, comment=comment
    )


@transaction.atomic
def endorsement_withdraw(*, barrier: Barrier, organisation: Organisation, user: User) -> None:
    _check_member(user, organisation, _("Du kan bare svare for en organisasjon du er medlem av."))
    deleted, _detail = barrier.endorsements.filter(organisation=organisation).delete()
    if not deleted:
        raise ServiceError(_("Organisasjonen har ikke sagt at barrieren gjelder dem."))

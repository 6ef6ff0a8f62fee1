from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fellesloft.accounts.forms import NewPasswordForm
from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import editable_copy, list_filters
from fellesloft.core.policy import visible_object, visible_object_or_404
from fellesloft.core.profile import municipality_sections
from fellesloft.core.views import form_page, page_of, post_action, post_form_action, requires
from fellesloft.organisations import selectors, services
from fellesloft.organisations.forms import (
    InvitationForm,
    MembershipRoleForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from fellesloft.organisations.models import (
    Invitation,
    InvitationStatus,
    Membership,
    Municipality,
    Organisation,
)


def organisation_list(request):
    form, filters = list_filters(request, OrganisationFilterForm)
    organisations = selectors.organisation_list(
        user=request.user,
        municipality=filters.get("kommune"),
        sector=filters.get("sektor"),
        query=filters.get("q", ""),
    )
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "form": form,
            "page": page_of(request, organisations, 50),
            "may_add": request.user.has_perm("organisations.add_organisation"),
        },
    )


def organisation_detail(request, slug: str):
    organisation = visible_object_or_404(
        Organisation.objects.select_related("sector", "municipality"), request.user, slug=slug
    )
    may_view_members = request.user.has_perm("organisations.view_members", organisation)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation=organisation)
            if may_view_members
            else None,
            "may_change": request.user.has_perm("organisations.change_organisation", organisation),
            "may_manage_members": request.user.has_perm(
                "organisations.manage_members", organisation
            ),
        },
    )


def _detail_url(organisation: Organisation) -> str:
    return reverse("organisations:detail", kwargs={"slug": organisation.slug})


_organisation_in_url = visible_object(Organisation, url_kwarg="slug", field_name="slug")


@requires("organisations.add_organisation")
def organisation_create(request):
    return form_page(
        request,
        OrganisationForm(request.POST or None),
        "organisations/organisation_form.html",
        save=lambda form: services.organisation_create(**form.cleaned_data),
        then=_detail_url,
        message=_("Organisasjonen er opprettet."),
    )


@requires("organisations.change_organisation", fn=_organisation_in_url)
def organisation_edit(request, organisation: Organisation):
    form = OrganisationForm(request.POST or None, instance=editable_copy(organisation))
    return form_page(
        request,
        form,
        "organisations/organisation_form.html",
        {"organisation": organisation},
        save=lambda form: services.organisation_update(
            organisation=organisation, **form.cleaned_data
        ),
        then=_detail_url,
        message=_("Endringene er lagret."),
    )


@requires("organisations.manage_members", fn=_organisation_in_url)
def organisation_members(request, organisation: Organisation):
    """The members with their roles, the invitations not yet answered, and a new invitation."""
    return form_page(
        request,
        InvitationForm(request.POST or None, user=request.user),
        "organisations/members.html",
        {
            "organisation": organisation,
            "memberships": selectors.organisation_memberships(organisation=organisation),
            "invitations": selectors.organisation_invitations(organisation=organisation),
            "role_form": MembershipRoleForm(),
            "may_manage_accounts": request.user.has_perm("organisations.manage_accounts"),
            "may_view_audit_log": request.user.has_perm("core.view_auditlog"),
        },
        save=lambda form: services.invitation_create(
            organisation=organisation, invited_by=request.user, **form.cleaned_data
        ),
        then=_members_url(organisation),
        message=lambda invitation: (
            _("Invitasjonen er sendt til %(email)s.") % {"email": invitation.email}
        ),
    )


def _members_url(organisation: Organisation) -> str:
    return reverse("organisations:members", kwargs={"slug": organisation.slug})


def _membership_of(organisation: Organisation, membership_id: int) -> Membership:
    return get_object_or_404(organisation.memberships.select_related("user"), pk=membership_id)


def _invitation_of(organisation: Organisation, invitation_id: int) -> Invitation:
    return get_object_or_404(organisation.invitations, pk=invitation_id)


def _members_page_action(
    find, act, done, *, permission="organisations.manage_members", about_organisation=True
):
    """A button on the members page (a membership's or an invitation's): a POST that
    `act(target, actor)` carries out on what `find(organisation, id)` finds in the address,
    with `done(target)` as the message (or the service's refusal), and the user is back on
    the members page. A permission not `about_organisation` is asked before the organisation
    is looked up."""

    def view(request, organisation: Organisation, slug: str, **target_id):
        target = find(organisation, **target_id)
        post_action(request, lambda: act(target, request.user), done=done(target))
        return redirect("organisations:members", slug=slug)

    if about_organisation:
        return requires(permission, fn=_organisation_in_url, post_only=True)(view)
    return requires(permission, post_only=True)(requires(fn=_organisation_in_url)(view))


@requires("organisations.manage_members", fn=_organisation_in_url, post_only=True)
def membership_change_role(request, organisation: Organisation, membership_id: int):
    membership = _membership_of(organisation, membership_id)
    post_form_action(
        request,
        MembershipRoleForm(request.POST),
        lambda data: services.membership_change_role(
            membership=membership, role=data["role"], actor=request.user
        ),
        done=_("Rollen er endret."),
        invalid=_("Velg en gyldig rolle."),
    )
    return redirect(_members_url(organisation))


membership_deactivate = _members_page_action(
    _membership_of,
    lambda membership, actor: services.membership_deactivate(membership=membership, actor=actor),
    lambda membership: (
        _("Medlemskapet til %(person)s er deaktivert. Det gjelder fra nå av.")
        % {"person": membership.user}
    ),
)

membership_reactivate = _members_page_action(
    _membership_of,
    lambda membership, actor: services.membership_reactivate(membership=membership, actor=actor),
    lambda membership: (
        _("Medlemskapet til %(person)s er aktivt igjen.") % {"person": membership.user}
    ),
)

account_deactivate = _members_page_action(
    _membership_of,
    lambda membership, actor: services.user_deactivate(user=membership.user, actor=actor),
    lambda membership: (
        _("Kontoen til %(person)s er deaktivert. Personen er logget ut overalt.")
        % {"person": membership.user}
    ),
    # Managing accounts is a permission of its own, not one about the organisation.
    permission="organisations.manage_accounts",
    about_organisation=False,
)

account_reactivate = _members_page_action(
    _membership_of,
    lambda membership, actor: services.user_reactivate(user=membership.user, actor=actor),
    lambda membership: _("Kontoen til %(person)s er aktiv igjen.") % {"person": membership.user},
    permission="organisations.manage_accounts",
    about_organisation=False,
)

invitation_resend = _members_page_action(
    _invitation_of,
    lambda invitation, actor: services.invitation_resend(invitation=invitation, actor=actor),
    lambda invitation: (
        _("Invitasjonen er sendt på nytt til %(email)s. Den gamle lenken virker ikke lenger.")
        % {"email": invitation.email}
    ),
)

invitation_revoke = _members_page_action(
    _invitation_of,
    lambda invitation, actor: services.invitation_revoke(invitation=invitation, actor=actor),
    lambda invitation: (
        _("Invitasjonen til %(email)s er trukket tilbake.") % {"email": invitation.email}
    ),
)


def invitation_accept(request, token: str):
    """The page an invitation's link opens: it names the organisation and the role, and lets
    the invited person accept – logged in, or by choosing a password – or says why not."""
    invitation = selectors.invitation_from_token(token)
    if invitation is None:
        return render(
            request,
            "organisations/invitation_refused.html",
            {
                "message": _(
                    "Lenken er ikke gyldig. Kanskje er invitasjonen sendt på nytt: bruk lenken i "
                    "den nyeste e-posten, og kopier hele lenken."
                )
            },
            status=404,
        )
    user = request.user
    refusal = services.invitation_refusal(invitation, user)
    if refusal is not None:
        own_and_accepted = (
            invitation.accepted_at is not None
            and user.is_authenticated
            and user.email.lower() == invitation.email
        )
        if own_and_accepted:  # e.g. accepted at the login that brought them back here
            return redirect("organisations:detail", slug=invitation.organisation.slug)
        # Someone else's invitation is refused to them; a spent one is gone for everyone.
        status = 403 if invitation.status == InvitationStatus.PENDING else 410
        return render(
            request,
            "organisations/invitation_refused.html",
            {"message": refusal, "invitation": invitation},
            status=status,
        )
    invitee = selectors.invitee_of(invitation)
    context = {"invitation": invitation, "invitee": invitee}
    if user.is_authenticated:
        if request.method == "POST":
            return _accepted(
                request, lambda: services.invitation_accept(invitation=invitation, user=user)
            )
        return render(request, "organisations/invitation_accept.html", context)
    if invitee.has_usable_password():
        return render(request, "organisations/invitation_accept.html", context)
    form = NewPasswordForm(invitee, request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _accepted(
            request,
            lambda: services.invitation_accept_with_password(
                invitation=invitation, user=invitee, password=form.cleaned_data["new_password1"]
            ),
        )
        if invitee.pk is not None and response.status_code == 302:
            login(request, invitee, backend="django.contrib.auth.backends.ModelBackend")
        return response
    return render(request, "organisations/invitation_accept.html", {**context, "form": form})


def _accepted(request, accept) -> HttpResponse:
    try:
        membership = accept()
    except ServiceError as error:
        return render(
            request, "organisations/invitation_refused.html", {"message": error.message}, status=410
        )
    messages.success(
        request,
        _("Velkommen! Du er nå med i %(organisation)s som %(role)s.")
        % {
            "organisation": membership.organisation.name,
            "role": membership.get_role_display().lower(),
        },
    )
    return redirect("organisations:detail", slug=membership.organisation.slug)


def municipality_list(request):
    return render(
        request,
        "organisations/municipality_list.html",
        {"municipalities": selectors.municipality_list()},
    )


def municipality_detail(request, number: str):
    municipality = get_object_or_404(Municipality.objects.select_related("county"), number=number)
    return render(
        request,
        "organisations/municipality_detail.html",
        {
            "municipality": municipality,
            "organisations": selectors.organisation_list(
                user=request.user, municipality=municipality
            ),
            "sections": municipality_sections(municipality=municipality, user=request.user),
        },
    )

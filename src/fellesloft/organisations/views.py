from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fellesloft.core.policy import visible_object, visible_object_or_404
from fellesloft.core.profile import municipality_sections
from fellesloft.core.views import form_page, page_of, post_action, post_form_action, requires
from fellesloft.organisations import selectors, services
from fellesloft.organisations.forms import (
    MembershipAddForm,
    MembershipRoleForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from fellesloft.organisations.models import Membership, Municipality, Organisation


def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
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
def organisation_edit(request, slug: str):
    organisation = _organisation_in_url(request, slug=slug)
    # Bind to a copy so a failed validation never leaves the shown object half-changed.
    form = OrganisationForm(
        request.POST or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
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
def organisation_members(request, slug: str):
    organisation = _organisation_in_url(request, slug=slug)
    return form_page(
        request,
        MembershipAddForm(request.POST or None),
        "organisations/members.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation=organisation),
            "role_form": MembershipRoleForm(),
        },
        save=lambda form: services.membership_add(organisation=organisation, **form.cleaned_data),
        then=reverse("organisations:members", kwargs={"slug": organisation.slug}),
        message=_("Medlemmet er lagt til."),
    )


def _membership_in_url(request, slug: str, membership_id: int) -> Membership:
    organisation = _organisation_in_url(request, slug=slug)
    return get_object_or_404(organisation.memberships.select_related("user"), pk=membership_id)


@requires("organisations.manage_members", fn=_organisation_in_url, post_only=True)
def membership_change_role(request, slug: str, membership_id: int):
    membership = _membership_in_url(request, slug, membership_id)
    post_form_action(
        request,
        MembershipRoleForm(request.POST),
        lambda data: services.membership_change_role(membership=membership, role=data["role"]),
        done=_("Rollen er endret."),
        invalid=_("Velg en gyldig rolle."),
    )
    return redirect("organisations:members", slug=slug)


@requires("organisations.manage_members", fn=_organisation_in_url, post_only=True)
def membership_remove(request, slug: str, membership_id: int):
    membership = _membership_in_url(request, slug, membership_id)
    post_action(
        request,
        lambda: services.membership_remove(membership=membership),
        done=_("Medlemmet er fjernet."),
    )
    return redirect("organisations:members", slug=slug)


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

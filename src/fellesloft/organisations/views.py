from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fellesloft.core.exceptions import ServiceError
from fellesloft.core.forms import add_service_error
from fellesloft.core.profile import municipality_sections
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
        municipality=filters.get("kommune"),
        sector=filters.get("sektor"),
        query=filters.get("q", ""),
    )
    page = Paginator(organisations, 50).get_page(request.GET.get("side"))
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "form": form,
            "page": page,
            "may_add": request.user.has_perm("organisations.add_organisation"),
        },
    )


def organisation_detail(request, slug: str):
    organisation = get_object_or_404(
        Organisation.objects.select_related("sector", "municipality"), slug=slug
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


@login_required
def organisation_create(request):
    if not request.user.has_perm("organisations.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(**form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Organisasjonen er opprettet."))
            return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied
    # Bind to a copy so a failed validation never leaves the shown object half-changed.
    form = OrganisationForm(
        request.POST or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("organisations:detail", slug=organisation.slug)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
def organisation_members(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    form = MembershipAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(organisation=organisation, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Medlemmet er lagt til."))
            return redirect("organisations:members", slug=organisation.slug)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation=organisation),
            "form": form,
            "role_form": MembershipRoleForm(),
        },
    )


def _membership_for_manager(request, slug: str, membership_id: int) -> Membership:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    return get_object_or_404(organisation.memberships.select_related("user"), pk=membership_id)


@login_required
@require_POST
def membership_change_role(request, slug: str, membership_id: int):
    membership = _membership_for_manager(request, slug, membership_id)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg en gyldig rolle."))
    else:
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Rollen er endret."))
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def membership_remove(request, slug: str, membership_id: int):
    membership = _membership_for_manager(request, slug, membership_id)
    try:
        services.membership_remove(membership=membership)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Medlemmet er fjernet."))
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
            "organisations": selectors.organisation_list(municipality=municipality),
            "sections": municipality_sections(municipality=municipality, user=request.user),
        },
    )

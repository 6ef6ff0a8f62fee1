from django.contrib import admin

from fellesloft.core.admin import TableInline
from fellesloft.organisations.models import County, Membership, Municipality, Organisation, Sector


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county"]
    list_filter = ["county"]
    search_fields = ["number", "name"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_youth_voice", "order"]
    list_editable = ["order"]


class MembershipInline(TableInline):
    model = Membership
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "municipality"]
    list_filter = ["kind", "sector", "municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

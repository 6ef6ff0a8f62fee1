from django.contrib import admin

from fellesloft.barriers.models import (
    Barrier,
    BarrierCategory,
    BarrierNote,
    BarrierTheme,
    BarrierTransition,
    Endorsement,
    Recipient,
    TrialApplication,
    TrialDeviation,
)
from fellesloft.core.admin import TableInline


@admin.register(BarrierCategory)
class BarrierCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BarrierTheme)
class BarrierThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]


class EndorsementInline(TableInline):
    model = Endorsement
    raw_id_fields = ["organisation", "endorsed_by"]


class TransitionInline(TableInline):
    model = BarrierTransition
    readonly_fields = ["from_status", "to_status", "actor", "summary", "created_at"]
    can_delete = False


@admin.register(Barrier)
class BarrierAdmin(admin.ModelAdmin):
    """Read-mostly: the workflow's steps go through the application, which records them."""

    list_display = ["title", "status", "level", "category", "reporting_organisation", "is_held"]
    list_filter = ["status", "level", "category", "is_held"]
    search_fields = ["title", "description"]
    readonly_fields = ["status", "merged_into"]
    raw_id_fields = ["reporting_organisation", "reported_by"]
    inlines = [EndorsementInline, TransitionInline]


@admin.register(BarrierNote)
class BarrierNoteAdmin(admin.ModelAdmin):
    list_display = ["barrier", "author", "created_at"]


class TrialDeviationInline(TableInline):
    model = TrialDeviation
    readonly_fields = ["law", "regulation", "section", "deviation", "created_at"]
    can_delete = False


@admin.register(TrialApplication)
class TrialApplicationAdmin(admin.ModelAdmin):
    """Read-only: the municipality drafts it in the application, where the rules are checked."""

    list_display = ["barrier", "preliminary_status", "final_status", "updated_at"]
    list_filter = ["preliminary_status", "final_status"]
    inlines = [TrialDeviationInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

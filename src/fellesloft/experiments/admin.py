"""Read-mostly admin: changes to experiments go through the app's pages and services, where
the domain's rules (status transitions, budget) are checked."""

from django.contrib import admin

from fellesloft.core.admin import TableInline
from fellesloft.experiments.models import (
    Experiment,
    ExperimentPartner,
    LearningCard,
    Sprint,
    SprintBarrierNote,
    SupportBudget,
    SupportEntry,
)


class PartnerInline(TableInline):
    model = ExperimentPartner
    readonly_fields = ["organisation", "role"]
    can_delete = False


class SprintInline(TableInline):
    model = Sprint
    fields = ["number", "start_date", "end_date", "act_decision", "evaluated_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "owner_organisation", "status", "outcome"]
    list_filter = ["status", "municipality"]
    search_fields = ["title", "challenge"]
    readonly_fields = ["status", "outcome", "stop_reason", "status_changed_at"]
    inlines = [PartnerInline, SprintInline]


@admin.register(SprintBarrierNote)
class SprintBarrierNoteAdmin(admin.ModelAdmin):
    list_display = ["text", "sprint", "noted_at", "converted_at"]
    list_filter = ["converted_at"]


@admin.register(SupportBudget)
class SupportBudgetAdmin(admin.ModelAdmin):
    list_display = ["municipality", "hours", "updated_at"]
    readonly_fields = ["municipality", "hours", "updated_by"]


@admin.register(SupportEntry)
class SupportEntryAdmin(admin.ModelAdmin):
    list_display = [
        "municipality",
        "date",
        "hours",
        "kind",
        "given_by_person",
        "over_budget_override",
    ]
    list_filter = ["kind", "over_budget_override", "municipality"]
    readonly_fields = ["over_budget_override", "override_reason", "created_by"]


@admin.register(LearningCard)
class LearningCardAdmin(admin.ModelAdmin):
    list_display = ["title", "experiment", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "published_by"]

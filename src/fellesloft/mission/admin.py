from django.contrib import admin

from fellesloft.mission.models import (
    Goal,
    ImportRun,
    Indicator,
    InnovationArea,
    MainChallenge,
    Mission,
    NeedTheme,
    Observation,
    Region,
    RegionCodeChange,
)


@admin.register(NeedTheme, MainChallenge, InnovationArea)
class ReferenceTermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "source", "is_preliminary", "order"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "indicator", "region", "baseline_year", "target_year", "direction"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "region", "period", "value", "status", "is_preliminary"]
    list_filter = ["indicator", "region__level"]
    list_select_related = ["indicator", "region"]
    search_fields = ["region__name", "region__code", "period"]
    raw_id_fields = ["region"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "preset",
        "trigger",
        "result",
        "source",
        "file_format",
        "created",
        "updated",
        "unchanged",
    ]
    list_filter = ["result", "trigger", "preset"]


@admin.register(RegionCodeChange)
class RegionCodeChangeAdmin(admin.ModelAdmin):
    list_display = ["old_code", "old_name", "new_code", "year", "kind"]
    list_filter = ["kind", "year"]
    search_fields = ["old_code", "old_name", "new_code"]

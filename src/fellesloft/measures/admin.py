from django.contrib import admin

from fellesloft.core.admin import TableInline
from fellesloft.measures.models import Measure, MeasureImport, MeasureYouthNeed


class MeasureYouthNeedInline(TableInline):
    model = MeasureYouthNeed


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "age_from", "age_to", "access", "is_active"]
    list_filter = ["is_active", "access", "provider__sector", "municipalities", "need_themes"]
    search_fields = ["name", "provider__name"]
    autocomplete_fields = ["provider"]
    filter_horizontal = ["municipalities", "need_themes", "coordinated_with"]
    readonly_fields = ["slug", "created_by", "created_at", "updated_at"]
    inlines = [MeasureYouthNeedInline]


@admin.register(MeasureImport)
class MeasureImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "created_by", "status", "row_count", "imported_count", "created_at"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in MeasureImport._meta.fields]

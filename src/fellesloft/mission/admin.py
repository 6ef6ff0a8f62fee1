from django.contrib import admin

from fellesloft.mission.models import InnovationArea, MainChallenge, NeedTheme


@admin.register(NeedTheme, MainChallenge, InnovationArea)
class ReferenceTermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}

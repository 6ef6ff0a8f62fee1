from django.contrib import admin

from fellesloft.search.models import SearchDocument


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "municipality", "feed_at"]
    list_filter = ["source"]
    search_fields = ["title"]

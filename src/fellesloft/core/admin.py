from django.contrib import admin


class TableInline(admin.TabularInline):
    """Related rows as a table in the admin, with no blank rows to fill in unasked."""

    extra = 0

"""Operations in the admin site (administrators correct a plan there; supervisors use the planning
pages). Detections and their workers are not edited here: they are evidence."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import Operation


@admin.register(Operation)
class OperationAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "kind", "office", "starts_at", "ends_at"]
    list_filter = ["kind", "office"]
    search_fields = ["code", "name"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["areas"]
    autocomplete_fields = ["team"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

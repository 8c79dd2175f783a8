from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .models import Assignment, Inspector


@admin.register(Inspector)
class InspectorAdmin(LeafletGeoAdmin):
    list_display = ["user", "capacity", "open_cases", "active", "leave_from", "leave_until"]
    list_filter = ["active", "areas__office", "areas"]
    search_fields = ["user__staff_number", "user__full_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["areas"]

    def get_queryset(self, request):
        live = Count("assignments", filter=~Q(assignments__status=Assignment.Status.CLOSED))
        return super().get_queryset(request).select_related("user").annotate(open_cases=live)

    @admin.display(description=_("open cases"), ordering="open_cases")
    def open_cases(self, inspector) -> int:
        return inspector.open_cases


@admin.register(Assignment)
class AssignmentAdmin(LeafletGeoAdmin):
    """Read mostly: assignments change through dispatch, the inspector's outcome, or a supervisor
    move (each audited); the admin may correct notes and dates."""

    list_display = ["premises", "inspector", "status", "outcome", "due_on", "assigned_at"]
    list_filter = ["status", "outcome", "premises__area__office", "premises__area"]
    search_fields = ["premises__name", "inspector__user__staff_number", "inspector__user__full_name"]
    date_hierarchy = "assigned_at"
    list_select_related = ["premises", "inspector__user"]
    readonly_fields = [
        "premises",
        "inspector",
        "status",
        "outcome",
        "employer",
        "assigned_at",
        "reason",
        "reason_data",
        "visited_at",
        "closed_at",
        "closed_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

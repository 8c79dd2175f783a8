from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .areas import announce_areas_changed
from .models import Area, AuditEvent, Office, User


class StaffCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("staff_number", "full_name", "home_office")


class StaffChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class StaffAdmin(DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    ordering = ["staff_number"]
    list_display = ["staff_number", "full_name", "home_office", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "home_office"]
    search_fields = ["staff_number", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("staff_number", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "home_office")}),
        (_("Roles"), {"fields": ("is_active", "groups", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("staff_number", "full_name", "home_office", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups",)


@admin.register(Office)
class OfficeAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "state"]
    search_fields = ["code", "name", "state"]


@admin.register(Area)
class AreaAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "office", "state"]
    list_filter = ["office", "state"]
    search_fields = ["code", "name"]

    # Premises outside every area, or in one whose boundary moved, are placed again after commit.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        announce_areas_changed(area_ids=[obj.pk], actor=request.user)

    def delete_model(self, request, obj) -> None:
        area_id = obj.pk
        super().delete_model(request, obj)
        announce_areas_changed(area_ids=[area_id], actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        area_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        announce_areas_changed(area_ids=area_ids, actor=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only for everyone, administrators included."""

    list_display = ["at", "actor", "action", "result_count", "subject_hash"]
    list_filter = ["action"]
    search_fields = ["subject_hash", "actor__staff_number"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

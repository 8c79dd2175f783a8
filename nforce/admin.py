from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

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

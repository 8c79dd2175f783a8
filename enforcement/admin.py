from django.contrib import admin

from .models import CompoundRate


@admin.register(CompoundRate)
class CompoundRateAdmin(admin.ModelAdmin):
    """The compound schedule: a new amount is a new line with its valid_from, source and confidence."""

    list_display = (
        "section",
        "months_from",
        "months_to",
        "amount_rm",
        "per_worker",
        "valid_from",
        "confidence",
    )
    list_filter = ("section", "confidence", "valid_from")

from django.contrib import admin

from contact.models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "company", "created_at", "is_read", "sent_at", "send_attempts"]
    list_filter = ["is_read", ("sent_at", admin.EmptyFieldListFilter), "created_at"]
    list_editable = ["is_read"]
    search_fields = ["name", "email", "company", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "name", "email", "company", "message", "created_at", "sent_at", "send_attempts",
        "last_error",
    ]  # fmt: skip
    fields = [*readonly_fields, "is_read"]
    actions = ["mark_read"]

    def has_add_permission(self, request):
        # Messages come from visitors, through the form.
        return False

    @admin.action(description="Mark selected messages as read")
    def mark_read(self, request, queryset):
        queryset.update(is_read=True)

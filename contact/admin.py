from django.contrib import admin, messages
from django.utils.html import format_html, linebreaks
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from contact import services
from contact.models import ContactMessage

Status = ContactMessage.Status


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """The owner's inbox: every message sent through the form, spam included."""

    list_display = ["name", "email", "company", "created_at", "status", "delivery"]
    list_filter = ["status", "delivery", "created_at"]
    search_fields = ["name", "email", "company", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "name", "email", "company", "message_text", "reply_link", "created_at", "spam_reason",
        "delivery", "send_attempts", "last_error", "next_attempt_at", "sent_at",
    ]  # fmt: skip
    delivery_fields = [
        "created_at", "spam_reason", "delivery", "send_attempts", "last_error", "next_attempt_at",
        "sent_at",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["name", "email", "company", "message_text", "reply_link", "status"]}),
        ("Received and delivered", {"fields": delivery_fields}),
    ]
    actions = [
        "mark_read", "mark_replied", "archive", "mark_spam", "mark_not_spam", "retry_delivery",
    ]  # fmt: skip

    def has_add_permission(self, request):
        # Messages come from visitors, through the form.
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a new message is reading it.
        self.get_queryset(request).filter(pk=object_id, status=Status.NEW).update(
            status=Status.READ
        )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Message")
    def message_text(self, message):
        # linebreaks() escapes the visitor's text before it adds paragraphs and line breaks.
        return mark_safe(linebreaks(message.message, autoescape=True))

    @admin.display(description="Reply")
    def reply_link(self, message):
        query = urlencode({"subject": f"Re: your message of {message.created_at:%b %-d, %Y}"})
        return format_html(
            '<a href="mailto:{}?{}">Reply by email to {}</a>', message.email, query, message.name
        )

    def _set_status(self, request, queryset, status):
        count = queryset.update(status=status)
        self.message_user(
            request, f"{count} marked {Status(status).label.lower()}.", messages.SUCCESS
        )

    @admin.action(description="Mark selected messages as read")
    def mark_read(self, request, queryset):
        self._set_status(request, queryset, Status.READ)

    @admin.action(description="Mark selected messages as replied")
    def mark_replied(self, request, queryset):
        self._set_status(request, queryset, Status.REPLIED)

    @admin.action(description="Archive selected messages")
    def archive(self, request, queryset):
        self._set_status(request, queryset, Status.ARCHIVED)

    @admin.action(description="Mark selected messages as spam")
    def mark_spam(self, request, queryset):
        count = services.mark_spam(queryset)
        self.message_user(request, f"{count} marked as spam.", messages.SUCCESS)

    @admin.action(description="Not spam: move to the inbox and send the email")
    def mark_not_spam(self, request, queryset):
        count = services.mark_not_spam(queryset)
        self.message_user(request, f"{count} moved to the inbox.", messages.SUCCESS)

    @admin.action(description="Retry the email of selected messages now")
    def retry_delivery(self, request, queryset):
        count = services.retry_delivery(queryset)
        self.message_user(request, f"{count} queued to be sent again.", messages.SUCCESS)

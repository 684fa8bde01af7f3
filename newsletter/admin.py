import csv

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles.models import Article
from newsletter.models import Delivery, Mailing, SendingSettings, Subscriber
from newsletter.sending import resume_waiting_mailings, send_test


@admin.action(description="Export the selected subscribers as CSV")
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"subscribers-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["email", "status", "signed up", "confirmed", "source"])
    for subscriber in queryset.order_by("created_at"):
        writer.writerow([
            subscriber.email, subscriber.status, subscriber.created_at.isoformat(),
            subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
            subscriber.source,
        ])  # fmt: skip
    return response


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created_at", "confirmed_at", "source"]
    list_filter = ["status", "source"]
    # The token finds the subscriber of an unsubscribe request sent by email (its subject).
    search_fields = ["email", "=token"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "confirmed_at", "confirmation_sent_at", "source", "token"]
    actions = [export_csv]

    def get_urls(self):
        send = self.admin_site.admin_view(self.send_test_view)
        return [
            path("send-test/<int:article_pk>/", send, name="newsletter_send_test"),
            *super().get_urls(),
        ]

    def send_test_view(self, request, article_pk):
        """Email an article (even a draft) to the signed-in owner, through the worker."""
        article = get_object_or_404(Article, pk=article_pk)
        if request.method == "POST":
            address = request.user.email
            if not address:
                messages.error(request, "Your user has no email address: add one to get tests.")
            else:
                send_test.enqueue(article.pk, address)
                messages.success(request, f"A test of “{article}” is on its way to {address}.")
            return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Send a test",
            "article": article,
        }
        return TemplateResponse(request, "admin/newsletter/send_test.html", context)


@admin.register(SendingSettings)
class SendingSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings_row = SendingSettings.current()
        return redirect("admin:newsletter_sendingsettings_change", settings_row.pk)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.paused and "paused" in form.changed_data:
            resumed = resume_waiting_mailings()
            if resumed:
                messages.info(request, f"Sending resumed for {resumed} mailings.")


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["article", "created_at", "sent", "waiting", "failed"]
    list_select_related = ["article"]
    readonly_fields = ["article", "created_at"]

    def get_queryset(self, request):
        state = Delivery.State
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__state=state.SENT)),
                waiting_count=Count("deliveries", filter=Q(deliveries__state=state.PENDING)),
                failed_count=Count("deliveries", filter=Q(deliveries__state=state.FAILED)),
            )
        )

    @admin.display(ordering="sent_count")
    def sent(self, mailing):
        return mailing.sent_count

    @admin.display(ordering="waiting_count")
    def waiting(self, mailing):
        return mailing.waiting_count

    @admin.display(ordering="failed_count")
    def failed(self, mailing):
        return mailing.failed_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

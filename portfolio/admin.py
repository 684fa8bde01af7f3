"""The admin site, whose front page is the owner's desk: what waits for the owner, first."""

from django.contrib import admin
from django.urls import path

import stats.admin
from access.site import SecondFactorSite
from articles.models import Article
from contact.models import ContactMessage
from newsletter.models import Subscriber
from stats import reports

# How many rows each list of the desk shows before linking to the rest.
DESK_ROWS = 5


# The admin runs under the site's Content-Security-Policy as it is (its own scripts only); a
# browser test loads the admin's pages and finds no refusal.
class DeskAdminSite(SecondFactorSite, admin.AdminSite):
    site_header = "Portfolio administration"
    site_title = "Portfolio admin"
    index_title = "Site content"
    index_template = "admin/desk.html"

    def get_urls(self):
        own = [
            path("statistics/", self.admin_view(stats.admin.statistics), name="statistics"),
            path(
                "statistics/delete/",
                self.admin_view(stats.admin.delete_statistics),
                name="statistics-delete",
            ),
            path(
                "statistics/search-console/",
                self.admin_view(stats.admin.search_console),
                name="statistics-search-console",
            ),
        ]
        return own + super().get_urls()

    def index(self, request, extra_context=None):
        unread = ContactMessage.objects.filter(status=ContactMessage.Status.NEW)
        drafts = Article.objects.filter(status=Article.Status.DRAFT).order_by("-pk")
        desk = {
            "unread_count": unread.count(),
            "unread": unread.order_by("-created_at")[:DESK_ROWS],
            "drafts": drafts[:DESK_ROWS],
            "scheduled": Article.objects.scheduled().order_by("published_at")[:DESK_ROWS],
            "readers": reports.totals(reports.daily(reports.Period(7))),
            "subscriber_count": Subscriber.objects.confirmed().count(),
        }
        return super().index(request, {**(extra_context or {}), **desk})

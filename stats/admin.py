"""The owner's Statistics pages in the admin (wired in portfolio.admin): the site's or one
page's readers over a period, deleting every statistic, and the Search Console upload."""

from django.contrib import admin, messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from stats import reports
from stats.charts import line_chart
from stats.counting import is_a_page
from stats.forms import SearchConsoleForm
from stats.models import SITE
from stats.retention import delete_all

DEFAULT_DAYS = 30


def statistics(request):
    """The site's statistics, or one page's (?path=), over 7, 30, 90 or 365 days (?days=)."""
    days = request.GET.get("days", str(DEFAULT_DAYS))
    path = request.GET.get("path", SITE)
    if not days.isdigit() or int(days) not in reports.PERIODS:
        return HttpResponseBadRequest(f"days must be one of {reports.PERIODS}.")
    if path and not is_a_page(path):
        return HttpResponseBadRequest("path must be the path of a page of this site.")
    period = reports.Period(int(days))
    daily = reports.daily(period, path)
    each_day = [row["day"] for row in daily]
    by_month = period.days > reports.LONGEST_DAILY_TABLE
    context = {
        **admin.site.each_context(request),
        "title": "Statistics",
        "period": period,
        "periods": reports.PERIODS,
        "path": path,
        "page_title": reports.article_titles([path]).get(path, "") if path else "",
        "by_month": by_month,
        "table": reports.monthly(daily) if by_month else daily,
        "totals": reports.totals(daily),
        "chart": line_chart(
            each_day,
            [
                ("Views", "views", [row["views"] for row in daily]),
                ("Visitors", "visitors", [row["visitors"] for row in daily]),
            ],
        ),
        "sources": reports.sources(period, path),
        "campaigns": reports.campaigns(period, path),
    }
    if path:
        context["search_page"], context["search_queries"] = reports.search_figures(path)
    else:
        subscribers, readers = reports.feed_subscribers(period)
        context.update(
            top_pages=reports.top_pages(period),
            subscribers_table=reports.monthly_subscribers(subscribers) if by_month else subscribers,
            readers=readers,
            subscribers_chart=line_chart(
                each_day,
                [("Subscribers", "subscribers", [row["subscribers"] for row in subscribers])],
            ),
        )
        context["search_report"], context["search_queries"], context["search_pages"] = (
            reports.site_search_figures()
        )
    return TemplateResponse(request, "admin/stats/statistics.html", context)


@require_http_methods(["GET", "POST"])
def delete_statistics(request):
    """Delete every statistic, once the owner confirms."""
    if request.method == "POST":
        delete_all()
        messages.success(request, "Every statistic was deleted.")
        return redirect("admin:statistics")
    context = {**admin.site.each_context(request), "title": "Delete every statistic?"}
    return TemplateResponse(request, "admin/stats/delete.html", context)


@require_http_methods(["GET", "POST"])
def search_console(request):
    """Upload a Google Search Console Performance export."""
    form = SearchConsoleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = form.result
        left_out = f"; {result.skipped} pages of other sites left out" if result.skipped else ""
        messages.success(
            request, f"Imported {result.pages} pages and {result.queries} queries{left_out}."
        )
        target = reverse("admin:statistics")
        if result.report.page_path:
            target += f"?path={result.report.page_path}"
        return redirect(target)
    context = {
        **admin.site.each_context(request),
        "title": "Import a Search Console export",
        "form": form,
    }
    return TemplateResponse(request, "admin/stats/search_console.html", context)

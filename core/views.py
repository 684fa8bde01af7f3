from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article, ExternalArticle, Publication
from contact.forms import ContactForm
from core import seo
from core.cache import content_version, fragment_timeout
from core.models import Stat
from core.search import SearchForm, search_articles, search_projects
from core.site import get_profile, get_social_links
from experience.models import Role, SkillGroup
from projects.models import Project
from testimonials.models import Testimonial

# How many of the newest articles the home page lists before linking to all of them.
HOME_ARTICLE_COUNT = 6


def home(request):
    profile = get_profile(request)
    meta = seo.PageMeta(
        title=f"{profile.name} — {profile.role}",
        description=profile.intro,
        path=reverse("core:home"),
        og_type="profile",
        structured_data=[seo.profile_page(profile, get_social_links(request))],
    )
    context = {
        "meta": meta,
        "content_version": content_version(),
        "fragment_timeout": fragment_timeout(),
        "stats": Stat.objects.all(),
        "roles": Role.objects.published().prefetch_related("highlights"),
        "testimonials": Testimonial.objects.published().select_related("group"),
        "skill_groups": SkillGroup.objects.prefetch_related("skills"),
        "projects": Project.objects.published().defer("search_vector").prefetch_related("features"),
        "articles": Article.objects.published().as_cards()[:HOME_ARTICLE_COUNT],
        "external_articles": ExternalArticle.objects.published().select_related("publication"),
        "publications": Publication.objects.exclude(all_articles_url=""),
        "form": ContactForm(),
    }
    return render(request, "core/home.html", context)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    articles = projects = []
    if query:
        articles = search_articles(Article.objects.published().as_cards(), query)
        projects = search_projects(Project.objects.published(), query)
    profile = get_profile(request)
    meta = seo.PageMeta(
        title=f"Search results for “{query}” — {profile.name}"
        if query
        else f"Search — {profile.name}",
        description=f"Search the articles and projects of {profile.name}.",
        path=reverse("core:search"),
        # Result pages are for visitors, not for search engines.
        noindex=bool(request.GET),
    )
    context = {"form": form, "query": query, "results": [*articles, *projects], "meta": meta}
    return render(request, "core/search.html", context)


@require_safe
def health(request):
    """For load balancers and uptime checks: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('core:search')}",
        "",
        f"Sitemap: {seo.absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

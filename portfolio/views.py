"""The pages that show every app at once: the home page, the résumé and the site-wide search.

This is the one place that composes the apps; core and the content apps know nothing of it.
"""

from functools import cached_property

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article, ExternalArticle, Publication
from core import seo
from core.search import SearchForm, search
from experience.models import Role, Skill
from owner.models import Stat
from owner.site import get_profile, get_social_links, page_meta
from projects.models import Project
from testimonials.models import Testimonial
from web.cache import page_version, public_page

# How many of the newest articles, and of the projects in the owner's order, the home page
# shows before linking to all of them.
HOME_ARTICLE_COUNT = 6
HOME_PROJECT_COUNT = 6


class HomeSections:
    """What the home page's sections show, each read when its section is rendered; rows that
    several sections show are read once."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def roles(self):
        return list(Role.objects.published().prefetch_related("highlights"))

    @cached_property
    def current_roles(self):
        return [role for role in self.roles if role.is_current]

    @cached_property
    def skills(self):
        return list(Skill.objects.for_toolkit())

    @cached_property
    def articles(self):
        return list(Article.objects.published().as_cards()[:HOME_ARTICLE_COUNT])

    def testimonials(self):
        return Testimonial.objects.published().select_related("group")

    def projects(self):
        return (
            Project.objects.published()
            .defer("search_vector")
            .select_related("cover_image")
            .prefetch_related("features")[:HOME_PROJECT_COUNT]
        )

    def external_articles(self):
        return ExternalArticle.objects.published().select_related("publication")

    def publications(self):
        return Publication.objects.all()

    def structured_data(self):
        return seo.profile_page(
            get_profile(self.request),
            get_social_links(self.request),
            works_for=list(dict.fromkeys(role.organisation for role in self.current_roles)),
            knows_about=[skill.name for skill in self.skills],
            articles=[(article.title, article.get_absolute_url()) for article in self.articles],
        )


@require_safe
@public_page
def home(request):
    # Read first, before the rows the sections show (see web.cache.content_changed).
    version = page_version(request)
    profile = get_profile(request)
    meta = seo.PageMeta(
        title=f"{profile.name} — {profile.role}",
        description=profile.intro,
        path=reverse("home"),
        og_type="profile",
        image=profile.share_image,
        image_alt=f"{profile.name}: {profile.headline}",
    )
    context = {
        "meta": meta,
        "stats": Stat.objects.all(),
        "home": HomeSections(request),
        "sections_cache": {"version": version, "seconds": settings.PAGE_CACHE_SECONDS},
    }
    return render(request, "core/home.html", context)


# How many of the newest articles the résumé lists.
CV_ARTICLE_COUNT = 5


@require_safe
@public_page
def cv(request):
    """The résumé: the same published data as the home page, laid out for paper."""
    profile = get_profile(request)
    meta = page_meta(
        request,
        "Résumé",
        description=f"The résumé of {profile.name}: {profile.role}.",
        path=reverse("cv"),
        breadcrumbs=[("Résumé", reverse("cv"))],
    )
    context = {
        "meta": meta,
        "roles": Role.objects.published().prefetch_related("highlights"),
        "skills": Skill.objects.for_toolkit(),
        "projects": Project.objects.published().defer("search_vector"),
        "articles": Article.objects.published().as_cards()[:CV_ARTICLE_COUNT],
        "contact_url": seo.absolute_url(reverse("contact:form")),
        "site_url": seo.absolute_url(reverse("home")),
    }
    return render(request, "core/cv.html", context)


@require_safe
@public_page
def resume_json(request):
    """The résumé as JSON Resume 1.2.1 (schemas/resume-1.2.1.schema.json), from the same
    published data as the pages."""
    profile = get_profile(request)
    skills = Skill.objects.for_toolkit()
    resume = {
        "basics": {
            "name": profile.name,
            "label": profile.role,
            "url": seo.absolute_url(reverse("home")),
            "summary": profile.intro,
            "profiles": [
                {"network": link.label, "url": link.url} for link in get_social_links(request)
            ],
        },
        "work": [
            {
                "name": role.organisation,
                "position": role.title,
                "location": role.location,
                "startDate": f"{role.start_date:%Y-%m}",
                **({"endDate": f"{role.end_date:%Y-%m}"} if role.end_date else {}),
                **({"summary": role.summary} if role.summary else {}),
                "highlights": [
                    f"{h.name}: {h.text}" if h.name else h.text for h in role.highlights.all()
                ],
            }
            for role in Role.objects.published().prefetch_related("highlights")
        ],
        "skills": [
            {"name": group.name, "keywords": [skill.name for skill in group_skills]}
            for group, group_skills in _grouped(skills)
        ],
        "projects": [
            {
                "name": project.name,
                "description": project.description,
                "keywords": project.technology_list,
                "url": seo.absolute_url(project.get_absolute_url()),
            }
            for project in Project.objects.published().defer("search_vector")
        ],
        "publications": [
            {
                "name": article.title,
                "publisher": profile.name,
                "releaseDate": f"{article.published_at:%Y-%m-%d}",
                "url": seo.absolute_url(article.get_absolute_url()),
                "summary": article.summary,
            }
            for article in Article.objects.published().as_cards()
        ],
        "references": [
            {
                "name": f"{t.author}, {t.author_title}" if t.author_title else t.author,
                "reference": t.quote,
            }
            for t in Testimonial.objects.published()
        ],
    }
    if profile.email:
        resume["basics"]["email"] = profile.email
    if profile.is_currently_available:
        resume["meta"] = {"availability": profile.available_for or profile.availability_text}
        if profile.available_until:
            resume["meta"]["availableUntil"] = profile.available_until.isoformat()
    return JsonResponse(resume, json_dumps_params={"ensure_ascii": False, "indent": 2})


def _grouped(skills):
    groups = {}
    for skill in skills:
        groups.setdefault(skill.group, []).append(skill)
    return groups.items()


@require_safe
@public_page
def site_search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = []
    if query:
        results = [
            match.as_search_result()
            for queryset in (Article.objects.published().as_cards(), Project.objects.published())
            for match in search(queryset, query)
        ]
    profile = get_profile(request)
    meta = page_meta(
        request,
        f"Search results for “{query}”" if query else "Search",
        description=f"Search the articles and projects of {profile.name}.",
        path=reverse("search"),
        # Result pages are for visitors, not for search engines.
        noindex=bool(request.GET),
    )
    context = {"form": form, "query": query, "results": results, "meta": meta}
    return render(request, "core/search.html", context)


@require_safe
@public_page
def privacy(request):
    """What the site keeps about its visitors, and why: the contact form and the statistics."""
    meta = page_meta(
        request,
        "Privacy",
        description="What this site counts and keeps about its visitors, and why.",
        path=reverse("privacy"),
        breadcrumbs=[("Privacy", reverse("privacy"))],
    )
    context = {
        "meta": meta,
        "contact_keep_days": settings.CONTACT_KEEP_DAYS,
        "stats_keep_days": settings.STATS_KEEP_DAYS,
        "newsletter_unconfirmed_days": settings.NEWSLETTER_UNCONFIRMED_DAYS,
    }
    return render(request, "core/privacy.html", context)

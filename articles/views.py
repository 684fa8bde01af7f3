from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.models import Article, Category, ExternalArticle, Publication, Tag
from core import seo
from core.site import get_profile

# Twelve fill whole rows of one, two or three cards.
ARTICLES_PER_PAGE = 12
RELATED_COUNT = 3


def _page_of(request, articles):
    """The requested page of articles; a page number that is not a page is a 404."""
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("No such page.") from error


def _with_published_articles(model):
    """Categories or tags that label a published article; the others are not public."""
    return model.objects.filter(articles__in=Article.objects.published()).distinct()


def _listing(request, articles, *, title, description, crumbs, **context):
    page = _page_of(request, articles.as_cards())
    path = request.path
    if page.number > 1:
        title = f"{title} (page {page.number})"
        path = f"{path}?{urlencode({'page': page.number})}"
    profile = get_profile(request)
    context["meta"] = seo.PageMeta(
        title=f"{title} — {profile.name}",
        description=description,
        path=path,
        structured_data=[seo.breadcrumbs([("Home", reverse("core:home")), *crumbs])],
    )
    context["page"] = page
    context["categories"] = _with_published_articles(Category)
    return render(request, "articles/list.html", context)


def article_list(request):
    profile = get_profile(request)
    return _listing(
        request,
        Article.objects.published(),
        title=profile.articles_heading or "Articles",
        description=profile.articles_intro,
        crumbs=[("Articles", reverse("articles:list"))],
        show_external=True,
        external_articles=ExternalArticle.objects.published().select_related("publication"),
        publications=Publication.objects.exclude(all_articles_url=""),
    )


def category_detail(request, slug):
    category = get_object_or_404(_with_published_articles(Category), slug=slug)
    return _listing(
        request,
        Article.objects.published().filter(category=category),
        title=f"{category.name} articles",
        description=f"Articles about {category.name} by {get_profile(request).name}.",
        crumbs=[("Articles", reverse("articles:list")), (category.name, request.path)],
        category=category,
    )


def tag_detail(request, slug):
    tag = get_object_or_404(_with_published_articles(Tag), slug=slug)
    return _listing(
        request,
        Article.objects.published().filter(tags=tag),
        title=f"Articles tagged “{tag.name}”",
        description=f"Articles tagged {tag.name} by {get_profile(request).name}.",
        crumbs=[("Articles", reverse("articles:list")), (tag.name, request.path)],
        tag=tag,
    )


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.select_related("category").prefetch_related("tags"), slug=slug
    )
    if not article.is_public and not request.user.is_staff:
        raise Http404("No such article.")
    profile = get_profile(request)
    published = Article.objects.published().as_cards()
    meta = seo.PageMeta(
        title=f"{article.title} — {profile.name}",
        description=article.summary,
        path=article.get_absolute_url(),
        og_type="article",
        noindex=not article.is_public,
        published_time=article.published_at,
        modified_time=article.last_modified,
        structured_data=[
            seo.blog_posting(article, profile),
            seo.breadcrumbs(
                [
                    ("Home", reverse("core:home")),
                    ("Articles", reverse("articles:list")),
                    (article.category.name, article.category.get_absolute_url()),
                    (article.title, article.get_absolute_url()),
                ]
            ),
        ],
    )
    context = {
        "article": article,
        "meta": meta,
        "previous_article": published.older_than(article),
        "next_article": published.newer_than(article),
        "related_articles": published.related_to(article, limit=RELATED_COUNT),
        "share_links": seo.share_links(meta.canonical_url, article.title),
    }
    return render(request, "articles/detail.html", context)

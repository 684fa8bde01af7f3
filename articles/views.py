from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article, ArticleRedirect, Category, ExternalArticle, Publication
from articles.seo import blog_posting
from core.seo import share_links
from owner.site import get_profile, page_meta
from web.cache import public_page

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


def _listing(request, articles, *, title, description, breadcrumbs, **context):
    page = _page_of(request, articles.as_cards())
    path = request.path
    if page.number > 1:
        title = f"{title} (page {page.number})"
        path = f"{path}?{urlencode({'page': page.number})}"
    if request.GET.getlist("page") not in ([], [str(page.number)]):
        # One address for each page: ?page=01, ?page=+1 or the page named twice would each be
        # rendered and cached apart.
        return HttpResponsePermanentRedirect(path)
    context["meta"] = page_meta(
        request, title, description=description, path=path, breadcrumbs=breadcrumbs
    )
    context["page"] = page
    context["categories"] = Category.objects.with_published_articles()
    return render(request, "articles/list.html", context)


@require_safe
@public_page
def article_list(request):
    profile = get_profile(request)
    return _listing(
        request,
        Article.objects.published(),
        title=profile.articles_heading or "Articles",
        description=profile.articles_intro,
        breadcrumbs=[("Articles", reverse("articles:list"))],
        show_external=True,
        external_articles=ExternalArticle.objects.published().select_related("publication"),
        publications=Publication.objects.all(),
    )


@require_safe
@public_page
def labelled_articles(request, slug, model):
    """The articles of one category or one tag (`model` is Category or Tag)."""
    label = get_object_or_404(model.objects.with_published_articles(), slug=slug)
    return _listing(
        request,
        Article.objects.published().filter(label.articles_filter()),
        title=label.listing_title,
        description=f"{label.listing_description} by {get_profile(request).name}.",
        breadcrumbs=[("Articles", reverse("articles:list")), (label.name, request.path)],
        label=label,
    )


@require_safe
@public_page
def article_detail(request, slug):
    try:
        article = (
            Article.objects.select_related("category", "cover_image")
            .prefetch_related("tags")
            .get(slug=slug)
        )
    except Article.DoesNotExist:
        moved = ArticleRedirect.objects.filter(old_slug=slug).select_related("article").first()
        if moved is None or not moved.article.is_public:
            raise Http404("No such article.") from None
        return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
    if not article.is_public and not request.user.is_staff:
        raise Http404("No such article.")
    profile = get_profile(request)
    published = Article.objects.published().as_cards()
    meta = page_meta(
        request,
        article.title,
        description=article.summary,
        path=article.get_absolute_url(),
        og_type="article",
        image=article.share_image,
        image_alt=article.cover_image.alt if article.cover_image else article.title,
        noindex=not article.is_public,
        published_time=article.published_at,
        modified_time=article.last_modified,
        breadcrumbs=[
            ("Articles", reverse("articles:list")),
            (article.category.name, article.category.get_absolute_url()),
            (article.title, article.get_absolute_url()),
        ],
        structured_data=[blog_posting(article, profile)],
    )
    context = {
        "article": article,
        "meta": meta,
        "previous_article": published.older_than(article),
        "next_article": published.newer_than(article),
        "related_articles": published.related_to(article, limit=RELATED_COUNT),
        "share_links": share_links(meta.canonical_url, article.title),
    }
    return render(request, "articles/detail.html", context)

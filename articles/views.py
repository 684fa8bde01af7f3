from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Category, ExternalArticle, Publication, Tag

ARTICLES_PER_PAGE = 10


def _page_of(request, articles):
    """The requested page of articles; a page number that is not a page is a 404."""
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404("No such page.") from error


def _listing(request, articles, **context):
    articles = articles.select_related("category")
    context["page"] = _page_of(request, articles)
    context["categories"] = Category.objects.filter(
        pk__in=Article.objects.published().values("category")
    )
    return render(request, "articles/list.html", context)


def article_list(request):
    return _listing(
        request,
        Article.objects.published(),
        show_external=True,
        external_articles=ExternalArticle.objects.published().select_related("publication"),
        publications=Publication.objects.exclude(all_articles_url=""),
    )


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    return _listing(
        request, Article.objects.published().filter(category=category), category=category
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(request, Article.objects.published().filter(tags=tag), tag=tag)


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.select_related("category").prefetch_related("tags"), slug=slug
    )
    if not article.is_public and not request.user.is_staff:
        raise Http404("No such article.")
    return render(request, "articles/detail.html", {"article": article})

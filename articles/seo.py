"""What search engines read about an article: its schema.org BlogPosting."""

from core.seo import absolute_url, author, share_card_object


def blog_posting(article, profile):
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "wordCount": article.word_count,
        "timeRequired": f"PT{article.reading_minutes}M",
        "inLanguage": "en",
        "author": author(profile),
    }
    if article.share_image:  # the page's 1200×630 card, which shows the cover image if any
        data["image"] = share_card_object(article.share_image)
    return data

"""What search engines and link previews read: absolute URLs and schema.org JSON-LD."""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

# Characters that could end a <script> data block or start markup, escaped inside JSON.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute_url(path):
    """The public URL of a site path, from SITE_URL (never from the request's Host header)."""
    return f"{settings.SITE_URL}{path}"


@dataclass
class PageMeta:
    """Everything a page says about itself in <head>: title, description, canonical URL,
    Open Graph type, robots directive and structured data."""

    title: str
    description: str = ""
    path: str = "/"
    og_type: str = "website"
    noindex: bool = False
    structured_data: list = field(default_factory=list)
    published_time: object = None
    modified_time: object = None

    def __post_init__(self):
        self.description = Truncator(" ".join(self.description.split())).chars(160)

    @property
    def canonical_url(self):
        return absolute_url(self.path)


def json_ld_script(data):
    """A <script type="application/ld+json"> block holding `data`, safe to put in HTML."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def person(profile, social_links):
    data = {
        "@type": "Person",
        "@id": absolute_url("/#person"),
        "name": profile.name,
        "description": profile.intro,
        "jobTitle": profile.role,
        "url": absolute_url("/"),
    }
    same_as = [link.url for link in social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def profile_page(profile, social_links):
    data = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url("/"),
        "name": f"{profile.name} — {profile.role}",
        "mainEntity": person(profile, social_links),
    }
    if profile.updated_at:
        data["dateModified"] = profile.updated_at.isoformat()
    return data


def breadcrumbs(items):
    """A BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(items, 1)
        ],
    }


def blog_posting(article, profile):
    url = absolute_url(article.get_absolute_url())
    return {
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
        "author": {"@type": "Person", "@id": absolute_url("/#person"), "name": profile.name,
                   "url": absolute_url("/")},
    }  # fmt: skip


def share_links(url, title):
    """Plain links to share a page: no third-party script, only a URL each service documents."""
    return [
        ("Email", f"mailto:?{urlencode({'subject': title, 'body': url}, quote_via=quote)}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?{urlencode({'url': url})}"),
        ("X", f"https://x.com/intent/post?{urlencode({'url': url, 'text': title})}"),
        (
            "Hacker News",
            f"https://news.ycombinator.com/submitlink?{urlencode({'u': url, 't': title})}",
        ),
    ]

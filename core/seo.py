"""What search engines and link previews read: absolute URLs and schema.org JSON-LD."""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

# The share card every page has (drawn by images.sharecards): the size Open Graph asks for.
CARD_WIDTH, CARD_HEIGHT = 1200, 630


# Characters that could end a <script> data block or start markup, escaped inside JSON.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute_url(path):
    """The public URL of a site path, from SITE_URL (never from the request's Host header)."""
    return f"{settings.SITE_URL}{path}"


def site_host():
    """The site's host name, from SITE_URL: what its emails' Message-IDs and lists name."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@dataclass
class PageMeta:
    """Everything a page says about itself in <head>: title, description, canonical URL,
    Open Graph type, robots directive, breadcrumbs and structured data.

    `title` is the page's own title; `site_name`, when given, follows it as " — name".
    `breadcrumbs` are the (name, path) pairs after the home page: they make both the visible
    trail and the BreadcrumbList in the structured data.
    """

    title: str
    site_name: str = ""
    description: str = ""
    path: str = "/"
    og_type: str = "website"
    noindex: bool = False
    breadcrumbs: list = field(default_factory=list)
    structured_data: list = field(default_factory=list)
    published_time: object = None
    modified_time: object = None
    # The share card (a storage name, see images.sharecards) and what it shows, for its alt text.
    image: str = ""
    image_alt: str = ""
    image_width, image_height = CARD_WIDTH, CARD_HEIGHT  # not fields: every card is this size

    def __post_init__(self):
        self.description = Truncator(" ".join(self.description.split())).chars(160)

    @property
    def full_title(self):
        return f"{self.title} — {self.site_name}" if self.site_name else self.title

    @property
    def canonical_url(self):
        return absolute_url(self.path)

    @property
    def image_url(self):
        return share_card_url(self.image) if self.image else ""

    @property
    def trail(self):
        """The breadcrumb trail, home first; empty for a page without breadcrumbs."""
        if not self.breadcrumbs:
            return []
        return [("Home", reverse("home")), *self.breadcrumbs]

    @property
    def json_ld(self):
        trail = self.trail
        return [*self.structured_data, breadcrumb_list(trail)] if trail else self.structured_data


def share_card_url(name):
    """The absolute address of a share card (a storage name, see images.sharecards)."""
    from django.core.files.storage import default_storage

    return absolute_url(default_storage.url(name))


def share_card_object(name):
    """A share card as a schema.org ImageObject."""
    return {"@type": "ImageObject", "url": share_card_url(name), "width": CARD_WIDTH,
            "height": CARD_HEIGHT}  # fmt: skip


def image_object(image):
    """An uploaded image (images.Image), as it was uploaded, as a schema.org ImageObject."""
    return {"@type": "ImageObject", "url": absolute_url(image.file.url), "width": image.width,
            "height": image.height}  # fmt: skip


def json_ld_script(data):
    """A <script type="application/ld+json"> block holding `data`, safe to put in HTML."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def person(profile, social_links, works_for=(), knows_about=()):
    """The owner: `works_for` names the organisations of the current roles, `knows_about` the
    toolkit. Only links the owner has set are given as sameAs."""
    data = {
        "@type": "Person",
        "@id": absolute_url("/#person"),
        "name": profile.name,
        "description": profile.intro,
        "jobTitle": profile.role,
        "url": absolute_url("/"),
    }
    if profile.picture:
        data["image"] = image_object(profile.picture)
    if works_for:
        data["worksFor"] = [{"@type": "Organization", "name": name} for name in works_for]
    if knows_about:
        data["knowsAbout"] = list(knows_about)
    if profile.is_currently_available:
        # What the owner is open to, until when: schema.org's Demand.
        demand = {
            "@type": "Demand",
            "description": profile.available_for or profile.availability_text,
        }
        if profile.available_until:
            demand["validThrough"] = profile.available_until.isoformat()
        data["seeks"] = demand
    same_as = [link.url for link in social_links]
    if same_as:
        data["sameAs"] = same_as
    return data


def profile_page(profile, social_links, works_for=(), knows_about=(), articles=()):
    """The home page: the owner, and `articles`, (title, path) pairs of what they wrote."""
    data = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url("/"),
        "name": f"{profile.name} — {profile.role}",
        "mainEntity": person(profile, social_links, works_for, knows_about),
    }
    if articles:
        data["hasPart"] = [
            {"@type": "BlogPosting", "@id": absolute_url(path), "url": absolute_url(path),
             "headline": title, "author": {"@id": absolute_url("/#person")}}
            for title, path in articles
        ]  # fmt: skip
    if profile.updated_at:
        data["dateModified"] = profile.updated_at.isoformat()
    return data


def breadcrumb_list(items):
    """A BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute_url(path)}
            for position, (name, path) in enumerate(items, 1)
        ],
    }


def author(profile):
    """The owner as the author of a page: a reference to the Person on the home page."""
    return {"@type": "Person", "@id": absolute_url("/#person"), "name": profile.name,
            "url": absolute_url("/")}  # fmt: skip


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

"""Where a reader came from: the referring address's host, named and grouped.

Hosts are matched by their last labels, so that "www.google.co.uk" and "news.google.com" are
both Google. A host that is not listed is another site, named by its host.
"""

from urllib.parse import urlsplit

from stats.models import SourceDay

Group = SourceDay.Group

# Host (or the end of it) -> (group, name); a name without a dot is a search engine's on any
# country's domain.
KNOWN_HOSTS = {
    "google": (Group.SEARCH, "Google"),
    "bing.com": (Group.SEARCH, "Bing"),
    "duckduckgo.com": (Group.SEARCH, "DuckDuckGo"),
    "search.yahoo.com": (Group.SEARCH, "Yahoo"),
    "yandex": (Group.SEARCH, "Yandex"),
    "baidu.com": (Group.SEARCH, "Baidu"),
    "ecosia.org": (Group.SEARCH, "Ecosia"),
    "search.brave.com": (Group.SEARCH, "Brave Search"),
    "kagi.com": (Group.SEARCH, "Kagi"),
    "qwant.com": (Group.SEARCH, "Qwant"),
    "startpage.com": (Group.SEARCH, "Startpage"),
    "perplexity.ai": (Group.SEARCH, "Perplexity"),
    "chatgpt.com": (Group.SEARCH, "ChatGPT"),
    "news.ycombinator.com": (Group.SOCIAL, "Hacker News"),
    "reddit.com": (Group.SOCIAL, "Reddit"),
    "linkedin.com": (Group.SOCIAL, "LinkedIn"),
    "lnkd.in": (Group.SOCIAL, "LinkedIn"),
    "x.com": (Group.SOCIAL, "X (Twitter)"),
    "twitter.com": (Group.SOCIAL, "X (Twitter)"),
    "t.co": (Group.SOCIAL, "X (Twitter)"),
    "facebook.com": (Group.SOCIAL, "Facebook"),
    "bsky.app": (Group.SOCIAL, "Bluesky"),
    "mastodon.social": (Group.SOCIAL, "Mastodon"),
    "lobste.rs": (Group.SOCIAL, "Lobsters"),
    "dev.to": (Group.SOCIAL, "DEV"),
    "medium.com": (Group.SOCIAL, "Medium"),
    "youtube.com": (Group.SOCIAL, "YouTube"),
    "github.com": (Group.SOCIAL, "GitHub"),
    "feedly.com": (Group.FEEDS, "Feedly"),
    "inoreader.com": (Group.FEEDS, "Inoreader"),
    "newsblur.com": (Group.FEEDS, "NewsBlur"),
    "feedbin.com": (Group.FEEDS, "Feedbin"),
    "theoldreader.com": (Group.FEEDS, "The Old Reader"),
    "bazqux.com": (Group.FEEDS, "BazQux"),
}


def source_of(referrer, own_host):
    """(group, name) for a page's referring address (document.referrer; "" for none)."""
    if not referrer:
        return Group.DIRECT, ""
    try:
        host = (urlsplit(referrer).hostname or "").removeprefix("www.")
    except ValueError:
        host = ""
    if not host:
        return Group.DIRECT, ""
    if host == own_host.removeprefix("www."):
        return Group.INTERNAL, ""
    labels = host.split(".")
    # "news.ycombinator.com", then "ycombinator.com", then "com".
    for start in range(len(labels)):
        suffix = ".".join(labels[start:])
        if suffix in KNOWN_HOSTS:
            return KNOWN_HOSTS[suffix]
    # A name label followed by a country's suffix only: google.de, news.google.co.uk.
    for position, label in enumerate(labels[:-1]):
        country_suffix = all(len(rest) <= 3 for rest in labels[position + 1 :])
        if "." not in label and label in KNOWN_HOSTS and country_suffix:
            return KNOWN_HOSTS[label]
    return Group.SITES, host[:100]

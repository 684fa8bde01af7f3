"""What a first visit downloads: the HTML, its stylesheets and images, compressed as served."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

# Compressed bytes a first visit may cost, by page: the limits the site promises (about 15 KB
# each today, so there is room for images and longer pages, not for a framework).
BUDGETS = {"/": 60_000, "/articles/rate-limiter-in-pure-python/": 80_000}
ASSET = re.compile(
    r'<link rel="(?:stylesheet|icon)" href="([^"]+)"|<img [^>]*src="([^"]+)"'
    r'|<script src="([^"]+)"',
    re.IGNORECASE,
)


def served_size(client, url):
    """Bytes on the wire for one URL, asked for as a browser asks (Brotli or gzip)."""
    if url.startswith(settings.STATIC_URL):
        # WhiteNoise serves the .br file collectstatic wrote beside the original, if any.
        path = settings.STATIC_ROOT / url.removeprefix(settings.STATIC_URL)
        compressed = path.with_name(path.name + ".br")
        return (compressed if compressed.exists() else path).stat().st_size
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200, url
    return len(b"".join(response) if response.streaming else response.content)


@pytest.mark.parametrize("path", BUDGETS)
def test_a_first_visit_stays_within_its_weight(client, content, path):
    page = client.get(path).content.decode()
    assets = {url for match in ASSET.finditer(page) for url in match.groups() if url}
    assert any(".css" in url for url in assets)
    # Stylesheets, icons, images and the one script (the reading beacon) all come from this
    # site; no font is loaded.
    assert page.count("<script src") == 1 and "@font-face" not in page
    assert all(url.startswith("/") and not url.startswith("//") for url in assets), assets
    html = client.get(path, HTTP_ACCEPT_ENCODING="br, gzip")
    assert html["Content-Encoding"] == "br"
    # The <noscript> beacon image is loaded only without script, instead of the script.
    assets.discard("/reading/view.gif")
    total = len(html.content) + sum(served_size(client, url) for url in assets)
    assert total < BUDGETS[path], total

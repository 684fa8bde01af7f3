"""What every page shows of the owner (profile, links, hero figures): read once, and shared
through the cache by every page and process until one of those rows changes."""

from django.core.cache import cache
from django.db import transaction

from core.models import Profile, SocialLink, Stat
from core.seo import PageMeta

SITE_DATA_KEY = "portfolio:site-data"


def site_data():
    data = cache.get(SITE_DATA_KEY)
    if data is None:
        data = {
            "profile": Profile.load(),
            "social_links": list(SocialLink.objects.published()),
            "stats": list(Stat.objects.all()),
        }
        cache.set(SITE_DATA_KEY, data, timeout=None)
    return data


def site_data_changed(**kwargs):
    """Forget the site data now and once the change is committed (see content_changed)."""
    cache.delete(SITE_DATA_KEY)
    transaction.on_commit(lambda: cache.delete(SITE_DATA_KEY))


def profile_changed_at():
    return site_data()["profile"].updated_at


def _for_request(request):
    if not hasattr(request, "_site_data"):
        request._site_data = site_data()
    return request._site_data


def get_profile(request):
    return _for_request(request)["profile"]


def get_social_links(request):
    return _for_request(request)["social_links"]


def get_stats(request):
    return _for_request(request)["stats"]


def page_meta(request, title, **fields):
    """The PageMeta of an inner page: its title followed by the owner's name; shared with the
    home page's card unless the page has its own."""
    profile = get_profile(request)
    if "image" not in fields:
        fields |= {"image": profile.share_image, "image_alt": f"{profile.name}: {profile.headline}"}
    return PageMeta(title=title, site_name=profile.name, **fields)

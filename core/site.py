"""What every page shows of the owner (profile, links, hero figures): read once per content
version, shared through the cache by every process, and kept by each while that version is
current."""

from django.core.cache import cache

from core.cache import VERSIONED_TIMEOUT, app_versions, under_content_version
from core.models import Profile, SocialLink, Stat
from core.seo import PageMeta

SITE_DATA_KEY = "portfolio:site-data:{}"  # under the content version


def site_data():
    # Under the content version, which is read first: rows read before an edit is committed are
    # kept under the version it replaces once committed, never under the new one. (Reading it
    # costs no round trip to Redis, see core.cache, nor does the data after the first page of
    # each process; the three queries are made once after each edit.)
    return under_content_version("site-data", _shared_site_data)


def _shared_site_data(token):
    key = SITE_DATA_KEY.format(token)
    data = cache.get(key)
    if data is None:
        data = {
            "profile": Profile.load(),
            "social_links": list(SocialLink.objects.published()),
            "stats": list(Stat.objects.all()),
        }
        cache.set(key, data, timeout=VERSIONED_TIMEOUT)
    return data


def profile_changed_at():
    return site_data()["profile"].updated_at


def _for_request(request):
    if not hasattr(request, "_site_data"):
        # The core app's version first, before the rows it covers: the parts of the page cached
        # under it are never made of rows older than it (see core.cache.content_changed).
        request._core_version = app_versions({"core"})["core"]
        request._site_data = site_data()
    return request._site_data


def get_site_parts(request):
    """What the parts every page shares (its head, header and footer, which show the profile
    and the links and nothing else) are cached under: the version of the core app."""
    _for_request(request)
    return {"timeout": VERSIONED_TIMEOUT, "version": request._core_version}


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

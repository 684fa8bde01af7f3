"""What every page shows of the owner (the profile and the links): read once per edit by each
process, and kept under the page version."""

from core.seo import PageMeta
from owner.models import Profile, SocialLink
from web.cache import kept_for_this_version


def _site_data(request):
    if not hasattr(request, "site_data"):
        request.site_data = kept_for_this_version(request, "site-data", _read_site_data)
    return request.site_data


def _read_site_data():
    return {"profile": Profile.load(), "social_links": list(SocialLink.objects.published())}


def get_profile(request):
    return _site_data(request)["profile"]


def get_social_links(request):
    return _site_data(request)["social_links"]


def profile_changed_at():
    return Profile.load().updated_at


def page_meta(request, title, **fields):
    """The PageMeta of an inner page: its title followed by the owner's name; shared with the
    home page's card unless the page has its own."""
    profile = get_profile(request)
    if "image" not in fields:
        fields |= {"image": profile.share_image, "image_alt": f"{profile.name}: {profile.headline}"}
    return PageMeta(title=title, site_name=profile.name, **fields)

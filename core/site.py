"""What every page shows of the owner (the profile and the links), read once per request."""

from core.models import Profile, SocialLink
from core.seo import PageMeta


def get_profile(request):
    if not hasattr(request, "profile"):
        request.profile = Profile.load()
    return request.profile


def get_social_links(request):
    if not hasattr(request, "social_links"):
        request.social_links = list(SocialLink.objects.published())
    return request.social_links


def profile_changed_at():
    return Profile.load().updated_at


def page_meta(request, title, **fields):
    """The PageMeta of an inner page: its title followed by the owner's name; shared with the
    home page's card unless the page has its own."""
    profile = get_profile(request)
    if "image" not in fields:
        fields |= {"image": profile.share_image, "image_alt": f"{profile.name}: {profile.headline}"}
    return PageMeta(title=title, site_name=profile.name, **fields)

"""The owner's profile and links, read once per request and shared by views and templates."""

from core.models import Profile, SocialLink
from core.seo import PageMeta


def get_profile(request):
    if not hasattr(request, "_site_profile"):
        request._site_profile = Profile.load()
    return request._site_profile


def get_social_links(request):
    if not hasattr(request, "_site_social_links"):
        request._site_social_links = list(SocialLink.objects.published())
    return request._site_social_links


def page_meta(request, title, **fields):
    """The PageMeta of an inner page: its title followed by the owner's name."""
    return PageMeta(title=title, site_name=get_profile(request).name, **fields)

"""The owner's profile and links, read once per request and shared by views and templates."""

from core.models import Profile, SocialLink


def get_profile(request):
    if not hasattr(request, "_site_profile"):
        request._site_profile = Profile.load()
    return request._site_profile


def get_social_links(request):
    if not hasattr(request, "_site_social_links"):
        request._site_social_links = list(SocialLink.objects.published())
    return request._site_social_links

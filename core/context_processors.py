from django.utils.functional import SimpleLazyObject

from core.site import get_profile, get_social_links


def site(request):
    """The profile and links every page shows in its header and footer, loaded on first use."""
    return {
        "profile": SimpleLazyObject(lambda: get_profile(request)),
        "social_links": SimpleLazyObject(lambda: get_social_links(request)),
    }

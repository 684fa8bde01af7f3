from core.cache import VERSIONED_TIMEOUT, app_versions
from core.site import get_profile, get_social_links


def site(request):
    """The profile and links every page shows in its header and footer; and what the parts of
    the page cached with them are kept under: the version of the core app, whose rows (the
    profile, the links) are all those parts show.

    Read for every page, the admin's too: each process keeps them for the content version, so
    this costs no query nor round trip but after an edit. (Wrapped in lazy objects, as they
    were, each use in a template cost more than the variable it stands for.)"""
    return {
        "profile": get_profile(request),
        "social_links": get_social_links(request),
        "site_parts": {"timeout": VERSIONED_TIMEOUT, "version": app_versions({"core"})["core"]},
    }

import functools

from core.site import get_profile, get_site_parts, get_social_links


def site(request):
    """The profile and links every page shows in its header and footer, and what the parts of
    the page cached with them are kept under (core.site.get_site_parts).

    Each is a function, which a template calls where it uses it: a page that shows none of
    them, as the admin's, reads none (the admin opens an old version inside a transaction that
    it rolls back, and what is read there must not be kept); and a function costs a use far
    less than a lazy object, each of whose attributes is reached through a proxy."""
    return {
        "profile": functools.partial(get_profile, request),
        "social_links": functools.partial(get_social_links, request),
        "site_parts": functools.partial(get_site_parts, request),
    }

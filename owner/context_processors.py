import functools

from owner.site import get_profile, get_social_links


def site(request):
    """The profile and links every page shows in its header and footer.

    Each is a function, which a template calls where it uses it: a page that shows none of
    them, as the admin's, reads none (the admin opens an old version inside a transaction that
    it rolls back, and what is read there must not be kept)."""
    return {
        "profile": functools.partial(get_profile, request),
        "social_links": functools.partial(get_social_links, request),
    }

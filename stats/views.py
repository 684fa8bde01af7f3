"""The reading beacon: an image the site's pages load, which counts what they send."""

import base64

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from stats import counting

# A transparent GIF of one pixel: what an <img> beacon loads.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
MAX_PATH = 300
MAX_REFERRER = 2000
MAX_CAMPAIGN = 100


@require_safe
@never_cache
def view_seen(request):
    """A page was shown. The script sends the page (p), the address the reader came from (r),
    the campaign tag (c) and s=1; without script, the <noscript> image sends nothing and its
    Referer (the page itself) gives the page and the campaign, but not where the reader came
    from."""
    scripted = request.GET.get("s") == "1"
    if scripted:
        path = request.GET.get("p", "")
        referrer = request.GET.get("r", "")
        campaign = request.GET.get("c", "").strip()
    else:
        path, campaign = counting.page_and_campaign(request.headers.get("Referer", ""))
        referrer = ""
    if refused := refusal(request, path):
        return refused
    if len(referrer) > MAX_REFERRER:
        return HttpResponseBadRequest("The referrer (r) is too long.", content_type="text/plain")
    if len(campaign) > MAX_CAMPAIGN or not campaign.isprintable():
        return HttpResponseBadRequest(
            f"The campaign tag (c) must be printable and at most {MAX_CAMPAIGN} characters.",
            content_type="text/plain",
        )
    if counting.is_a_readers_visit(request):
        counting.count_view(request, path, referrer, campaign, scripted=scripted)
    return pixel()


@require_safe
@never_cache
def end_reached(request):
    """A reader reached the end of an article's text (p)."""
    path = request.GET.get("p", "")
    if refused := refusal(request, path):
        return refused
    if counting.is_a_readers_visit(request):
        counting.count_read(path)
    return pixel()


def refusal(request, path):
    """Why a beacon is not counted at all (a 400 or 403), or None."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return HttpResponseForbidden(
            "Visits are counted from this site's own pages only.", content_type="text/plain"
        )
    if len(path) > MAX_PATH or not counting.is_a_page(path):
        return HttpResponseBadRequest(
            "The page (p) must be the path of a page of this site.", content_type="text/plain"
        )
    return None


def pixel():
    return HttpResponse(PIXEL, content_type="image/gif")

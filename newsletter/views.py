"""The newsletter's pages: its own page with the form, the sign-up, the confirmation link and
the unsubscribe link of each email."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from newsletter import subscriptions
from newsletter.forms import SubscribeForm
from newsletter.models import Subscriber
from owner.site import page_meta
from web.cache import public_page
from web.http import over_rate_limit


@require_safe
@public_page
def newsletter_page(request):
    return render_page(request, SubscribeForm())


def render_page(request, form, status=200):
    meta = page_meta(
        request,
        f"{'Error: ' if form.errors else ''}New articles by email",
        description="Get each new article by email: confirm once, leave in one click.",
        path=reverse("newsletter:page"),
        breadcrumbs=[("Newsletter", reverse("newsletter:page"))],
    )
    return render(request, "newsletter/page.html", {"meta": meta, "form": form}, status=status)


# The form has no CSRF token, so that every page showing it is the same for every visitor and
# can be cached; a browser's cross-site post is refused by `from_another_site` instead.
@csrf_exempt
@require_POST
@never_cache
def subscribe(request):
    if from_another_site(request):
        return render(request, "403.html", status=403)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render_page(request, form, status=400)
    if form.is_bot():
        return redirect("newsletter:check-inbox")  # as if signed up: nothing stored or sent
    retry_after = over_rate_limit(request, "newsletter", settings.NEWSLETTER_RATE_LIMIT)
    if retry_after is not None:
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(retry_after)
        return response
    subscriptions.subscribe(form.cleaned_data["email"], source=form.cleaned_data["source"])
    return redirect("newsletter:check-inbox")


def from_another_site(request):
    """Whether a browser says the post comes from another site (Sec-Fetch-Site), or names
    another origin (Origin); a client that sends neither is no browser a page could drive."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    site = urlsplit(settings.SITE_URL)
    return origin not in {
        f"{site.scheme}://{site.netloc}",
        f"{request.scheme}://{request.get_host()}",
    }


@require_safe
@public_page
def check_inbox(request):
    meta = page_meta(request, "Check your inbox", path=reverse("newsletter:check-inbox"),
                     noindex=True)  # fmt: skip
    context = {"meta": meta, "hours": settings.NEWSLETTER_CONFIRM_HOURS}
    return render(request, "newsletter/check_inbox.html", context)


@require_safe
@never_cache
def confirm(request, token):
    meta = page_meta(request, "Subscription", path=reverse("newsletter:page"), noindex=True)
    try:
        subscriptions.confirm(token)
    except signing.SignatureExpired:
        problem, status = "expired", 410
    except (signing.BadSignature, Subscriber.DoesNotExist):
        problem, status = "invalid", 400
    else:
        problem, status = None, 200
    context = {"meta": meta, "problem": problem}
    return render(request, "newsletter/confirmed.html", context, status=status)


# RFC 8058: mail providers post "List-Unsubscribe=One-Click" here, with no token of a session;
# the link's own random token is what proves the right to unsubscribe.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def unsubscribe(request, token):
    meta = page_meta(request, "Unsubscribe", path=reverse("newsletter:page"), noindex=True)
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        return render(request, "newsletter/unsubscribed.html", {"meta": meta})
    subscribed = Subscriber.objects.filter(token=token).exists()
    context = {"meta": meta, "subscribed": subscribed}
    return render(request, "newsletter/unsubscribe.html", context)

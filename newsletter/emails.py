"""The newsletter's emails: an article to a subscriber, and the confirmation of a sign-up."""

from email.utils import formataddr
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.seo import absolute_url
from newsletter.models import SendingSettings
from owner.models import Profile
from writing.markdown import feed_html


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def sender():
    profile = Profile.objects.first()
    return formataddr((profile.name, settings.DEFAULT_FROM_EMAIL)) if profile else None


def article_email(delivery):
    """One article's email to one subscriber, with the one-click unsubscribe of RFC 8058."""
    return article_message(
        delivery.mailing.article, delivery.subscriber.email, delivery.subscriber.token,
        message_id=delivery.message_id,
    )  # fmt: skip


def article_message(article, to, token, message_id=None):
    """The email of `article` to the address `to`, whose unsubscribe token is `token` (None for
    the owner's test, which has no unsubscribe link)."""
    profile = Profile.objects.first()
    full_text = SendingSettings.current().full_text
    context = {
        "article": article,
        "profile": profile,
        "article_url": absolute_url(article.get_absolute_url()),
        "body_html": feed_html(article.body_html, absolute_url) if full_text else "",
        "full_text": full_text,
        "unsubscribe_url": token and absolute_url(reverse("newsletter:unsubscribe", args=[token])),
    }
    headers = {"List-Id": f"{list_name(profile)} <articles.{site_host()}>"}
    if message_id:
        headers["Message-ID"] = message_id
    if token:
        mailto = f"mailto:{settings.DEFAULT_FROM_EMAIL}?subject={quote('unsubscribe ' + token)}"
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>, <{mailto}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=article.title,
        body=render_to_string("newsletter/email/article.txt", context),
        from_email=sender(),
        to=[to],
        headers=headers,
    )
    html = render_to_string("newsletter/email/article.html", context)
    email.attach_alternative(html, "text/html")
    return email


def list_name(profile):
    return f"Articles by {profile.name}" if profile else "Articles"


def confirmation_email(subscriber, confirm_url):
    profile = Profile.objects.first()
    context = {"profile": profile, "confirm_url": confirm_url, "list_name": list_name(profile),
               "hours": settings.NEWSLETTER_CONFIRM_HOURS}  # fmt: skip
    return EmailMultiAlternatives(
        subject=f"Confirm your subscription to {list_name(profile)}",
        body=render_to_string("newsletter/email/confirm.txt", context),
        from_email=sender(),
        to=[subscriber.email],
    )

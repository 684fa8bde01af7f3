"""The newsletter's emails: an article to a subscriber, and the confirmation of a sign-up."""

from email.utils import formataddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.seo import absolute_url, site_host
from newsletter.models import SendingSettings
from owner.models import Profile
from writing.markdown import feed_html


def sender(profile):
    return formataddr((profile.name, settings.DEFAULT_FROM_EMAIL)) if profile else None


class ArticleEmails:
    """One article's emails: what every recipient's has in common (the profile, the sending
    settings, the article's HTML) is read and rendered once, for a whole batch."""

    def __init__(self, article):
        self.article = article
        self.profile = Profile.objects.first()
        full_text = SendingSettings.current().full_text
        self.context = {
            "article": article,
            "profile": self.profile,
            "article_url": absolute_url(article.get_absolute_url()),
            "body_html": feed_html(article.body_html, absolute_url) if full_text else "",
            "full_text": full_text,
        }

    def to(self, address, token=None, message_id=None):
        """The email to `address`, whose unsubscribe token is `token`, with the one-click
        unsubscribe of RFC 8058 (none without a token: the owner's test)."""
        unsubscribe_url = token and absolute_url(reverse("newsletter:unsubscribe", args=[token]))
        context = {**self.context, "unsubscribe_url": unsubscribe_url}
        headers = {"List-Id": f"{list_name(self.profile)} <articles.{site_host()}>"}
        if message_id:
            headers["Message-ID"] = message_id
        if token:
            mailto = f"mailto:{settings.DEFAULT_FROM_EMAIL}?subject={quote('unsubscribe ' + token)}"
            headers["List-Unsubscribe"] = f"<{unsubscribe_url}>, <{mailto}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email = EmailMultiAlternatives(
            subject=self.article.title,
            body=render_to_string("newsletter/email/article.txt", context),
            from_email=sender(self.profile),
            to=[address],
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
        from_email=sender(profile),
        to=[subscriber.email],
    )

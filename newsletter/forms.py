from django import forms
from django.conf import settings


class SubscribeForm(forms.Form):
    """The sign-up form: the same bytes on every page that shows it (no per-visitor value), so
    that pages stay cacheable; a same-origin check stands in for the CSRF token (views)."""

    email = forms.EmailField(label="Your email address", max_length=254)
    # Hidden from people (CSS and aria-hidden); a bot that fills every field fills it.
    website = forms.CharField(required=False, max_length=200)
    # The page the form was on.
    source = forms.CharField(required=False, max_length=300)

    @staticmethod
    def privacy_note():
        return (
            "Only your email address is kept, to send you new articles; it is never shared. "
            "You confirm it first, every email has a one-click unsubscribe link, and an "
            f"address not confirmed within {settings.NEWSLETTER_UNCONFIRMED_DAYS} days is deleted."
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

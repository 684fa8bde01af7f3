import time
import unicodedata
from uuid import uuid4

from django import forms
from django.conf import settings
from django.core import signing

from contact.models import ContactMessage

# Signs the moment the form was shown, so that a bot cannot claim it took its time.
FILL_TOKEN_SALT = "contact.form.shown-at"
INVALID_EMAIL = "That email address doesn't look right; please check it."


def fill_token(shown_at=None):
    """The signed time at which a copy of the form is shown."""
    return signing.dumps(
        int(shown_at if shown_at is not None else time.time()), salt=FILL_TOKEN_SALT
    )


def _has_control_characters(value):
    """Line breaks, tabs and other control characters, which have no place in a header."""
    return any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in value)


class ContactForm(forms.ModelForm):
    # A field people never see; a bot that fills in every field gives itself away.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # When this copy of the form was shown (signed), and the key that makes it one message
    # however often it is sent. Both belong to one visitor's copy of the form.
    shown_at = forms.CharField(required=False, widget=forms.HiddenInput)
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "company", "message"]
        labels = {"company": "Company (optional)"}
        help_texts = {"message": "Up to 5,000 characters."}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {"required": "Please tell me your name."},
            "email": {"required": "Please give an email address so I can reply.",
                      "invalid": INVALID_EMAIL},
            "message": {"required": "Please write a message."},
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("shown_at", fill_token())
            self.initial.setdefault("key", uuid4())

    def clean_name(self):
        name = self.cleaned_data["name"]
        if _has_control_characters(name):
            raise forms.ValidationError("Please write your name on one line.")
        return name

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Valid in a quoted local part, but they would corrupt the Reply-To header.
        if _has_control_characters(email):
            raise forms.ValidationError(INVALID_EMAIL)
        return email

    def clean_company(self):
        company = self.cleaned_data["company"]
        if _has_control_characters(company):
            raise forms.ValidationError("Please write the company name on one line.")
        return company

    @property
    def message_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def spam_reason(self):
        """Why a valid submission looks like a bot's, or "" for a person's."""
        if self.cleaned_data.get("website"):
            return "The hidden field was filled in."
        try:
            shown_at = signing.loads(self.cleaned_data.get("shown_at") or "", salt=FILL_TOKEN_SALT)
        except signing.BadSignature:
            return "The form's time stamp was missing or altered."
        seconds = time.time() - shown_at
        if seconds < settings.CONTACT_MIN_FILL_SECONDS:
            return f"Sent {max(seconds, 0):.1f} s after the form was shown."
        return ""

    @staticmethod
    def privacy_note():
        return (
            "Your name, email address and message are used only to reply to you, are never "
            f"shared, and are deleted after {settings.CONTACT_KEEP_DAYS} days."
        )

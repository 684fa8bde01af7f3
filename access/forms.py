from django import forms
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class SecondStepForm(forms.Form):
    """One field: the authenticator app's 6-digit code, or a recovery code."""

    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "autofocus": True}
        ),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        # Only the kind of device the code's shape belongs to is asked, so that a recovery
        # code does not count as a failure against the authenticator app, nor the reverse.
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        with transaction.atomic():
            for device in devices_for_user(self.user, for_verify=True):
                if not isinstance(device, kind):
                    continue
                allowed, reason = device.verify_is_allowed()
                if not allowed:
                    if reason.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                        raise forms.ValidationError(
                            "Too many wrong codes: wait a moment, then try again."
                        )
                    continue
                if device.verify_token(code):
                    self.device = device
                    return code
        raise forms.ValidationError("That code is not right, or was used already.")


class AuthenticatorForm(forms.Form):
    code = forms.RegexField(
        label="The 6-digit code the app shows",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Enter the 6 digits the app shows."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

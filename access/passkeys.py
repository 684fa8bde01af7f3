"""Signing in with a passkey, with django-axes' lockout applied as to a password."""

from django.contrib.auth import authenticate, login
from django_otp import login as otp_login
from django_otp_webauthn import exceptions, views

from access import notices, policy


class LockedOut(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = "Too many failed sign-ins: try again later."
    default_code = "locked_out"


class PasskeySignIn(views.CompleteCredentialAuthenticationView):
    """django-otp-webauthn's last step of a passkey sign-in, for staff only, and through
    authenticate(), where django-axes sees who signs in."""

    def check_device_usable(self, device):
        super().check_device_usable(device)
        if not device.user.is_staff:
            raise exceptions.UserDisabled()
        if not policy.may_try(self.request, device.user):
            raise LockedOut()

    def complete_auth(self, device):
        if self.request.user.is_authenticated:  # the second step, after a password
            otp_login(self.request, device)
            notices.notify(self.request, device.user, notices.way_of(device))
            return
        user = authenticate(
            self.request, webauthn_credential=device, username=device.user.get_username()
        )
        if user is None:
            raise LockedOut()
        login(self.request, user)
        otp_login(self.request, device)
        notices.notify(self.request, user, notices.way_of(device, with_password=False))

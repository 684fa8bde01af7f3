"""Who may use the admin (docs/security.md): a signed-in staff user whose session has passed
a second factor; while MFA_REQUIRED is off, also one who has none set up. A failed second step
counts, as a failed password does, towards django-axes' lockout."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

RECOVERY_CODES = 10


def second_factor_passed(request):
    """Whether this signed-in session may use the admin."""
    # OTPMiddleware gives request.user is_verified(); a user signed in during this very
    # request is a new object that lacks it, and has passed no second factor yet.
    is_verified = getattr(request.user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return not settings.MFA_REQUIRED and not user_has_device(request.user)


def axes_credentials(user):
    return {"username": user.get_username()}


def may_try(request, user):
    """Whether django-axes lets this user (and this address) try to sign in now."""
    return AxesProxyHandler.is_allowed(request, axes_credentials(user))


def count_failure(request, user):
    """Count a wrong code like a wrong password: django-axes listens to this signal, and marks
    the request locked out at the limit."""
    user_login_failed.send(sender=__name__, credentials=axes_credentials(user), request=request)


def new_recovery_codes(user):
    """Replace the user's recovery codes with new ones, each usable once, and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes

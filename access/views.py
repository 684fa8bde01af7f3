"""The second step of signing in, and setting up the second factors. These pages are under
the admin's address but not behind its permission check: the user has given a password and not
yet a second factor (access.site)."""

import functools
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib import admin, auth, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.utils import get_credential_model

from access import notices, policy
from access.forms import AuthenticatorForm, SecondStepForm

# The authenticator app being set up, until its first code confirms it.
NEW_AUTHENTICATOR = "access:new-authenticator"


def password_given(view):
    """For a signed-in, active staff user, who may not have passed the second step yet."""

    @functools.wraps(view)
    @never_cache
    @csrf_protect
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return wrapper


def next_page(request):
    """Where to go once signed in: the `next` the sign-in was given, if it is of this site."""
    target = request.POST.get("next") or request.GET.get("next")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe else reverse("admin:index")


def page(request, template, title, **context):
    context = {**admin.site.each_context(request), "title": title, "next": next_page(request),
               **context}  # fmt: skip
    return render(request, template, context)


@password_given
@require_http_methods(["GET", "POST"])
def second_step(request):
    user = request.user
    if policy.second_factor_passed(request):
        return redirect(next_page(request))
    if not user_has_device(user):
        return redirect("admin:second_factors")
    if not policy.may_try(request, user):
        auth.logout(request)
        return redirect("admin:login")
    form = SecondStepForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, form.device)
            notices.notify(request, user, notices.way_of(form.device))
            return redirect(next_page(request))
        policy.count_failure(request, user)
        if getattr(request, "axes_locked_out", False):
            auth.logout(request)  # django-axes answers with its lockout page
    has_passkey = get_credential_model().objects.filter(user=user, confirmed=True).exists()
    return page(request, "access/second_step.html", "Second step", form=form,
                has_passkey=has_passkey)  # fmt: skip


def may_change_factors(request):
    """Factors are set up before the first exists, or in a session that has passed one."""
    return not user_has_device(request.user) or request.user.is_verified()


@password_given
@require_http_methods(["GET"])
def second_factors(request):
    if not may_change_factors(request):
        return redirect("admin:second_step")
    user = request.user
    return page(
        request, "access/second_factors.html", "Second factors",
        authenticators=TOTPDevice.objects.filter(user=user, confirmed=True),
        passkeys=get_credential_model().objects.filter(user=user),
        recovery_codes_left=StaticToken.objects.filter(device__user=user).count(),
        passed=policy.second_factor_passed(request),
    )  # fmt: skip


@password_given
@require_http_methods(["GET", "POST"])
def add_authenticator(request):
    if not may_change_factors(request):
        return redirect("admin:second_step")
    user = request.user
    device = TOTPDevice.objects.filter(
        pk=request.session.get(NEW_AUTHENTICATOR), user=user, confirmed=False
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[NEW_AUTHENTICATOR] = device.pk
    form = AuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            del request.session[NEW_AUTHENTICATOR]
            if not user.is_verified():
                otp_login(request, device)
                notices.notify(request, user, notices.way_of(device))
            if not StaticToken.objects.filter(device__user=user).exists():
                return show_recovery_codes(request, policy.new_recovery_codes(user))
            messages.success(request, "The authenticator app is set up.")
            return redirect("admin:second_factors")
        form.add_error("code", "That code is not right: check the phone's clock, and try again.")
    return page(
        request, "access/add_authenticator.html", "Add an authenticator app", form=form,
        qr_code=qr_svg(device.config_url), key=b32encode(device.bin_key).decode(),
    )  # fmt: skip


def qr_svg(text):
    """The QR code of `text` as inline SVG paths (no style, no data: URL, which the
    Content-Security-Policy would refuse)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return mark_safe(image.to_string(encoding="unicode"))  # made here, from no one's input


@password_given
@require_POST
def replace_recovery_codes(request):
    if not request.user.is_verified():
        return redirect("admin:second_step")
    return show_recovery_codes(request, policy.new_recovery_codes(request.user))


def show_recovery_codes(request, codes):
    return page(request, "access/recovery_codes.html", "Recovery codes", codes=codes)


@password_given
@require_POST
def sign_out(request):
    """Sign out from the second step (the admin's own sign-out needs a second factor)."""
    auth.logout(request)
    return redirect("admin:login")


@password_given
@require_http_methods(["GET", "POST"])
def end_other_sessions(request):
    """From the sign-in notice: end every session of the owner's but this one."""
    if not policy.second_factor_passed(request):
        return redirect_to_login(request.get_full_path(), reverse("admin:second_step"))
    if request.method == "POST":
        ended = notices.end_other_sessions(request)
        messages.success(request, f"{ended} other session{'s' if ended != 1 else ''} ended.")
        return redirect("admin:index")
    return page(request, "access/end_other_sessions.html", "End other sessions")

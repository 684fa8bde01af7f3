"""The admin site's side of the second factor: a mixin for the AdminSite (portfolio.admin)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django_otp import user_has_device

from access import notices, policy, views


class SecondFactorSite:
    """An AdminSite whose pages need a second factor (access.policy); signing in with a
    password leads to the second step, or to setting one up the first time."""

    login_template = "access/login.html"

    def has_permission(self, request):
        return super().has_permission(request) and policy.second_factor_passed(request)

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request, extra_context=None):
        user = request.user
        signed_in_before = request.method == "GET" and user.is_authenticated and user.is_staff
        if signed_in_before and not policy.second_factor_passed(request):
            return self.second_step_redirect(request)
        response = super().login(request, extra_context)
        signed_in = request.method == "POST" and isinstance(response, HttpResponseRedirect)
        if signed_in and request.user.is_staff:
            if not policy.second_factor_passed(request):
                return self.second_step_redirect(request)
            notices.notify(request, request.user, notices.way_of(None))
        return response

    def second_step_redirect(self, request):
        name = "second_step" if user_has_device(request.user) else "second_factors"
        address = reverse(f"{self.name}:{name}")
        target = request.POST.get("next") or request.GET.get("next")
        if target:
            address += "?" + urlencode({"next": target})
        return HttpResponseRedirect(address)

    def get_urls(self):
        # Not behind admin_view(): the second step comes before the admin's permission.
        own = [
            path("sign-in/second-step/", views.second_step, name="second_step"),
            path("sign-in/factors/", views.second_factors, name="second_factors"),
            path("sign-in/factors/authenticator/", views.add_authenticator,
                 name="add_authenticator"),
            path("sign-in/factors/recovery-codes/", views.replace_recovery_codes,
                 name="recovery_codes"),
            path("sign-in/sign-out/", views.sign_out, name="second_step_sign_out"),
            path("sign-in/end-other-sessions/", views.end_other_sessions,
                 name="end_other_sessions"),
        ]  # fmt: skip
        return own + super().get_urls()

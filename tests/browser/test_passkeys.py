"""The admin's second factors in Chromium: an authenticator app with codes the test computes,
recovery codes, and passkeys through the DevTools Protocol's virtual authenticator, as a second
step and to sign in without a password."""

import re

import pyotp
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks_db.models import DBTaskResult


@pytest.fixture
def owner(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MFA_REQUIRED = True
    return get_user_model().objects.create_superuser("owner", "owner@example.com", "right-one")


@pytest.fixture
def on_localhost(site, settings):
    """The site at http://localhost: browsers make passkeys over plain HTTP for it alone."""
    address = site.replace("127.0.0.1", "localhost")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [address]
    return address


@pytest.fixture
def browser_page(browser, on_localhost):
    """A page in a context of its own, closed before the site stops (its connections with it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.refusals = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.refusals.append(message.text)
        ),
    )
    yield page
    context.close()


def virtual_authenticator(page):
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable", {"enableUI": False})
    options = {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }  # fmt: skip
    authenticator = devtools.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return devtools, authenticator["authenticatorId"]


def sign_in_with_password(page, base):
    page.goto(f"{base}/{settings.ADMIN_PATH}login/")
    page.fill("#id_username", "owner")
    page.fill("#id_password", "right-one")
    with page.expect_navigation():
        page.click("input[type=submit]")


def sign_out(page, base):
    page.goto(f"{base}/{settings.ADMIN_PATH}")
    with page.expect_navigation():
        page.click("#logout-form button")


def ways_notified():
    return [result.args_kwargs["args"][3] for result in DBTaskResult.objects.filter(
        task_path="access.notices.send_sign_in_notice").order_by("enqueued_at")]  # fmt: skip


def test_an_authenticator_app_recovery_codes_and_passkeys(browser_page, on_localhost, owner):
    page, base = browser_page, on_localhost
    admin = f"{base}/{settings.ADMIN_PATH}"
    devtools, authenticator = virtual_authenticator(page)

    # The first sign-in leads to setting up a second factor: an authenticator app first.
    sign_in_with_password(page, base)
    assert "/sign-in/factors/" in page.url
    page.click("#add-authenticator")
    key = page.inner_text("#authenticator-key")
    page.fill("#id_code", pyotp.TOTP(key).now())
    with page.expect_navigation():
        page.click("input[type=submit][value=Confirm]")
    recovery_codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(recovery_codes) == 10

    # Then a passkey, made by the virtual authenticator.
    page.goto(f"{admin}sign-in/factors/")
    with page.expect_navigation():  # the page reloads once the passkey is saved
        page.click("#passkey-register-button")
    assert page.locator("#passkeys li").count() == 1 and "None yet" not in page.inner_text(
        "#passkeys"
    )
    credentials = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert credentials["credentials"][0]["isResidentCredential"]
    sign_out(page, base)

    # Password, then the passkey as the second step.
    devtools.send("WebAuthn.setAutomaticPresenceSimulation",
                  {"authenticatorId": authenticator, "enabled": False})  # fmt: skip
    sign_in_with_password(page, base)
    assert "/sign-in/second-step/" in page.url
    page.wait_for_load_state("networkidle")  # the page's own passkey request, left waiting
    devtools.send("WebAuthn.setAutomaticPresenceSimulation",
                  {"authenticatorId": authenticator, "enabled": True})  # fmt: skip
    with page.expect_navigation(url=re.compile(re.escape(admin) + r"$")):
        page.click("#passkey-verification-button")
    sign_out(page, base)

    # Password and a recovery code: once.
    for expected in ["Site content", "not right, or was used already"]:
        devtools.send("WebAuthn.setAutomaticPresenceSimulation",
                      {"authenticatorId": authenticator, "enabled": False})  # fmt: skip
        sign_in_with_password(page, base)
        page.fill("#id_code", recovery_codes[0])
        with page.expect_navigation():
            page.click("input[type=submit][value=Continue]")
        assert expected in page.content()
        if expected == "Site content":
            sign_out(page, base)
    # A passkey alone: signed out, the sign-in page's username field offers the passkey, and
    # the browser (the virtual authenticator, as a person would) takes it.
    devtools.send("WebAuthn.setAutomaticPresenceSimulation",
                  {"authenticatorId": authenticator, "enabled": True})  # fmt: skip
    page.click(".sign-out button")
    page.wait_for_url(re.compile(re.escape(admin) + r"$"))
    assert "Site content" in page.content()
    assert page.refusals == []
    assert ways_notified() == [
        "password and authenticator app",
        "password and passkey",
        "password and recovery code",
        "passkey, without a password",
    ]


def test_wrong_codes_at_the_second_step_lock_the_owner_out(browser_page, on_localhost, owner):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=owner, name="Authenticator app")
    page, base = browser_page, on_localhost
    sign_in_with_password(page, base)
    assert "/sign-in/second-step/" in page.url
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.fill("#id_code", "000000")
        with page.expect_navigation():
            page.click("input[type=submit][value=Continue]")
    assert "Too many failed sign-ins" in page.content()
    # Signed out and locked: the right password is refused too, for now.
    sign_in_with_password(page, base)
    assert "Too many failed sign-ins" in page.content()

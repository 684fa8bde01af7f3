"""The admin's second factor with an authenticator app and recovery codes, the lockout that
covers the second step, and the owner's notice of each sign-in."""

import re

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.mailserver import run_worker

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
ADMIN = reverse("admin:index")


@pytest.fixture
def owner(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MFA_REQUIRED = True
    return django_user_model.objects.create_superuser("owner", "owner@example.com", "right-one")


def sign_in(client, password="right-one", address="198.51.100.7"):
    return client.post(
        LOGIN, {"username": "owner", "password": password, "next": ADMIN}, REMOTE_ADDR=address
    )


def current_code(device, ahead=0):
    """The code the app shows now (or `ahead` steps later, as a phone a little fast would)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += ahead * device.step
    return f"{totp.token():06d}"


def enrol_authenticator(client):
    page = client.get(reverse("admin:add_authenticator")).content.decode()
    key = re.search(r'id="authenticator-key">([A-Z2-7]+)<', page)[1]
    code = pyotp.TOTP(key).now()  # what the owner's phone shows
    response = client.post(reverse("admin:add_authenticator"), {"code": code})
    return key, response


def test_the_first_sign_in_leads_to_setting_up_a_second_factor(owner):
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:second_factors"))
    # The admin stays closed until one is set up.
    assert client.get(ADMIN).status_code == 302
    _, response = enrol_authenticator(client)
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())
    assert len(codes) == 10  # recovery codes, shown once
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_while_enrolling_is_a_form_error(owner):
    client = Client()
    sign_in(client)
    client.get(reverse("admin:add_authenticator"))
    response = client.post(reverse("admin:add_authenticator"), {"code": "12345"})
    assert "Enter the 6 digits" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_a_second_sign_in_asks_for_the_code_and_a_recovery_code_works_once(owner):
    first = Client()
    sign_in(first)
    _, response = enrol_authenticator(first)
    recovery = re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())

    with_app = Client()
    response = sign_in(with_app)
    assert response["Location"].startswith(reverse("admin:second_step"))
    assert with_app.get(ADMIN).status_code == 302
    device = TOTPDevice.objects.get(user=owner)
    answer = with_app.post(reverse("admin:second_step"), {"code": current_code(device, ahead=1)})
    assert answer.status_code == 302 and with_app.get(ADMIN).status_code == 200

    for expected in [302, 200]:  # the second use of the same code is refused
        with_code = Client()
        sign_in(with_code)
        response = with_code.post(reverse("admin:second_step"), {"code": recovery[0]})
        assert response.status_code == expected
    assert "not right, or was used already" in response.content.decode()


def test_wrong_codes_at_the_second_step_lock_the_account_out(owner):
    first = Client()
    sign_in(first)
    enrol_authenticator(first)
    guesser = Client()
    sign_in(guesser)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = guesser.post(reverse("admin:second_step"), {"code": "000000"})
        assert response.status_code == 200
    response = guesser.post(reverse("admin:second_step"), {"code": "000000"})
    assert response.status_code == 429  # django-axes' lockout page
    assert guesser.get(ADMIN).status_code == 302  # signed out
    # Locked: the right password from anywhere is refused for now.
    assert sign_in(Client(), address="203.0.113.5").status_code == 429


def test_the_owner_is_told_of_each_sign_in_and_can_end_other_sessions(owner, mailbox):
    first = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
    sign_in(first)
    enrol_authenticator(first)
    run_worker()
    (notice,) = mailbox.messages
    text = notice.get_body(("plain",)).get_content()
    assert notice["To"] == "owner@example.com"
    assert "How: password and authenticator app" in text and "Firefox/133.0" in text
    end_sessions = re.search(r"https://portfolio\.example(\S+end-other-sessions/)", text)[1]

    other = Client()
    sign_in(other)
    device = TOTPDevice.objects.get(user=owner)
    other.post(reverse("admin:second_step"), {"code": current_code(device, ahead=1)})
    assert other.get(ADMIN).status_code == 200
    assert "End every other session" in first.get(end_sessions).content.decode()
    assert first.post(end_sessions).status_code == 302
    assert other.get(ADMIN).status_code == 302  # signed out
    assert first.get(ADMIN).status_code == 200


def test_without_the_requirement_a_password_alone_still_opens_the_admin(owner, settings):
    settings.MFA_REQUIRED = False
    client = Client()
    assert sign_in(client).status_code == 302
    assert client.get(ADMIN).status_code == 200

"""The admin's sign-in holds off a password guesser, by username and by address."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def owner(django_user_model, settings):
    # A fast hasher: every attempt below hashes a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_superuser("owner", "owner@example.com", "right-one")


def sign_in(password, username="owner", address="198.51.100.7"):
    return Client(REMOTE_ADDR=address).post(
        LOGIN, {"username": username, "password": password, "next": reverse("admin:index")}
    )


def test_the_right_password_signs_in(owner):
    assert sign_in("right-one").status_code == 302


def test_repeated_failures_lock_the_username_with_a_clear_message(owner):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in("wrong").status_code == 200  # the form again, with its error
    assert sign_in("wrong").status_code == 429  # the last failure allowed locks it
    # Locked: even the right password, from another address, is refused for now.
    response = sign_in("right-one", address="203.0.113.5")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_repeated_failures_lock_the_address_whatever_the_username(owner):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in("wrong", username=f"guess{number}")
    assert sign_in("right-one").status_code == 429
    assert sign_in("right-one", address="203.0.113.5").status_code == 302


def test_the_unlock_command_lifts_a_lockout(owner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("wrong")
    assert sign_in("right-one").status_code == 429
    call_command("axes_reset", stdout=StringIO())
    assert sign_in("right-one").status_code == 302


def test_the_admin_is_where_the_setting_puts_it():
    from tests.helpers import run_on_test_database

    script = (
        "import django; django.setup(); from django.test import Client; from django.urls import "
        "reverse; print(reverse('admin:login'), Client().get('/admin/login/').status_code)"
    )
    assert run_on_test_database(script, ADMIN_PATH="desk-7f3a/").split() == [
        "/desk-7f3a/login/",
        "404",
    ]


def test_a_staff_session_ends_with_the_browser_and_after_some_hours(owner):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60

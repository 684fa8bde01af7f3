from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Signing in to the admin: the second factor (authenticator apps, recovery codes,
    passkeys) and the owner's notice of each sign-in."""

    name = "access"
    verbose_name = "Sign-in"

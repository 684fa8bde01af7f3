from django.contrib import admin
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.utils import get_credential_model

# Passkeys beside the authenticator apps and recovery codes django-otp lists: a staff user can
# remove another's lost device (docs/security.md).
admin.site.register(get_credential_model(), WebAuthnCredentialAdmin)

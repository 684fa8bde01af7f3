// The second factors' page shows the new passkey once django-otp-webauthn has saved it.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});

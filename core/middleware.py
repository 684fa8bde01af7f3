"""Response headers Django has no setting for, on every response (pages and static files)."""

# Every powerful feature the site does not use, refused to the page and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer", "ambient-light-sensor", "autoplay", "battery", "bluetooth", "camera",
        "display-capture", "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope",
        "hid", "idle-detection", "local-fonts", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial",
        "storage-access", "usb", "web-share", "xr-spatial-tracking",
    ]
)  # fmt: skip


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Nothing here is meant to be embedded by another site (images, styles, pages).
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

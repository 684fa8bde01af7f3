"""Fill the benchmark's database: the shipped content, the large data set and a year of its
reading statistics (bench.data), then write a static file with the home page's bytes, for
WhiteNoise and nginx to serve beside it, and sign the owner in: the last line printed is the
owner's session key; the line on stderr that starts "statistics:" says how long the statistics
took to make."""

import sys
import time
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from bench.data import generate, generate_statistics  # noqa: E402
from core.content import load_content  # noqa: E402

load_content()
print(generate(), file=sys.stderr)
started = time.perf_counter()
made = generate_statistics()
print(
    f"statistics: {sum(made.values()):,} rows ("
    + ", ".join(f"{table} {rows:,}" for table, rows in made.items())
    + f") made in {time.perf_counter() - started:.1f} s",
    file=sys.stderr,
)
home = Client().get("/", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1").content
target = Path(settings.STATIC_ROOT) / "bench" / "home-sized.html"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_bytes(home)
print(f"{target.relative_to(settings.STATIC_ROOT)}: {len(home)} bytes", file=sys.stderr)

owner = get_user_model().objects.create_superuser("bench-owner", "owner@127.0.0.1", None)
signed_in = Client()
signed_in.force_login(owner)
# A session that passed the second factor, as the owner's does in production (MFA_REQUIRED).
device = TOTPDevice.objects.create(user=owner, name="Authenticator app")
session = signed_in.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
print(signed_in.cookies[settings.SESSION_COOKIE_NAME].value)

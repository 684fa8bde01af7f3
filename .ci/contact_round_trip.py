"""Send a message through the production contact form and wait for the worker to email it.

Usage: contact_round_trip.py SITE_URL SMTP_PORT. A real SMTP server listens on SMTP_PORT (the
worker's EMAIL_URL points there) while the form is filled in as a browser would.
"""

import re
import sys
import time
import urllib.parse
import urllib.request

from aiosmtpd.controller import Controller

site, smtp_port = sys.argv[1], int(sys.argv[2])


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content.decode())
        return "250 Accepted"


def request(path, data=None, cookie=""):
    # The site is behind a TLS proxy in production; say so, as the proxy would.
    secure_site = site.replace("http://", "https://", 1)
    headers = {"X-Forwarded-Proto": "https", "Cookie": cookie, "Referer": f"{secure_site}/contact/"}
    body = urllib.parse.urlencode(data).encode() if data else None
    opener = urllib.request.build_opener(NoRedirect)
    return opener.open(urllib.request.Request(site + path, body, headers), timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


mailbox = Mailbox()
controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
controller.start()
try:
    form = request("/contact/")
    page = form.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    fields = {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ["csrfmiddlewaretoken", "shown_at", "key"]
    }
    time.sleep(3.5)  # a person takes a few seconds to write
    fields |= {"name": "Zoë Round-Trip", "email": "zoe@example.com", "message": "Hello from CI."}
    try:
        request("/contact/", fields, cookie=f"csrftoken={csrf_cookie}")
        sys.exit("the contact form did not redirect to the thank-you page")
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302 and redirect.headers["Location"].endswith("/contact/thanks/")
    for _ in range(60):
        if mailbox.messages:
            break
        time.sleep(0.5)
    [email] = mailbox.messages
    assert "Hello from CI." in email and "Reply-To: =?utf-8?" in email, email
    print("The worker emailed a message sent through the contact form.")
finally:
    controller.stop()

"""gunicorn's settings for the web process (the Procfile's `web`), from the environment.

Sync workers, one request at a time each, were chosen by measurement (bench/run): the requests
are CPU work under one GIL, and threads only add switching. A deployment whose requests wait on
the network more than on the CPU can set WEB_THREADS.
"""

import os

from portfolio.log_formats import FORMATTERS

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
threads = int(os.environ.get("WEB_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is a stuck worker: it is killed and replaced.
timeout = int(os.environ.get("WEB_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Workers are replaced now and then, at different times, so that no leak can grow for long; not
# often, as each replacement shows in the latency of a busy moment.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 50_000))
max_requests_jitter = max_requests // 10
# The app is loaded once, before the workers are forked: a replaced worker is ready at once
# instead of importing Django while its sibling takes all the traffic, and the workers share
# the loaded code's memory. Nothing connects to the database or the cache at import time. In
# development (bin/serve sets WEB_RELOAD) workers restart when the code changes, so each loads
# the app itself: forked from a preloaded one, they would keep the old code.
reload = os.environ.get("WEB_RELOAD", "false").lower() in {"1", "true", "yes", "on"}
preload_app = not reload

# Only the proxy in front may say which scheme the client used (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Far beyond any of the site's own URLs; longer request lines and headers are refused with 400.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# The app logs each request itself (web/logs.py), with its id; gunicorn's own messages are
# written as the app's are (portfolio/log_formats.py).
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": FORMATTERS,
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
        }
    },
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


def _without_server_header():
    """gunicorn names itself in a Server header on every response and has no setting to stop
    it; the site says nothing about the software it runs on."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers

    def headers(response):
        return [line for line in default_headers(response) if not line.startswith("Server:")]

    wsgi.Response.default_headers = headers


_without_server_header()

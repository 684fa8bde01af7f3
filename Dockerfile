# The portfolio site: gunicorn serving Django, static files served by WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# PostgreSQL's client tools (Debian's, the server's version): pg_dump and psql, with which
# manage.py backup and restore dump and load the database.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 app
WORKDIR /app

# Dependencies first, from the lock file (exact versions, checked against their hashes), so
# that code changes reuse this layer.
COPY requirements/app.txt requirements/app.txt
RUN pip install --require-hashes --no-deps -r requirements/app.txt

COPY . .
# Static files are collected (fingerprinted and compressed) into the image at build time,
# outside var/, which holds only data.
ENV STATIC_ROOT=/app/staticfiles
RUN DEBUG=true python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var && chown app:app /app/var

USER app
# Without DATABASE_URL the site keeps its SQLite database here: mount a volume to keep it.
VOLUME ["/app/var"]
ENV DEBUG=false PORT=8000
EXPOSE 8000
# Liveness: the process answers (readiness, with the database and cache, is /readyz).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# One image, three processes (Procfile): web by default, or `bin/entrypoint worker` and
# `bin/entrypoint clock` in their own containers (see compose.yaml).
CMD ["bin/entrypoint", "web"]

# The portfolio site: gunicorn serving Django, static files served by WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 app
WORKDIR /app

# Dependencies first, from pyproject.toml, so code changes reuse this layer.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# Static files are collected (fingerprinted and compressed) into the image at build time.
RUN DEBUG=true python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R app:app /app/var

USER app
ENV DEBUG=false PORT=8000
EXPOSE 8000
CMD ["bin/entrypoint"]

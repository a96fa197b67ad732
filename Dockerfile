# DetailHire, production image: gunicorn serves the app; the same image runs the Celery worker
# and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=detailhire.settings \
    DETAILHIRE_VAR_DIR=/app/var

# Pango and fonts for WeasyPrint (invoice PDFs).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin detailhire
WORKDIR /app

# Dependencies first (cached while pyproject.toml and constraints.txt are unchanged).
COPY pyproject.toml constraints.txt ./
COPY scripts/deps.py scripts/deps.py
RUN python scripts/deps.py --runtime > /tmp/requirements.txt \
    && pip install -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY --chown=detailhire:detailhire . .

# Static files are collected into the image (served by WhiteNoise); the key is a build-only dummy.
RUN DJANGO_ENV=production SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media \
    && chown -R detailhire:detailhire /app/var

USER detailhire
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://localhost:8000/healthz', timeout=4).status != 200)"

# WEB_CONCURRENCY sets the number of gunicorn workers (default 1 here; 2-4 per core is usual).
CMD ["gunicorn", "detailhire.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--no-control-socket", "--access-logfile", "-"]

# The app image that docker-compose.yml runs (the migration step and the app) behind the proxy.
# Bookworm: its PostgreSQL client tools are version 15, the server's (postgres:15 in docker-compose.yml);
# `backup` and `restore` refuse pg_dump/pg_restore of another major version.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# gettext compiles the translations; the PostgreSQL client is `backup`'s and `restore`'s; Pango and the fonts
# (with Vietnamese letters) are WeasyPrint's, for the PDFs.
RUN apt-get update && apt-get install -y --no-install-recommends gettext postgresql-client-15 libpango-1.0-0 \
        libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
# .dockerignore keeps out secrets (.env), the tests, the development commands (devtools/) and local data.
COPY . .
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && DJANGO_SECRET_KEY=build-only python manage.py compilemessages --ignore '*/site-packages/*'
RUN useradd --system --home /app danvankheo && mkdir -p /app/media /backups && chown danvankheo /app/media /backups
USER danvankheo
EXPOSE 8000
# Exec form: gunicorn is the container's first process and gets the stop signal itself, so it finishes the
# requests in flight (graceful shutdown) instead of being killed with a shell around it.
CMD ["sh", "-c", "exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --graceful-timeout 30 --access-logfile -"]

# Image for web (uvicorn, or daphne with ASGI_SERVER=daphne), worker, beat and backup.
# Used by docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# pg_dump and pg_restore of the server's major version (PostgreSQL 16, from the
# PostgreSQL project's own Debian repository): pg_dump refuses a newer server, and
# Debian's own client is older.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=1 python manage.py collectstatic --noinput
# Runs unprivileged: the code is root's and read-only to it; it writes only the
# backups volume (/backups, owned by it so a new volume is too) and /tmp.
RUN useradd --system --uid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin dispatch \
    && mkdir -p /backups /media && chown dispatch:dispatch /backups /media
USER dispatch
EXPOSE 8000
CMD ["python", "-m", "config.serving", "--host", "0.0.0.0", "--port", "8000"]

# Image for web (uvicorn, or daphne with ASGI_SERVER=daphne), worker and beat.
# Used by docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=1 python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["python", "-m", "config.serving", "--host", "0.0.0.0", "--port", "8000"]

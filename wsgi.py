"""Entry point: `flask --app wsgi …` and WSGI servers (gunicorn wsgi:app)."""

from app import create_app

app = create_app()

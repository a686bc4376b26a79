"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`."""

import os

bind = os.environ.get("REPERE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("REPERE_WORKERS", "2"))
# WeasyPrint's native libraries (Pango, HarfBuzz) keep about 0.13 MB per PDF rendered that
# is never freed (bench/bench_reports.py): recycle each worker after about a thousand requests.
max_requests = int(os.environ.get("REPERE_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
timeout = 60
accesslog = "-"

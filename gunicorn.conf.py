"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

With more than one worker, the rate limits must live in a shared storage: set
``RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0`` (any Redis the workers reach). With the
default ``memory://``, each worker would count on its own and ``REPERE_ENV=production``
refuses to start (app/extensions.py); ``REPERE_WORKERS=1`` is the only setting where
``memory://`` is accepted.
"""

import os

bind = os.environ.get("REPERE_BIND", "127.0.0.1:8000")
# The same rule as app/config.py's worker_count(), which the application checks at start-up.
workers = int(os.environ.get("REPERE_WORKERS") or os.environ.get("WEB_CONCURRENCY") or "2")
# WeasyPrint's native libraries (Pango, HarfBuzz) keep about 0.13 MB per PDF rendered that
# is never freed (bench/bench_reports.py): recycle each worker after about a thousand requests.
max_requests = int(os.environ.get("REPERE_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
timeout = 60
accesslog = "-"

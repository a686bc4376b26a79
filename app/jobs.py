"""Long work in the background: RQ workers on Redis, or a thread of the app process.

- With ``REDIS_URL`` set (production), :func:`dispatch` puts the job on the ``repere`` queue;
  a worker started from the repository root runs it: ``flask --app wsgi jobs worker``
  (:func:`work`: the application is built once and the PDF renderer's child process serves
  job after job), or RQ's own ``rq worker --url $REDIS_URL repere`` (each job then builds the
  application and starts a renderer in a forked work-horse).
- Without it (the embedded default of ``make run``), the job runs in a background thread of
  the web process: it dies with the process, and a job in progress then stays "en cours"
  until it expires (see the README).

A job's progress and result live in the ``job`` table (both ways alike): pages read it there.
Its file is kept for ``RETENTION`` (a day), then deleted by :func:`purge_expired`, which runs
each time a job starts and with ``flask --app wsgi jobs purge`` (e.g. hourly from cron).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app, has_app_context
from sqlalchemy import delete, select, update

from .extensions import db
from .models import Job, utcnow

QUEUE = "repere"
RETENTION = dt.timedelta(days=1)
JOB_TIMEOUT = 3600  # seconds an RQ worker gives one job

log = logging.getLogger(__name__)

# kind -> function(job, report progress(done)) writing the job's file
Handler = Callable[[Job, Callable[[int], None]], None]
HANDLERS: dict[str, Handler] = {}


EXTENSION = "repere_jobs"


def init_app(app: Flask) -> None:
    """Keep the application where a background thread can be given it (no proxy)."""
    app.extensions[EXTENSION] = app


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def jobs_dir(app: Flask) -> Path:
    configured = app.config.get("JOBS_DIR") or os.environ.get("REPERE_JOBS_DIR")
    path = Path(configured or Path(app.instance_path) / "jobs")
    path.mkdir(parents=True, exist_ok=True)
    return path


def result_path(job: Job, app: Flask | None = None) -> Path:
    """Where the job's file is written (one per job, named by its random id)."""
    return jobs_dir(app or current_app) / f"{job.id}.zip"


def create(kind: str, organisation_id: int, user_id: int | None, total: int) -> Job:
    """Record a new job (queued) and commit; :func:`dispatch` then runs it."""
    purge_expired()
    now = utcnow()
    job = Job(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        user_id=user_id,
        kind=kind,
        status="queued",
        done=0,
        total=total,
        created_at=now,
        expires_at=now + RETENTION,
    )
    db.session.add(job)
    db.session.commit()
    return job


def _redis_url() -> str | None:
    url: str | None = current_app.config.get("REDIS_URL") or os.environ.get("REDIS_URL")
    return url


def dispatch(job_id: str) -> None:
    """Run the job on RQ when ``REDIS_URL`` is set, else in a background thread."""
    url = _redis_url()
    if url:
        from redis import Redis
        from rq import Queue

        Queue(QUEUE, connection=Redis.from_url(url)).enqueue(
            run, job_id, job_timeout=JOB_TIMEOUT, result_ttl=0
        )
        return
    app: Flask = current_app.extensions[EXTENSION]  # the application itself, for the thread
    thread = threading.Thread(target=_run_in_thread, args=(app, job_id), daemon=True)
    thread.start()


def _run_in_thread(app: Flask, job_id: str) -> None:
    with app.app_context():
        run(job_id)


def run(job_id: str) -> None:
    """Run one job (RQ calls this): in the current application, or a new one for a worker."""
    if has_app_context():
        app: Flask = current_app.extensions[EXTENSION]
        with app.app_context():  # a context per job: its own database session
            _run(job_id)
        return
    from reports.isolation import shutdown

    from . import create_app

    try:
        with create_app().app_context():
            _run(job_id)
    finally:
        # an RQ work-horse ends with os._exit: stop the renderer's child process first, or it
        # would outlive the job
        shutdown()


def work(burst: bool = False) -> None:
    """Run the queue's jobs in this process, in the current application (``flask jobs
    worker``), one after the other, until stopped (SIGTERM: after the current job), or until
    the queue is empty with ``burst``."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    url = _redis_url()
    if not url:
        raise RuntimeError("REDIS_URL is not set: without it, jobs run in the web process")
    connection = Redis.from_url(url)
    SimpleWorker([Queue(QUEUE, connection=connection)], connection=connection).work(burst=burst)


def _set(job_id: str, **values: object) -> None:
    db.session.execute(update(Job).where(Job.id == job_id).values(**values))
    db.session.commit()


def _run(job_id: str) -> None:
    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        return
    _set(job_id, status="running")

    def progress(done: int) -> None:
        _set(job_id, done=done)

    try:
        HANDLERS[job.kind](job, progress)
    except Exception as exc:  # the page says it failed; the log says why
        log.exception("job %s failed", job_id)
        db.session.rollback()
        _set(job_id, status="failed", error=type(exc).__name__, finished_at=utcnow())
        return
    _set(job_id, status="done", finished_at=utcnow())


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the jobs kept longer than a day, and their files; returns how many."""
    now = now or utcnow()
    expired = list(db.session.scalars(select(Job).where(Job.expires_at < now)))
    for job in expired:
        result_path(job).unlink(missing_ok=True)
    if expired:
        db.session.execute(delete(Job).where(Job.id.in_([job.id for job in expired])))
        db.session.commit()
    return len(expired)

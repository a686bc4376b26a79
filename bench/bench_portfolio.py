"""The portfolio and the ZIP of its reports, on demand (never part of the tests).

- ``/portefeuille`` and ``/portefeuille.xlsx`` with 1,000 followed services: median and p95
  of REPERE_BENCH_RUNS (default 21) requests each;
- "Télécharger tous les rapports" for 50 audited services: the ZIP job's wall time (from the
  click to "done") on one worker, against 50 single report downloads in a row (target ratio
  <= 1.1), the worker started beforehand as in production (``flask jobs worker``; RQ's own
  ``rq worker`` with REPERE_BENCH_RQ_WORKER=rq); then two such jobs at once, on one worker
  and on two.

Needs Redis on 127.0.0.1:6379 (database 9) for the RQ part. Run: ``python -m bench portfolio``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench password, long enough"
REDIS_URL = os.environ.get("REPERE_BENCH_REDIS", "redis://127.0.0.1:6379/9")
FOLLOWED = 1000
ZIPPED = 50


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(database_url: str, jobs_dir: str) -> Any:
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from app import create_app

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "RATELIMIT_STORAGE_URI": "memory://",
            "JOBS_DIR": jobs_dir,
            "REDIS_URL": REDIS_URL,
            "WTF_CSRF_ENABLED": False,
            # the 50 single downloads in a row are the yardstick, not abuse
            "DOWNLOAD_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        upgrade()
    return app


def seed(app: Any) -> dict[str, int]:
    """A vendor; 1,000 services with a published positioning followed by région A; 50 with
    every criterion answered, followed and audited by régions B and C."""
    from werkzeug.security import generate_password_hash

    from app.extensions import db
    from app.models import (
        AnswerRecord,
        Assessment,
        Audit,
        FollowedService,
        Organisation,
        Service,
        User,
    )
    from bench.bench_reports import complete_positioning

    positioning, grid = complete_positioning()
    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        vendor = Organisation(kind="editeur", name="Éditeur SAS", siren="732829320")
        regions = [
            Organisation(kind="collectivite", name=f"Région {n}", territory_kind="region",
                         territory_code=str(11 + n))
            for n in range(3)
        ]  # fmt: skip
        db.session.add_all([vendor, *regions])
        db.session.flush()
        for n, region in enumerate(regions):
            db.session.add(
                User(
                    email=f"r{n}@bench.test", name=f"R{n}", organisation_id=region.id,
                    password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000"),
                    role="owner",
                )
            )  # fmt: skip
        verdicts = ("conforme", "incomplet", "non_conforme")
        for n in range(FOLLOWED + ZIPPED):
            service = Service(organisation_id=vendor.id, name=f"Service {n:04d}", category="ent")
            db.session.add(service)
            db.session.flush()
            assessment = Assessment(
                service_id=service.id, organisation_id=vendor.id, audience="editeur",
                grid_id=grid.id, grid_version=grid.version, status="published",
                published_at=now - dt.timedelta(days=n % 90), submitted_at=now,
                frozen_score={"verdict": verdicts[n % 3], "blockers": ["X"] * (n % 4),
                              "answered": 40, "applicable": 50},
            )  # fmt: skip
            db.session.add(assessment)
            db.session.flush()
            if n < FOLLOWED:
                db.session.add(
                    FollowedService(organisation_id=regions[0].id, service_id=service.id)
                )
                continue
            for criterion_id, answer in positioning.answers.items():
                db.session.add(
                    AnswerRecord(
                        assessment_id=assessment.id, criterion_id=criterion_id,
                        level=answer.level, not_applicable=answer.not_applicable,
                        justification=answer.justification, comment=answer.comment,
                        evidence=list(answer.evidence),
                    )
                )  # fmt: skip
            for region in regions[1:]:
                db.session.add(FollowedService(organisation_id=region.id, service_id=service.id))
                db.session.add(Audit(organisation_id=region.id, assessment_id=assessment.id))
        db.session.commit()
        return {"regions": len(regions)}


def signed_in(app: Any, n: int) -> Any:
    client = app.test_client()
    response = client.post("/login", data={"email": f"r{n}@bench.test", "password": PASSWORD})
    assert response.status_code in (302, 303), response.status_code
    return client


def time_get(client: Any, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()
        times.append(time.perf_counter() - start)
    return times


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    """``count`` workers, as in production (``flask jobs worker``, or RQ's own ``rq worker``
    with REPERE_BENCH_RQ_WORKER=rq): started, and ready, before anyone clicks."""
    from redis import Redis
    from rq import Worker

    if os.environ.get("REPERE_BENCH_RQ_WORKER") == "rq":
        command = [str(Path(sys.executable).parent / "rq"), "worker", "--url", REDIS_URL, "repere"]
    else:
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker"]
    processes = [
        subprocess.Popen(command, cwd=ROOT, env={**env, "REDIS_URL": REDIS_URL},
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(count)
    ]  # fmt: skip
    connection = Redis.from_url(REDIS_URL)
    while len(Worker.all(connection=connection)) < count:
        time.sleep(0.1)
    return processes


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)  # RQ's warm shutdown
    for process in processes:
        process.wait(timeout=60)


def zip_jobs(app: Any, clients: list[Any], workers: int, env: dict[str, str]) -> float:
    """Start one ZIP job per client on ``workers`` running RQ workers; wall time from the
    clicks until every ZIP is ready."""
    from app.extensions import db
    from app.models import Job

    processes = start_workers(workers, env)
    try:
        start = time.perf_counter()
        ids = []
        for client in clients:
            response = client.post("/portefeuille/rapports")
            match = re.search(r"/rapports/([0-9a-f-]{36})$", response.headers["Location"])
            assert match, response.headers
            ids.append(match.group(1))
        with app.app_context():
            while True:
                statuses = [db.session.get(Job, job_id).status for job_id in ids]
                db.session.remove()
                if all(status in ("done", "failed") for status in statuses):
                    break
                time.sleep(0.1)
        elapsed = time.perf_counter() - start
    finally:
        stop_workers(processes)
    assert statuses == ["done"] * len(ids), statuses
    return elapsed


def main() -> None:
    from redis import Redis

    runs = int(os.environ.get("REPERE_BENCH_RUNS", "21"))
    with tempfile.TemporaryDirectory(prefix="repere-bench-") as folder:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
        app = build(database_url, folder)
        seed(app)
        client = signed_in(app, 0)
        for url in ("/portefeuille", "/portefeuille.xlsx"):
            client.get(url)  # warm up
            times = time_get(client, url, runs)
            median, p95 = statistics.median(times) * 1000, percentile(times, 0.95) * 1000
            print(f"{url}, {FOLLOWED} followed: median {median:.0f} ms, p95 {p95:.0f} ms")
        redis = Redis.from_url(REDIS_URL)
        redis.ping()
        from rq import Queue

        Queue("repere", connection=redis).empty()
        b, c = signed_in(app, 1), signed_in(app, 2)
        page = b.get("/portefeuille").get_data(as_text=True)
        audit_ids = re.findall(r"/audits/(\d+)\"", page)
        assert len(audit_ids) == ZIPPED, len(audit_ids)
        b.get(f"/audits/{audit_ids[0]}/rapport.pdf")  # the renderer's child process started
        start = time.perf_counter()
        for audit_id in audit_ids:
            response = b.get(f"/audits/{audit_id}/rapport.pdf")
            assert response.status_code == 200, (audit_id, response.status_code)
        singles = time.perf_counter() - start
        print(f"{ZIPPED} single audit reports in a row: {singles:.1f} s")
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench",
               "REPERE_JOBS_DIR": folder}  # fmt: skip
        one = zip_jobs(app, [b], 1, env)
        print(f"ZIP of {ZIPPED} reports, one worker: {one:.1f} s (ratio {one / singles:.2f}, "
              "target <= 1.1)")  # fmt: skip
        for workers in (1, 2):
            both = zip_jobs(app, [b, c], workers, env)
            print(f"two ZIPs of {ZIPPED} at once, {workers} worker(s): {both:.1f} s "
                  f"({both / singles:.2f} x the {ZIPPED} single renders)")  # fmt: skip
        with app.app_context():
            from app.extensions import db

            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()

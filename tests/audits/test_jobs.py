""" "Télécharger tous les rapports": the ZIP built as a job, in a thread or on RQ workers."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import jobs
from app.extensions import db
from app.models import Job, Service
from tests.assessments.support import token

from .support import audited, follow, published_positioning

REDIS_TEST_URL = "redis://127.0.0.1:6379/9"  # database 9: the tests' own


def _portfolio_of_two(app: Flask, world: Any) -> FlaskClient:
    """An audited service and a followed one without audit."""
    _assessment, _audit_id, claire = audited(app, world)
    service = Service(organisation_id=world.vendor.id, name="Vie scolaire", category="ent")
    db.session.add(service)
    db.session.commit()
    published_positioning(app, world, service, {"INT-ID-01": {"level": 2}})
    assert follow(claire, service.id).status_code == 303
    return claire


def _start(client: FlaskClient) -> str:
    response = client.post("/portefeuille/rapports", data={"csrf_token": token(client)})
    assert response.status_code == 303, response.get_data(as_text=True)
    match = re.search(r"/portefeuille/rapports/([0-9a-f-]{36})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def _check_zip(client: FlaskClient, job_id: str) -> None:
    page = client.get(f"/portefeuille/rapports/{job_id}").get_data(as_text=True)
    assert "2 sur 2 rapports" in page and '<progress max="2" value="2">' in page
    assert 'http-equiv="refresh"' not in page
    response = client.get(f"/portefeuille/rapports/{job_id}/rapports.zip")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"  # a collectivité's audits
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    response.close()
    assert sorted(n.split("-", 1)[1] for n in names) == [
        "ENT-Exemple-audit.pdf",
        "Vie-scolaire-positionnement.pdf",
    ]
    for name in names:
        assert zipfile.ZipFile(io.BytesIO(response.data)).read(name).startswith(b"%PDF")


def test_the_zip_is_built_in_a_background_thread(app: Flask, world: Any) -> None:
    claire = _portfolio_of_two(app, world)
    job_id = _start(claire)
    page = claire.get(f"/portefeuille/rapports/{job_id}").get_data(as_text=True)
    status = re.search(r'data-status="(\w+)"', page)
    assert status and status.group(1) in ("queued", "running", "done")
    if status.group(1) != "done":
        assert 'http-equiv="refresh"' in page and "<progress" in page
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        db.session.remove()  # no read transaction kept open while the thread writes
        job = db.session.get(Job, job_id)
        assert job is not None and job.status != "failed", job.error if job else None
        if job.status == "done":
            break
        time.sleep(0.3)
    _check_zip(claire, job_id)


def _empty_queue() -> Any:
    """The jobs' queue on the machine's Redis (the tests' database), emptied; a skip without
    Redis."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue

    redis = Redis.from_url(REDIS_TEST_URL)
    try:
        redis.ping()
    except RedisConnectionError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379: the RQ path is not tested")
    queue = Queue(jobs.QUEUE, connection=redis)
    queue.empty()
    return queue


def test_the_zip_is_built_by_an_rq_worker(app: Flask, world: Any) -> None:
    from rq import SimpleWorker

    queue = _empty_queue()
    app.config["REDIS_URL"] = REDIS_TEST_URL
    claire = _portfolio_of_two(app, world)
    job_id = _start(claire)
    db.session.remove()
    assert db.session.get(Job, job_id).status == "queued"  # waiting for a worker
    assert queue.count == 1
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    db.session.remove()
    assert db.session.get(Job, job_id).status == "done"
    _check_zip(claire, job_id)
    queue.empty()


def test_flask_jobs_worker_builds_the_zips_in_this_application(app: Flask, world: Any) -> None:
    """``flask jobs worker``: one process, the application built once, job after job."""
    queue = _empty_queue()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.output
    app.config["REDIS_URL"] = REDIS_TEST_URL
    claire = _portfolio_of_two(app, world)
    first, second = _start(claire), _start(claire)
    assert queue.count == 2
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert [db.session.get(Job, job_id).status for job_id in (first, second)] == ["done", "done"]
    _check_zip(claire, second)
    queue.empty()


def test_a_zip_is_deleted_after_a_day(app: Flask, world: Any) -> None:
    job = jobs.create("portfolio_zip", world.region.id, world.claire.id, 0)
    path = jobs.result_path(job)
    path.write_bytes(b"zip")
    assert jobs.purge_expired(dt.datetime.now(dt.UTC) + dt.timedelta(hours=23)) == 0
    assert path.exists()
    assert jobs.purge_expired(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)) == 1
    assert not path.exists() and db.session.get(Job, job.id) is None

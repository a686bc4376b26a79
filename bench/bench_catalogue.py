"""The catalogue and the comparison at 1,000, 10,000 and 100,000 published positionings.

On PostgreSQL (``REPERE_BENCH_DATABASE_URL``, default
``postgresql+psycopg://postgres@127.0.0.1:5432/repere_bench_catalogue``; the database must
exist, its tables are dropped and re-created), for each size in ``REPERE_BENCH_SIZES``
(default ``1000,10000,100000``), bulk-inserts that many published vendor positionings of the
doctrine grid (each with its full snapshot: answers and score, as submission stores them;
figures from ``domain.scoring``, a few answer profiles reused), then measures through the
application (routing, queries, templates):

- the catalogue's first page with two filters and a sort
  (``/catalogue?categorie=ent&bloquants=sans&tri=maturite``): median and p95;
  targets: median <= 150 ms at 100,000 and <= 2x its time at 1,000;
- a 10-way comparison in HTML and in XLSX: median and p95; target <= 150 ms;

and once, the comparison PDF through the isolated renderer against WeasyPrint alone on the
same HTML (target <= 1.3x). Run: ``python -m bench catalogue``. Never part of the tests.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/repere_bench_catalogue"
BATCH = 5000
CATEGORIES = ("ent", "vie-scolaire", "ressource", "communication", "apprentissage")
PROFILES = ("exemplary", "solid", "blocked", "incomplete", "uneven")


def _timed(call: Any, runs: int) -> tuple[float, float]:
    """Median and p95 of ``runs`` calls, in milliseconds (after one warm-up call)."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def _snapshots(grid: Any) -> dict[tuple[str, str], tuple[dict[str, Any], Any]]:
    """(category, profile) -> (snapshot without names, score) from the domain's scoring."""
    from app.demo_data import Showcase
    from app.demo_positionings import showcase_answers
    from app.domain.answers import AnswersFile, ServiceInfo, to_data
    from app.domain.scoring import score, score_to_json

    made = {}
    for category in CATEGORIES:
        for profile in PROFILES:
            answers = showcase_answers(Showcase("bench", profile, 0), grid, category)
            result = score(grid, answers, category, "editeur")
            document = AnswersFile(
                grid=grid.id, version=grid.version, audience="editeur",
                service=ServiceInfo(name="?", organisation="?", category=category),
                answers=answers,
            )  # fmt: skip
            made[(category, profile)] = (
                {
                    "format": "repere/snapshot@1",
                    "audience": "editeur",
                    "grid": {
                        "id": grid.id,
                        "version": grid.version,
                        "status": grid.header.status,
                        "sha256": grid.checksum,
                    },
                    "answers": to_data(document, grid),
                    "score": score_to_json(result),
                },
                result,
            )
    return made


def _fill(size: int, grid: Any) -> list[int]:
    """``size`` published positionings, listed; returns the ids of ten ENTs to compare."""
    from sqlalchemy import insert, text

    from app.extensions import db
    from app.models import (
        Assessment,
        CatalogueEntry,
        CatalogueMaturity,
        Organisation,
        Service,
    )  # fmt: skip
    from app.positioning.publication import fold

    vendors = max(3, size // 50)
    db.session.execute(
        insert(Organisation),
        [{"id": n, "kind": "editeur", "name": f"Éditeur {n}"} for n in range(1, vendors + 1)],
    )
    profiles = _snapshots(grid)
    now = dt.datetime.now(dt.UTC)
    for start in range(1, size + 1, BATCH):
        numbers = range(start, min(size, start + BATCH - 1) + 1)
        services, assessments, entries, maturities = [], [], [], []
        for n in numbers:
            category = CATEGORIES[n % len(CATEGORIES)]
            profile = PROFILES[(n // len(CATEGORIES)) % len(PROFILES)]
            snapshot, result = profiles[(category, profile)]
            vendor = 1 + n % vendors
            name = f"Service {n}"
            full = {**snapshot, "service": {"name": name, "category": category, "url": None},
                    "vendor": {"name": f"Éditeur {vendor}"}}  # fmt: skip
            published = now - dt.timedelta(minutes=n)
            services.append({"id": n, "organisation_id": vendor, "name": name,
                             "category": category, "description": ""})  # fmt: skip
            assessments.append({
                "id": n, "service_id": n, "organisation_id": vendor, "audience": "editeur",
                "grid_id": grid.id, "grid_version": grid.version, "status": "published",
                "version": 1, "edition": 1, "submitted_at": published, "published_at": published,
                "frozen_score": full["score"], "snapshot": full,
                "incomplete_ack": bool(result.figures.unanswered), "updated_at": published,
            })  # fmt: skip
            score = full["score"]
            entries.append({
                "assessment_id": n, "service_id": n, "organisation_id": vendor,
                "service_name": name, "vendor_name": f"Éditeur {vendor}",
                "search_text": fold(f"{name} Éditeur {vendor}"), "category": category,
                "grid_id": grid.id, "grid_version": grid.version,
                "grid_status": grid.header.status, "edition": 1, "verdict": score["verdict"],
                "blockers_count": len(score["blockers"]), "incomplete": bool(score["unanswered"]),
                "maturity": score["maturity"], "conformity_rate": score["conformity_rate"],
                "deadline": None, "published_at": published,
            })  # fmt: skip
            maturities += [
                {"assessment_id": n, "referentiel_id": ref, "position": position,
                 "maturity": figures["maturity"]}
                for position, (ref, figures) in enumerate(score["referentiels"].items())
            ]  # fmt: skip
        db.session.execute(insert(Service), services)
        db.session.execute(insert(Assessment), assessments)
        db.session.execute(insert(CatalogueEntry), entries)
        db.session.execute(insert(CatalogueMaturity), maturities)
        db.session.commit()
    for table in ("organisation", "service", "assessment"):
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {size + vendors})")
        )
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return [n for n in range(1, size + 1) if n % len(CATEGORIES) == 0][:10]


def _create_database(url: str) -> None:
    """The bench's database, created when the server does not have it yet (a fresh machine)."""
    from sqlalchemy import create_engine, make_url, text

    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            ).first()
            if found is None:
                connection.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    finally:
        server.dispose()


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app
    from app.extensions import db
    from app.grid_registry import get_catalogue

    url = os.environ.get("REPERE_BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgresql"):
        raise SystemExit("bench_catalogue measures PostgreSQL: set REPERE_BENCH_DATABASE_URL")
    sizes = [int(s) for s in os.environ.get("REPERE_BENCH_SIZES", "1000,10000,100000").split(",")]
    _create_database(url)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "GRIDS_DIR": ROOT / "criteria",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        grid = get_catalogue(app).latest("doctrine")
        assert grid is not None
        client = app.test_client()
        catalogue_at: dict[int, float] = {}
        ids = ""
        for size in sizes:
            # a fresh schema per size (the journal refuses TRUNCATE: it is append-only)
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
            upgrade()
            start = time.perf_counter()
            compared = _fill(size, grid)
            filled = time.perf_counter() - start
            ids = ",".join(map(str, compared))
            page = "/catalogue?categorie=ent&bloquants=sans&tri=maturite"
            assert client.get(page).status_code == 200
            median, p95 = _timed(partial(client.get, page), 40)
            catalogue_at[size] = median
            html = _timed(partial(client.get, f"/comparaison?ids={ids}"), 20)
            xlsx = _timed(partial(client.get, f"/comparaison.xlsx?ids={ids}"), 20)
            print(f"{size:>7} published (filled in {filled:.0f} s): catalogue median "
                  f"{median:.1f} ms, p95 {p95:.1f} ms; 10-way comparison HTML median "
                  f"{html[0]:.1f} ms, p95 {html[1]:.1f} ms; XLSX median {xlsx[0]:.1f} ms, "
                  f"p95 {xlsx[1]:.1f} ms")  # fmt: skip
        if len(catalogue_at) > 1:
            first, last = min(catalogue_at), max(catalogue_at)
            print(
                f"catalogue at {last} / at {first}: {catalogue_at[last] / catalogue_at[first]:.2f}x"
            )
        _pdf(app, client, ids)


def _pdf(app: Any, client: Any, ids: str) -> None:
    """The comparison PDF through the app (isolated renderer) against WeasyPrint alone."""
    from flask import request

    from app.catalogue.comparing import comparison_html, deadlines_of, requested_comparison
    from reports.isolation import shutdown
    from reports.pdf import html_to_pdf

    with app.test_request_context(f"/comparaison.pdf?ids={ids}"):
        assert request.args["ids"]
        result = requested_comparison()
        html = comparison_html(result, deadlines_of(result))  # type: ignore[arg-type]
    ours = _timed(partial(client.get, f"/comparaison.pdf?ids={ids}"), 5)[0]
    alone = _timed(partial(html_to_pdf, html), 5)[0]
    shutdown()
    print(f"comparison PDF: {ours:.0f} ms through the app, WeasyPrint alone {alone:.0f} ms "
          f"({ours / alone:.2f}x)")  # fmt: skip


if __name__ == "__main__":
    main()

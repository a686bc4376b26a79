"""The portfolio: follow and unfollow services, the list and its XLSX, the ZIP of reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import delete, select
from werkzeug.wrappers import Response

from .. import jobs, journal
from ..domain.deadlines import countdown, format_date
from ..downloads import download
from ..extensions import db
from ..models import FollowedService, Job
from ..safety import safe_next
from . import bp
from .archive import KIND, archived_rows, latest_job
from .portfolio import SORTS, PortfolioRow, filter_rows, portfolio_rows, sort_rows
from .presentation import (
    AUDIT_STATE_LABELS,
    OPINION_LABELS,
    VERDICT_LABELS,
    lang,
)
from .rules import followable_service, is_collectivite, signed_in_user
from .spreadsheet import workbook_bytes

MAX_ID_DIGITS = 12


def _collectivite_user() -> Any:
    user = signed_in_user()
    if not is_collectivite(user):
        abort(404)
    return user


def _service_id() -> int:
    raw = request.form.get("service", "")
    if not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        abort(404)
    return int(raw)


def _back(default: str) -> Response:
    return redirect(safe_next(request.form.get("next"), default), 303)


@bp.post("/portefeuille/suivre")
@login_required
def follow() -> Response:
    """Follow a service that has a published positioning (a collectivité's members)."""
    service = followable_service(_service_id())
    user = signed_in_user()
    exists = db.session.scalar(
        select(FollowedService.id).where(
            FollowedService.organisation_id == user.organisation_id,
            FollowedService.service_id == service.id,
        )
    )
    if exists is None:
        db.session.add(
            FollowedService(
                organisation_id=user.organisation_id, service_id=service.id, followed_by_id=user.id
            )
        )
        journal.record(user, "service.follow", "service", service.id)
        db.session.commit()
    flash(_("« %(name)s » est dans votre portefeuille.", name=service.name), "success")
    return _back(url_for("audits.portfolio"))


@bp.post("/portefeuille/ne-plus-suivre")
@login_required
def unfollow() -> Response:
    """Remove a service from the portfolio (its audits are kept)."""
    user = _collectivite_user()
    service_id = _service_id()
    result = db.session.execute(
        delete(FollowedService).where(
            FollowedService.organisation_id == user.organisation_id,
            FollowedService.service_id == service_id,
        )
    )
    if result.rowcount:  # type: ignore[attr-defined]
        journal.record(user, "service.unfollow", "service", service_id)
        db.session.commit()
        flash(_("Le service n'est plus suivi."), "success")
    return _back(url_for("audits.portfolio"))


def _query_rows(organisation_id: int) -> tuple[list[PortfolioRow], dict[str, str]]:
    args = {
        "tri": request.args.get("tri", "deadline"),
        "ordre": request.args.get("ordre", "asc"),
        "verdict": request.args.get("verdict", ""),
        "audit": request.args.get("audit", ""),
        "q": request.args.get("q", "")[:100],
    }
    if args["tri"] not in SORTS:
        args["tri"] = "deadline"
    rows = filter_rows(portfolio_rows(organisation_id), args["verdict"], args["audit"], args["q"])
    return sort_rows(rows, args["tri"], args["ordre"] == "desc"), args


@bp.get("/portefeuille")
@login_required
def portfolio() -> str:
    """The services the collectivité follows, sortable and filterable (GET query)."""
    user = _collectivite_user()
    rows, args = _query_rows(user.organisation_id)
    return render_template(
        "audits/portfolio.html",
        lines=_lines(rows),
        labels=_plain_labels(),
        args=args,
        job=latest_job(user.organisation_id),
    )


def _plain_labels() -> dict[str, dict[str, str]]:
    """The labels translated once per page, not once per row."""
    return {
        "verdict": {key: str(label) for key, label in VERDICT_LABELS.items()},
        "opinion": {key: str(label) for key, label in OPINION_LABELS.items()},
        "audit": {key: str(label) for key, label in AUDIT_STATE_LABELS.items()},
    }


def _lines(rows: list[PortfolioRow]) -> list[tuple[PortfolioRow, str, str, str]]:
    """Each row with its dates and countdown as people read them, in the page's language."""
    language, today = lang(), dt.date.today()
    return [
        (
            row,
            format_date(row.deadline, language) if row.deadline else "",
            countdown(row.deadline, today, language),
            format_date(row.last_change.date(), language) if row.last_change else "",
        )
        for row in rows
    ]


def _cells(
    line: tuple[PortfolioRow, str, str, str], labels: dict[str, dict[str, str]], unpublished: str
) -> list[str]:
    row, deadline, countdown_label, last_change = line
    return [
        row.service_name,
        row.vendor_name,
        labels["verdict"][row.verdict] if row.verdict else unpublished,
        str(len(row.blockers)),
        " ".join(row.blockers),
        deadline,
        countdown_label,
        labels["audit"][row.audit_state],
        labels["opinion"][row.opinion] if row.opinion else "",
        last_change,
    ]


@bp.get("/portefeuille.xlsx")
@login_required
def portfolio_xlsx() -> Response:
    """The portfolio as shown (same sort and filters), as a spreadsheet."""
    user = _collectivite_user()
    rows, _args = _query_rows(user.organisation_id)
    head = [
        _("Service"), _("Éditeur"), _("Verdict publié"), _("Bloquants"), _("Critères bloquants"),
        _("Échéance"), _("Compte à rebours"), _("Audit"), _("Avis"), _("Dernier changement"),
    ]  # fmt: skip
    labels, unpublished = _plain_labels(), _("non publié")
    cells = [_cells(line, labels, unpublished) for line in _lines(rows)]
    data = workbook_bytes(_("Portefeuille"), head, cells)
    return download(data, "portefeuille", "xlsx")


@bp.post("/portefeuille/rapports")
@login_required
def start_archive() -> Response:
    """ "Télécharger tous les rapports": start building the ZIP in the background."""
    user = _collectivite_user()
    total = len(archived_rows(user.organisation_id))
    if total == 0:
        flash(
            _("Aucun service suivi n'a de positionnement publié : pas de rapport à réunir."),
            "error",
        )
        return redirect(url_for("audits.portfolio"), 303)
    job = jobs.create(KIND, user.organisation_id, user.id, total)
    jobs.dispatch(job.id)
    return redirect(url_for("audits.archive_status", job_id=job.id), 303)


def _own_job(job_id: str) -> Job:
    user = _collectivite_user()
    job = db.session.get(Job, job_id[:36])
    if job is None or job.organisation_id != user.organisation_id or job.kind != KIND:
        abort(404)
    return job


@bp.get("/portefeuille/rapports/<job_id>")
@login_required
def archive_status(job_id: str) -> str:
    """Progress n of N with a bar; refreshes itself (no JavaScript) while the job runs."""
    job = _own_job(job_id)
    return render_template("audits/archive.html", job=job, now=dt.datetime.now(dt.UTC))


@bp.get("/portefeuille/rapports/<job_id>/rapports.zip")
@login_required
def archive_download(job_id: str) -> Response:
    job = _own_job(job_id)
    path = jobs.result_path(job)
    if job.status != "done" or not path.exists():
        abort(404)
    response = send_file(
        path, mimetype="application/zip", as_attachment=True, download_name="rapports.zip"
    )
    response.headers["Cache-Control"] = "no-store"  # a collectivité's audits: private
    return response


@bp.cli.command("purge")
def purge_command() -> None:
    """Delete the jobs' files kept for more than a day."""
    print(f"{jobs.purge_expired()} job(s) purged")


@bp.cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run the background jobs queued on REDIS_URL, in this application."""
    try:
        jobs.work(burst)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error

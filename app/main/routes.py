"""Public pages: home (the grids and their deadlines), the décret's scope, the health check."""

from __future__ import annotations

import datetime as dt

from flask import current_app, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import text
from werkzeug.wrappers import Response

from ..display import lang
from ..domain.deadlines import countdown, earliest, format_date, grid_deadlines, summary_label
from ..domain.scope import QUESTIONS, decide, read_questions
from ..extensions import db
from ..grid_registry import get_catalogue
from ..safety import safe_next
from . import bp


@bp.get("/")
def home() -> str:
    today = dt.date.today()
    language = lang()
    grids = []
    for grid in get_catalogue(current_app):
        deadlines = grid_deadlines(grid)
        first = earliest(deadlines)
        grids.append(
            {
                "grid": grid,
                "criteria": len(grid.criteria),
                "deadline_label": summary_label(deadlines, language),
                "deadline_text": format_date(first.date, language)
                if first and first.date
                else None,
                "countdown": countdown(first.date, today, language)
                if first and first.date
                else None,
            }
        )
    return render_template("main/home.html", grids=grids, lang=language)


@bp.get("/mon-outil-est-il-concerne")
def scope() -> str:
    """Whether the décret concerns a tool: a GET form, answered from the query string (no
    JavaScript needed); the answer quotes the décret's articles."""
    questions = read_questions(request.args)
    answer = decide(questions) if questions.answered else None
    return render_template("main/scope.html", questions=questions, answer=answer, choices=QUESTIONS)


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", whatever its kind
        current_app.logger.exception("health check: database unreachable")
        return "database unavailable", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/lang")
def set_language() -> Response:
    """Remember the language chosen (in the account when signed in, else in the session)."""
    lang = request.form.get("lang", "fr")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), default="/"))

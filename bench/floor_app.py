"""The application with its autosave view replaced by a no-op, for the autosave bench's floor.

``REPERE_BENCH_VIEW=floor python -m bench autosave`` serves this instead of ``wsgi:app``: every
request still goes through gunicorn, Flask, the session cookie, CSRF, Flask-Login (which reads
the user with the positioning, as for a save) and a JSON answer; only the save itself (its
transaction, the live score, the panel) is left out. What a save costs above this floor is
what the application can make cheaper. The no-op answers as a save would, for the client to
go on (the revision it was sent, plus one). Only the bench starts it; nothing is written.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import login_required

from wsgi import app


@login_required
def no_op_save(assessment_id: int, criterion_id: str) -> Any:
    payload = request.get_json(silent=True) or {}
    revision = int(payload.get("revision", 0)) + 1
    return jsonify(status="saved", criterion=criterion_id, revision=revision)


app.view_functions["assessments.save_answer"] = no_op_save

"""TEMPORARY placeholder so that base.html renders; replaced by the questionnaire work."""

from flask import abort

from . import bp


@bp.get("/tableau-de-bord")
def dashboard() -> str:
    abort(501)

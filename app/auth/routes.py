"""TEMPORARY placeholders so that base.html renders; replaced by the auth work in progress."""

from flask import abort

from . import bp


@bp.route("/login", methods=["GET", "POST"])
def login() -> str:
    abort(501)


@bp.route("/register", methods=["GET", "POST"])
def register() -> str:
    abort(501)


@bp.post("/logout")
def logout() -> str:
    abort(501)

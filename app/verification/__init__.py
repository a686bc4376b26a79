"""Public verification of a report: what the code printed on it stands for (``/verifier``)."""

from flask import Blueprint

bp = Blueprint("verification", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401

"""Services and positionings: dashboard, services, questionnaire, submission and editions."""

from flask import Blueprint

bp = Blueprint("assessments", __name__, template_folder="templates")

from . import autosave, downloads, positionings, publishing, questionnaire, routes  # noqa: E402,F401
from .forms import is_http_url  # noqa: E402
from .presentation import template_helpers  # noqa: E402

bp.context_processor(template_helpers)
bp.add_app_template_test(is_http_url, "http_url")

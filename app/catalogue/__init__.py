"""The public catalogue: published positionings, one page each, the comparison and its
exports; and, for a head of establishment, the tools of the establishment."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__, template_folder="templates")

from ..published import template_helpers  # noqa: E402
from . import comparing, routes, tools  # noqa: E402,F401

bp.app_context_processor(template_helpers)

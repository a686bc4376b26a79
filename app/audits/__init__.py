"""Collectivités' audits: followed services, audits, requests for information, opinions,
the portfolio and its exports."""

from flask import Blueprint

bp = Blueprint("audits", __name__, template_folder="templates", cli_group="jobs")

from . import portfolio_routes, routes  # noqa: E402,F401
from .presentation import app_helpers, template_helpers  # noqa: E402

bp.context_processor(template_helpers)
bp.app_context_processor(app_helpers)

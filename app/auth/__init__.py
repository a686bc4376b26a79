"""Accounts and organisations: sign in and out, registration, invitations, the journal page.

The blueprint also carries the ``flask demo`` command (``cli_group=None``: a top-level
command).
"""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates", cli_group=None)

from ..demo import demo_command  # noqa: E402
from . import organisation, routes  # noqa: E402,F401

bp.cli.add_command(demo_command)

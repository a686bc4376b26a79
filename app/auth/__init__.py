"""Accounts and organisations: sign in and out, registration, invitations, the journal page.

The rules (hashing, finding users, passwords) live in ``app/accounts.py``; this blueprint only
holds the pages.
"""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from . import account, organisation, routes  # noqa: E402,F401

"""Passwords: how they are hashed and which ones are refused.

Part of the service layer (``app/accounts.py`` uses it); no web page, no blueprint.
"""

from __future__ import annotations

import gzip
import re
import secrets
from functools import cache
from pathlib import Path

from flask import current_app
from werkzeug.security import generate_password_hash

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 200  # hashing a huge password would be a cheap way to load the server
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"
# What is stripped from a password before comparing it with the list: separators inside,
# digits and signs at either end ("Azerty-uiop 2024!" is "azertyuiop" with decorations).
_SEPARATORS = re.compile(r"[\s._-]+")
_DECORATIONS = re.compile(r"^[\d\W_]+|[\d\W_]+$")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (app/data/README.md says where it comes from)."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problem(password: str, email: str | None) -> str | None:
    """Why ``password`` must not be chosen by the owner of ``email``, else None.

    ``"common"``: it is, give or take case, separators and digits or signs at either end, one
    of the most common passwords, the first ones any guesser tries. ``"email"``: it contains
    the e-mail address, or the part before the @ when that has 4 characters or more.
    """
    folded = password.casefold()
    compact = _SEPARATORS.sub("", folded)
    address = (email or "").strip().casefold()
    local_part = _SEPARATORS.sub("", address.split("@")[0])
    if address and (address in folded or (len(local_part) >= 4 and local_part in compact)):
        return "email"
    candidates = {folded, compact, _DECORATIONS.sub("", compact)}
    if any(candidate in common_passwords() for candidate in candidates):
        return "common"
    return None


def hash_password(password: str) -> str:
    """The password's hash, with the configured method (scrypt in production)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def dummy_hash(method: str) -> str:
    """A hash of a random password, to check a password against when no account matches."""
    return generate_password_hash(secrets.token_hex(16), method=method)

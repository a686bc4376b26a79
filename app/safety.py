"""Small guards used across blueprints."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to, never another site (open redirects refused)."""
    if not target:
        return default
    target = target.strip().replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if any(ord(ch) < 32 for ch in target):
        return default
    return target

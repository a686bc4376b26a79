"""Per-account slowing down of sign-in: growing delays after failures, never a lock-out.

Each account (the address typed, known or not) gets ``LOGIN_FREE_FAILURES`` failed attempts
(in ``LOGIN_FAILURE_WINDOW_SECONDS``); after that, only one attempt is examined per delay,
which doubles with each new failure: 1 s, 2 s, 4 s… up to ``LOGIN_MAX_DELAY_SECONDS``.
Attempts inside a delay are answered 429 without looking at the password, and do not count.
So a guesser gets about one try per maximum delay and per account, from any number of
addresses, while the owner, with the right password, gets in after at most that delay; a
success forgets the failures.

The counters live in Flask-Limiter's storage (``RATELIMIT_STORAGE_URI``, Redis in
production), through its public strategy object (``limiter.limiter``): every worker sees
them.
"""

from __future__ import annotations

import math
import time

from flask import current_app
from limits import RateLimitItemPerSecond

from ..extensions import limiter

NAMESPACE = "repere-login"


def _identifiers(kind: str, email: str) -> tuple[str, ...]:
    return (str(current_app.config.get("RATELIMIT_KEY_PREFIX", "")), kind, email)


def _failures_item() -> RateLimitItemPerSecond:
    # A high ceiling: this item only counts failures, it never refuses by itself.
    window = int(current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    return RateLimitItemPerSecond(1_000_000, window, namespace=NAMESPACE)


def _failures(email: str) -> int:
    item = _failures_item()
    stats = limiter.limiter.get_window_stats(item, *_identifiers("failures", email))
    return item.amount - stats.remaining


def delay_after(failures: int) -> int:
    """Seconds between two examined attempts once an account has ``failures`` failures."""
    free = int(current_app.config["LOGIN_FREE_FAILURES"])
    if failures < free:
        return 0
    return min(2 ** (failures - free), int(current_app.config["LOGIN_MAX_DELAY_SECONDS"]))


def _gate(delay: int) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(1, delay, namespace=NAMESPACE)


def wait_before_attempt(email: str) -> int:
    """0 if this attempt on ``email`` may be examined now (and take the slot); else the
    seconds to wait."""
    delay = delay_after(_failures(email))
    if delay == 0:
        return 0
    identifiers = _identifiers("gate", email)
    if limiter.limiter.hit(_gate(delay), *identifiers):
        return 0
    reset = limiter.limiter.get_window_stats(_gate(delay), *identifiers).reset_time
    return max(1, math.ceil(reset - time.time()))


def record_failure(email: str) -> None:
    """Count a failed attempt; from the free ones on, the next delay starts now."""
    limiter.limiter.hit(_failures_item(), *_identifiers("failures", email))
    delay = delay_after(_failures(email))
    if delay:
        limiter.limiter.hit(_gate(delay), *_identifiers("gate", email))


def record_success(email: str) -> None:
    """The owner got in: the failures are forgotten."""
    limiter.limiter.clear(_failures_item(), *_identifiers("failures", email))

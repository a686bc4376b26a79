"""In a real browser: a save made after the session has ended is never shown as saved; once
signed in again (in another tab), it is saved."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from .support import REFERENTIEL, seed, sign_in, stored

pytestmark = pytest.mark.browser


def sign_out_elsewhere(context: Any, server: str) -> None:
    """Sign out from another tab, with the site's own "Se déconnecter" button."""
    other = context.new_page()
    other.goto(f"{server}/tableau-de-bord")
    other.click("form[action='/logout'] button")
    other.wait_for_url(f"{server}/")
    other.close()


@pytest.mark.parametrize("ending", ["signed out in another tab", "session cookie gone"])
def test_a_save_after_the_session_ended_is_not_shown_saved_then_saved_once_signed_in(
    live_app: Flask, server: str, browser: Any, ending: str
) -> None:
    assessment_id = seed(live_app)
    context = browser.new_context(locale="fr-FR")
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, server)
    page.goto(f"{server}/positionnements/{assessment_id}/questionnaire/{REFERENTIEL}")

    if ending == "session cookie gone":
        context.clear_cookies()
    else:
        sign_out_elsewhere(context, server)
    page.check("#c-INT-SSO-01-level-3")
    page.wait_for_selector("#c-INT-SSO-01-state.is-signed-out", timeout=10_000)
    state = page.inner_text("#c-INT-SSO-01-state")
    assert "Non enregistré" in state and "Enregistré à" not in state
    link = page.locator("#c-INT-SSO-01-state a")
    assert link.get_attribute("target") == "_blank" and "/login" in link.get_attribute("href")
    assert page.is_checked("#c-INT-SSO-01-level-3")  # the value stays on screen
    assert "INT-SSO-01" not in stored(live_app, assessment_id)

    again = context.new_page()
    sign_in(again, server)
    page.bring_to_front()
    page.wait_for_selector("#c-INT-SSO-01-state.is-saved", timeout=20_000)
    assert stored(live_app, assessment_id)["INT-SSO-01"].level == 3
    assert errors == []
    context.close()

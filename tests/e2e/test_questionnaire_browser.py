"""In a real browser: sign in, fill answers that save themselves, reload, conflict in two tabs,
and an accessibility check (axe-core) of the main pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from .support import REFERENTIEL, axe_violations, seed, sign_in, stored, wait_saved

pytestmark = pytest.mark.browser


def test_answers_save_themselves_survive_a_reload_and_conflicts_are_resolved(
    live_app: Flask, server: str, browser: Any
) -> None:
    assessment_id = seed(live_app)
    context = browser.new_context()
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, server)
    url = f"{server}/positionnements/{assessment_id}/questionnaire/{REFERENTIEL}"
    page.goto(url)

    page.check("#c-INT-SSO-01-level-3")
    wait_saved(page, "INT-SSO-01")
    page.check("#c-INT-SSO-02-level-1")
    page.fill("#c-INT-SSO-02-comment", "Prévu au <b>premier</b> trimestre")
    wait_saved(page, "INT-SSO-02")
    page.check("#c-INT-SSO-03-not_applicable")
    page.fill("#c-INT-SSO-03-justification", "Pas de service tiers à relier")
    wait_saved(page, "INT-SSO-03")

    page.reload()
    assert page.is_checked("#c-INT-SSO-01-level-3")
    assert page.is_checked("#c-INT-SSO-02-level-1")
    assert page.input_value("#c-INT-SSO-02-comment") == "Prévu au <b>premier</b> trimestre"
    assert page.is_checked("#c-INT-SSO-03-not_applicable")
    answers = stored(live_app, assessment_id)
    assert answers["INT-SSO-01"].level == 3
    assert answers["INT-SSO-02"].comment == "Prévu au <b>premier</b> trimestre"
    assert answers["INT-SSO-03"].not_applicable is True

    # A second tab changes INT-SSO-01; the first, still showing the old value, changes it too.
    other = context.new_page()
    other.goto(url)
    other.check("#c-INT-SSO-01-level-4")
    wait_saved(other, "INT-SSO-01")
    page.check("#c-INT-SSO-01-level-2")
    page.wait_for_selector("#c-INT-SSO-01-state.is-conflict", timeout=10_000)
    conflict = page.inner_text("#c-INT-SSO-01-conflict")
    assert "4" in conflict and "2" in conflict
    assert stored(live_app, assessment_id)["INT-SSO-01"].level == 4  # nothing overwritten

    page.click("#c-INT-SSO-01-conflict [data-action=keep-mine]")
    wait_saved(page, "INT-SSO-01")
    assert stored(live_app, assessment_id)["INT-SSO-01"].level == 2
    other.reload()
    assert other.is_checked("#c-INT-SSO-01-level-2")
    assert errors == []
    context.close()


def test_a_save_the_server_fails_is_kept_on_screen_and_sent_again(
    live_app: Flask, server: str, browser: Any
) -> None:
    """A server error (a restart, a lost database connection) loses nothing: the answer
    stays on the screen, the page says so, and the save is sent again a moment later."""
    assessment_id = seed(live_app)
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    sign_in(page, server)
    page.goto(f"{server}/positionnements/{assessment_id}/questionnaire/{REFERENTIEL}")
    failed: list[str] = []

    def fail_once(route: Any) -> None:
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.fulfill(status=503, content_type="text/html", body="<h1>503</h1>")

    page.route("**/reponses/INT-SSO-01", fail_once)
    page.check("#c-INT-SSO-01-level-3")
    page.wait_for_selector("#c-INT-SSO-01-state.is-error", timeout=10_000)
    assert "nouvel essai" in page.inner_text("#c-INT-SSO-01-state")
    assert "INT-SSO-01" not in stored(live_app, assessment_id)
    page.wait_for_selector("#c-INT-SSO-01-state.is-saved", timeout=20_000)
    assert len(failed) == 1
    assert stored(live_app, assessment_id)["INT-SSO-01"].level == 3
    context.close()


def test_without_javascript_the_page_saves_with_its_button(
    live_app: Flask, server: str, browser: Any
) -> None:
    assessment_id = seed(live_app)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, server)
    page.goto(f"{server}/positionnements/{assessment_id}/questionnaire/{REFERENTIEL}")
    page.check("#c-INT-SSO-01-level-3")
    page.fill("#c-INT-SSO-01-comment", "Enregistré sans script")
    page.click("#save-page")
    page.wait_for_load_state()
    record = stored(live_app, assessment_id)["INT-SSO-01"]
    assert (record.level, record.comment) == (3, "Enregistré sans script")
    context.close()


def test_main_pages_have_no_serious_accessibility_violation(
    live_app: Flask, server: str, browser: Any
) -> None:
    assessment_id = seed(live_app)
    page = browser.new_context().new_page()
    problems: dict[str, list[str]] = {}
    for path in ("/", "/login", "/register"):
        page.goto(server + path)
        problems[path] = axe_violations(page)
    sign_in(page, server)
    page.goto(f"{server}/positionnements/{assessment_id}/questionnaire/{REFERENTIEL}")
    page.check("#c-INT-SSO-01-level-3")
    wait_saved(page, "INT-SSO-01")
    for path in (
        "/tableau-de-bord",
        f"/positionnements/{assessment_id}/questionnaire/{REFERENTIEL}",
        f"/positionnements/{assessment_id}",
        f"/positionnements/{assessment_id}/soumettre",
    ):
        page.goto(server + path)
        problems[path] = axe_violations(page)
    assert {path: found for path, found in problems.items() if found} == {}

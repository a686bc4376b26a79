"""In a real browser: filter the catalogue, tick three services, compare them, keep only the
differences, download the XLSX; axe-core finds nothing serious on these pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook

from app.extensions import db
from app.grid_registry import get_catalogue

from .support import axe_violations

pytestmark = pytest.mark.browser


def seed(app: Flask) -> None:
    """The demo: published positionings of three vendors on the newest doctrine version."""
    from app.demo import build_demo  # after the application: app.demo is loaded by its CLI

    with app.app_context():
        catalogue = get_catalogue(app)
        grid = catalogue.get("doctrine", "2025.1")
        assert grid is not None
        build_demo(
            grid, "une phrase de passe assez longue", showcase_grid=catalogue.latest("doctrine")
        )
        db.session.commit()


def test_filter_tick_three_compare_differences_and_download(
    live_app: Flask, server: str, browser: Any
) -> None:
    seed(live_app)
    context = browser.new_context(accept_downloads=True, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/catalogue")
    problems = {"/catalogue": axe_violations(page)}
    all_rows = page.locator("#catalogue tbody tr").count()
    newest = get_catalogue(live_app).latest("doctrine")
    assert newest is not None
    page.select_option("#grille", f"doctrine@{newest.version}")  # one version to compare
    page.select_option("#bloquants", "sans")
    page.select_option("#tri", "nom")
    page.click("#apply-filters")
    page.wait_for_url("**/catalogue?*bloquants=sans*")
    rows = page.locator("#catalogue tbody tr")
    assert 3 <= rows.count() < all_rows
    assert page.locator("#compare-button").inner_text() == "Comparer (0)"
    names = []
    for index in range(3):
        rows.nth(index).locator("input[name=ids]").check()
        names.append(rows.nth(index).locator(".service-name").inner_text())
    assert page.locator("#compare-button").inner_text() == "Comparer (3)"
    page.click("#compare-button")
    page.wait_for_url("**/comparaison?ids=*")
    header = page.locator("#matrix thead").inner_text()
    assert all(name in header for name in names)
    every_row = page.locator("#matrix tr.row-criterion").count()
    problems["/comparaison"] = axe_violations(page)
    page.check("#differences")
    page.click("#apply-options")
    page.wait_for_url("**differences=1*")
    assert 0 < page.locator("#matrix tr.row-criterion").count() < every_row
    # on a 320 px phone, the matrix scrolls in its own box, not the page
    page.set_viewport_size({"width": 320, "height": 640})
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.querySelector('.matrix-scroll').scrollWidth,"
        " document.querySelector('.matrix-scroll').clientWidth,"
        " getComputedStyle(document.querySelector('#matrix thead th')).position]"
    )
    assert widths[0] <= 320 and widths[1] > widths[2] and widths[3] == "sticky", widths
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_download() as download_info:
        page.click("#compare-xlsx")
    path = download_info.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    assert len(book.worksheets) == 4  # the matrix, then one sheet per service
    first = [str(c.value) for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert all(any(name in cell for cell in first) for name in names)
    page.goto(f"{server}/catalogue")
    page.locator("#catalogue .service-name").first.click()
    page.wait_for_url("**/catalogue/*")
    problems["published page"] = axe_violations(page)
    assert errors == []
    assert {where: found for where, found in problems.items() if found} == {}
    context.close()

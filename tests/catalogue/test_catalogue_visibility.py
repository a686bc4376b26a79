"""Enumerated: no draft, submitted-but-unpublished or withdrawn positioning ever shows in the
catalogue, its search, a published page, the comparison or its exports, to anyone."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from tests.assessments.support import World, client_for, new_assessment, save, submit_it, token

from .support import (
    FULL,
    catalogue_ids,
    new_service,
    pdf_text,
    published_positioning,
)

HIDDEN_STATES = ("draft", "submitted", "withdrawn")


@pytest.fixture
def positionings(app: Flask, world: World) -> dict[str, int]:
    """One positioning per state, each of a service whose name says its state."""
    alice = client_for(app, world.alice)
    ids: dict[str, int] = {}
    for state in HIDDEN_STATES:
        service = new_service(world.alice, f"Secret-{state}")
        assessment = new_assessment(alice, service)
        for criterion_id, answer in FULL.items():
            save(alice, assessment.id, criterion_id, 0, **{**answer, "comment": f"hush-{state}"})
        if state != "draft":
            submit_it(alice, assessment)
        if state == "withdrawn":
            alice.post(
                f"/positionnements/{assessment.id}/publier", data={"csrf_token": token(alice)}
            )
            alice.post(
                f"/positionnements/{assessment.id}/retirer", data={"csrf_token": token(alice)}
            )
        ids[state] = assessment.id
    ids["published"] = published_positioning(
        app, world.bob, new_service(world.bob, "Visible Outil"), FULL
    ).id
    return ids


def _viewers(app: Flask, world: World) -> dict[str, FlaskClient]:
    return {
        "anonymous": app.test_client(),
        "other vendor": client_for(app, world.bob),
        "principal": client_for(app, world.paul),
        "collectivite": client_for(app, world.claire),
    }


def _text(response: Any) -> str:
    if response.mimetype == "application/pdf":
        return pdf_text(response.data).replace("\x00", "")
    if "spreadsheet" in response.mimetype:
        book = load_workbook(io.BytesIO(response.data))
        return " ".join(str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r)
    return str(response.get_data(as_text=True))


Check = Callable[[FlaskClient, str, int, int], None]


def _not_in_catalogue(client: FlaskClient, state: str, hidden: int, visible: int) -> None:
    for query in ("", f"?q=Secret-{state}", "?q=secret", "?verdict=conforme", "?tri=nom"):
        listed = catalogue_ids(client, query)
        assert hidden not in listed, (state, query)
        # the results (the search box repeats what was typed)
        page = client.get("/catalogue" + query).get_data(as_text=True).split('id="compare-form"')[1]
        assert f"Secret-{state}" not in page and f"hush-{state}" not in page, (state, query)
    assert visible in catalogue_ids(client)


def _no_published_page(client: FlaskClient, state: str, hidden: int, visible: int) -> None:
    page = client.get(f"/catalogue/{hidden}")
    if state == "withdrawn":  # its old link says so, and shows nothing of its answers
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "Retiré le" in html
        assert f"hush-{state}" not in html and 'id="public-pdf"' not in html
    else:
        assert page.status_code == 404
    assert client.get(f"/catalogue/{hidden}/rapport.pdf").status_code == 404
    assert client.get(f"/catalogue/{visible}").status_code == 200


def _not_compared(client: FlaskClient, state: str, hidden: int, visible: int) -> None:
    for path in ("/comparaison", "/comparaison.xlsx", "/comparaison.pdf"):
        for ids in (f"{hidden},{visible}", f"{visible},{hidden}"):
            response = client.get(f"{path}?ids={ids}")
            assert response.status_code == 404, (state, path, response.status_code)
            assert f"Secret-{state}" not in _text(response)


CHECKS: dict[str, Check] = {
    "catalogue and its search": _not_in_catalogue,
    "published page and its PDF": _no_published_page,
    "comparison and its exports": _not_compared,
}


@pytest.mark.parametrize("check", list(CHECKS))
def test_hidden_positionings_never_show(
    app: Flask, world: World, positionings: dict[str, int], check: str
) -> None:
    for viewer, client in _viewers(app, world).items():
        for state in HIDDEN_STATES:
            try:
                CHECKS[check](client, state, positionings[state], positionings["published"])
            except AssertionError as error:
                raise AssertionError(f"{viewer}, {state}: {error}") from error


def test_the_control_is_visible_and_comparable(
    app: Flask, world: World, positionings: dict[str, int]
) -> None:
    """The checks above can fail: a published positioning does show everywhere."""
    other = published_positioning(app, world.alice, new_service(world.alice, "Autre"), FULL)
    client = app.test_client()
    ids = f"{positionings['published']},{other.id}"
    for path in ("/comparaison", "/comparaison.xlsx", "/comparaison.pdf"):
        response = client.get(f"{path}?ids={ids}")
        assert response.status_code == 200 and "Visible Outil" in _text(response), path

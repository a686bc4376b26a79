"""Bounded numbers in URLs: an id or a page number too large for the database is a 404,
never a 500 (PostgreSQL's integer stops at 2147483647); free texts have maximum lengths."""

from __future__ import annotations

import json
from html import unescape
from typing import Any

import pytest
from flask import Flask

from tests.assessments.support import client_for, save

TOO_LARGE = ["2147483648", "99999999999999999999", "1" + "0" * 400]


@pytest.mark.parametrize("number", TOO_LARGE)
def test_a_huge_id_is_a_404(app: Flask, world: Any, number: str) -> None:
    client = client_for(app, world.alice)
    for path in (
        f"/positionnements/{number}",
        f"/positionnements/{number}/questionnaire",
        f"/positionnements/{number}/rapport.pdf",
        f"/services/{number}",
        f"/organisations/{number}",
        f"/organisations/{number}/journal",
    ):
        assert client.get(path).status_code == 404, path


def test_the_largest_id_is_still_an_id(app: Flask, world: Any) -> None:
    client = client_for(app, world.alice)
    assert client.get("/positionnements/2147483647").status_code == 404  # no such positioning
    assert client.get(f"/services/{world.service.id}").status_code == 200


@pytest.mark.parametrize("page", ["99999999999999999999", "1000001", "0", "-1"])
def test_a_page_number_no_journal_reaches_is_a_404(app: Flask, world: Any, page: str) -> None:
    client = client_for(app, world.alice)
    response = client.get(f"/organisations/{world.vendor.id}/journal?page={page}")
    assert response.status_code == 404


def test_journal_pages_still_work(app: Flask, world: Any) -> None:
    client = client_for(app, world.alice)
    journal = f"/organisations/{world.vendor.id}/journal"
    assert client.get(journal).status_code == 200
    assert client.get(journal + "?page=1").status_code == 200
    assert client.get(journal + "?page=abc").status_code == 200  # not a number: the first page


def test_the_limits_are_said_next_to_the_fields(app: Flask, world: Any, draft: Any) -> None:
    client = client_for(app, world.alice)
    questionnaire = client.get(f"/positionnements/{draft.id}/questionnaire", follow_redirects=True)
    page = unescape(questionnaire.get_data(as_text=True))
    assert "précisez votre réponse (20 000 caractères au plus)" in page
    assert "ne concerne pas le service (20 000 caractères au plus)" in page
    assert "commençant par https:// (20 au plus)" in page
    service_form = unescape(client.get("/services/nouveau").get_data(as_text=True))
    assert "pour qui (2 000 caractères au plus)" in service_form
    register = unescape(app.test_client().get("/register").get_data(as_text=True))
    assert "de la collectivité (200 caractères au plus)" in register
    assert register.count("200 caractères au plus.") >= 1


def test_a_comment_over_the_limit_is_refused_and_said(app: Flask, world: Any, draft: Any) -> None:
    client = client_for(app, world.alice)
    response = save(client, draft.id, "INT-ID-01", level=1, comment="x" * 20_001)
    assert response.status_code == 422
    said = json.dumps(response.get_json(), ensure_ascii=False)  # whatever the error's shape
    assert "20 000 caractères au plus" in said
    assert save(client, draft.id, "INT-ID-01", level=1, comment="x" * 20_000).status_code == 200

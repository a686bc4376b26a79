"""Never lose an answer: stale saves are refused and shown side by side, on every path."""

from __future__ import annotations

import re
import threading
from html import unescape

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db
from app.models import AnswerRecord, Assessment, JournalEntry

from .support import (
    World,
    client_for,
    page_fields,
    save,
    token,
)

PAGE = "/positionnements/{id}/questionnaire/interoperabilite"


def _stored(assessment: Assessment, criterion_id: str) -> AnswerRecord:
    db.session.expire_all()
    return db.session.scalars(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == assessment.id, AnswerRecord.criterion_id == criterion_id
        )
    ).one()


def test_stale_autosave_is_refused_with_both_values(
    app: Flask, world: World, draft: Assessment
) -> None:
    alice, mallory = client_for(app, world.alice), client_for(app, world.mallory)
    assert save(alice, draft.id, "INT-ID-01", 0, level=3, comment="Alice's").status_code == 200
    # Mallory's tab was opened before Alice's save: based on revision 0
    response = save(mallory, draft.id, "INT-ID-01", 0, level=1, comment="<b>Mallory's</b>")
    assert response.status_code == 409
    body = response.get_json()
    assert body["status"] == "conflict"
    assert body["yours"]["level"] == 1 and body["yours"]["comment"] == "<b>Mallory's</b>"
    assert body["theirs"]["level"] == 3 and body["theirs"]["by"] == "Alice"
    assert body["theirs"]["revision"] == 1 and body["theirs"]["level_label"] == "Conforme"
    assert "par Alice" in body["message"]
    html = body["conflict_html"]
    assert "Votre saisie (non enregistrée)" in html and "Enregistré par Alice à" in html
    assert 'data-action="keep-mine"' in html and 'data-action="keep-theirs"' in html
    assert "<form" not in html  # it goes inside the questionnaire's form
    assert "&lt;b&gt;Mallory&#39;s&lt;/b&gt;" in html
    assert _stored(draft, "INT-ID-01").comment == "Alice's"  # nothing overwritten
    # "garder la mienne": the same answer again, based on the revision now stored
    response = save(mallory, draft.id, "INT-ID-01", 1, level=1, comment="Mallory's")
    assert response.status_code == 200 and response.get_json()["revision"] == 2
    assert _stored(draft, "INT-ID-01").comment == "Mallory's"


def test_stale_save_of_the_same_value_is_not_a_conflict(
    app: Flask, world: World, draft: Assessment
) -> None:
    alice, mallory = client_for(app, world.alice), client_for(app, world.mallory)
    save(alice, draft.id, "SEC-HOM-01", 0, level=3)
    response = save(mallory, draft.id, "SEC-HOM-01", 0, level=3)
    assert response.status_code == 200
    assert response.get_json()["status"] == "unchanged" and response.get_json()["revision"] == 1


def test_a_save_bumps_the_assessment_version_and_a_refused_one_does_not(
    app: Flask, world: World, draft: Assessment
) -> None:
    alice = client_for(app, world.alice)
    start = draft.version
    save(alice, draft.id, "SEC-HOM-01", 0, level=3)
    save(alice, draft.id, "SEC-HOM-01", 0, level=2)  # stale
    save(alice, draft.id, "SEC-HOM-01", 1, level=3)  # unchanged
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id).version == start + 1


def test_two_tabs_without_javascript(app: Flask, world: World, draft: Assessment) -> None:
    """Both tabs show the page; the first saves; the second's changed answer is a conflict,
    its other answers are saved, and the page says which."""
    tab1, tab2 = client_for(app, world.alice), client_for(app, world.mallory)
    url = PAGE.format(id=draft.id)
    first = page_fields(tab1.get(url).get_data(as_text=True))
    second = page_fields(tab2.get(url).get_data(as_text=True))
    first |= {"c-INT-ID-01-level": "3", "c-INT-ID-01-comment": "tab 1", "csrf_token": token(tab1)}
    assert tab1.post(url, data=first).status_code == 303
    second |= {
        "c-INT-ID-01-level": "1",
        "c-INT-ID-01-comment": "<i>tab 2</i>",
        "c-INT-DATA-01-level": "4",
        "csrf_token": token(tab2),
    }
    response = tab2.post(url, data=second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Conflit : 1 réponse a été modifiée par quelqu&#39;un d&#39;autre" in page or (
        "Conflit : 1 réponse a été modifiée par quelqu'un d'autre" in page
    )
    assert "1 réponse enregistrée." in page
    conflict = page.split('id="conflicts"')[1].split("</section>")[0]
    assert "Votre saisie (non enregistrée)" in conflict and "tab 2" in conflict
    assert "Enregistré par Alice à" in conflict and "tab 1" in conflict
    assert "&lt;i&gt;tab 2&lt;/i&gt;" in conflict
    assert 'id="c-INT-ID-01-keep-mine"' in conflict and 'href="#c-INT-ID-01"' in conflict
    assert _stored(draft, "INT-ID-01").comment == "tab 1"
    assert _stored(draft, "INT-DATA-01").level == 4
    # the form below now shows the stored value with its revision: saving it as is keeps it
    assert 'name="c-INT-ID-01-revision" value="1"' in page
    # "garder la mienne" (a small form carrying tab 2's value and the stored revision)
    keep = re.search(
        r'<form method="post" action="(/positionnements/\d+/reponses/INT-ID-01)".*?</form>',
        conflict,
        re.S,
    )
    assert keep
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', keep.group(0))
    hidden = {name: unescape(value) for name, value in fields}
    assert hidden["revision"] == "1" and hidden["level"] == "1"
    response = tab2.post(keep.group(1), data=hidden | {"csrf_token": token(tab2)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url + "#c-INT-ID-01")
    record = _stored(draft, "INT-ID-01")
    assert (record.level, record.comment, record.revision) == (1, "<i>tab 2</i>", 2)


def test_an_untouched_card_on_a_stale_page_is_not_a_conflict(
    app: Flask, world: World, draft: Assessment
) -> None:
    tab1, tab2 = client_for(app, world.alice), client_for(app, world.mallory)
    url = PAGE.format(id=draft.id)
    stale = page_fields(tab2.get(url).get_data(as_text=True))
    save(tab1, draft.id, "INT-ID-01", 0, level=4)
    stale |= {"c-INT-DATA-01-level": "2", "csrf_token": token(tab2)}
    assert tab2.post(url, data=stale).status_code == 303  # INT-ID-01 untouched: left alone
    assert _stored(draft, "INT-ID-01").level == 4
    assert _stored(draft, "INT-DATA-01").level == 2


def test_the_keep_mine_form_can_conflict_again(app: Flask, world: World, draft: Assessment) -> None:
    alice, mallory = client_for(app, world.alice), client_for(app, world.mallory)
    save(alice, draft.id, "INT-ID-01", 0, level=3)
    save(alice, draft.id, "INT-ID-01", 1, level=4)
    response = mallory.post(
        f"/positionnements/{draft.id}/reponses/INT-ID-01",
        data={"level": "1", "revision": "1", "csrf_token": token(mallory)},
    )
    assert response.status_code == 409
    assert "Votre saisie (non enregistrée)" in response.get_data(as_text=True)
    assert _stored(draft, "INT-ID-01").level == 4


@pytest.mark.parametrize(("criterion_id", "existing"), [("INT-ID-01", False), ("SEC-HOM-01", True)])
def test_concurrent_saves_of_one_answer_have_exactly_one_winner(
    app: Flask, world: World, draft: Assessment, criterion_id: str, existing: bool
) -> None:
    """Eight saves based on the same revision at once: one wins, seven are told of a conflict
    (a first answer inserted, or an existing one updated)."""
    base = 0
    if existing:
        save(client_for(app, world.alice), draft.id, criterion_id, 0, level=0, comment="first")
        base = 1
    users = [world.alice, world.mallory] * 4
    clients = [client_for(app, user) for user in users]
    tokens = [token(client) for client in clients]
    barrier = threading.Barrier(len(clients))
    results: list[tuple[int, int]] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        barrier.wait()
        response = clients[index].post(
            f"/positionnements/{draft.id}/reponses/{criterion_id}",
            json={"revision": base, "level": index % 5, "comment": f"client {index}"},
            headers={"X-CSRFToken": tokens[index]},
        )
        with lock:
            results.append((index, response.status_code))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(status for _index, status in results)
    assert statuses == [200] + [409] * (len(clients) - 1), results
    winner = next(index for index, status in results if status == 200)
    record = _stored(draft, criterion_id)
    assert (record.comment, record.revision) == (f"client {winner}", base + 1)
    saved = db.session.scalar(
        select(func.count()).select_from(JournalEntry).where(JournalEntry.detail == criterion_id)
    )
    assert saved == base + 1


def test_concurrent_saves_of_different_answers_all_win(
    app: Flask, world: World, draft: Assessment
) -> None:
    criteria = ["INT-ID-01", "INT-DATA-01", "SEC-HOM-01", "SEC-HOM-02"]
    start = draft.version
    clients = [client_for(app, world.alice) for _ in criteria]
    tokens = [token(client) for client in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def run(index: int) -> None:
        barrier.wait()
        response = clients[index].post(
            f"/positionnements/{draft.id}/reponses/{criteria[index]}",
            json={"revision": 0, "level": 3},
            headers={"X-CSRFToken": tokens[index]},
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * len(criteria)
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id).version == start + len(criteria)

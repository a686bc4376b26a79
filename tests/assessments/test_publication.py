"""What is published does not move; publishing, withdrawing and new editions."""

from __future__ import annotations

import re

from flask import Flask

from app.extensions import db
from app.models import Assessment, CatalogueEntry, JournalEntry
from tests.catalogue.support import (
    BLOCKED,
    FULL,
    PARTIAL,
    catalogue_ids,
    pdf_text,
    published_positioning,
)

from .support import (
    World,
    client_for,
    new_assessment,
    publish_it,
    save,
    submit_it,
    token,
)


def _without_print_date(text: str) -> str:
    # the only line allowed to change: the date the report was printed
    return re.sub(r"\d{1,2}(er)? \w+ \d{4}", "<date>", text)


def test_editing_the_service_after_publishing_changes_no_frozen_document(
    app: Flask, world: World
) -> None:
    assessment = published_positioning(app, world.alice, world.service, BLOCKED)
    alice = client_for(app, world.alice)
    before = alice.get(f"/positionnements/{assessment.id}/rapport.pdf").data
    public_before = client_for(app, world.paul).get(f"/catalogue/{assessment.id}/rapport.pdf").data
    xlsx_before = alice.get(f"/positionnements/{assessment.id}/export.csv").data

    response = alice.post(
        f"/services/{world.service.id}/modifier",
        data={"csrf_token": token(alice), "name": "Nouveau nom", "category": "ressource"},
    )
    assert response.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(type(world.service), world.service.id).category == "ressource"

    after = alice.get(f"/positionnements/{assessment.id}/rapport.pdf").data
    assert _without_print_date(pdf_text(after)) == _without_print_date(pdf_text(before))
    assert "ENT Exemple" in pdf_text(after) and "Nouveau nom" not in pdf_text(after)
    assert "INT-ID-02" not in pdf_text(after).split("Annexe")[0]  # a ressource-only criterion
    public_after = client_for(app, world.paul).get(f"/catalogue/{assessment.id}/rapport.pdf").data
    assert _without_print_date(pdf_text(public_after)) == _without_print_date(
        pdf_text(public_before)
    )
    assert alice.get(f"/positionnements/{assessment.id}/export.csv").data == xlsx_before
    page = client_for(app, world.bob).get(f"/catalogue/{assessment.id}").get_data(as_text=True)
    assert "ENT Exemple" in page and "Nouveau nom" not in page
    frozen_page = alice.get(f"/positionnements/{assessment.id}").get_data(as_text=True)
    assert "<h1>ENT Exemple" in frozen_page


def test_the_snapshot_records_what_shapes_the_figures(app: Flask, world: World) -> None:
    assessment = published_positioning(app, world.alice, world.service, BLOCKED)
    snapshot = assessment.snapshot
    assert snapshot is not None and snapshot["format"] == "repere/snapshot@1"
    assert snapshot["service"] == {"name": "ENT Exemple", "category": "ent", "url": None}
    assert snapshot["vendor"] == {"name": "Vendor SAS"}
    assert snapshot["audience"] == "editeur"
    grid = snapshot["grid"]
    assert (grid["id"], grid["version"]) == ("sample", "2026.1")
    assert re.fullmatch(r"[0-9a-f]{64}", grid["sha256"])
    assert snapshot["answers"]["format"] == "repere/answers@1"
    assert snapshot["answers"]["answers"]["INT-ID-01"] == {"level": 1, "comment": "prévu"}
    assert snapshot["score"] == assessment.frozen_score
    assert snapshot["score"]["blockers"] == ["INT-ID-01"]


def test_the_confirmation_page_shows_what_becomes_public_and_no_names(
    app: Flask, world: World
) -> None:
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, world.service)
    for criterion_id, answer in FULL.items():
        save(alice, assessment.id, criterion_id, 0, **answer)
    submit_it(alice, assessment)
    page = alice.get(f"/positionnements/{assessment.id}/publier")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-verdict="conforme"' in html and "SSO ÉduConnect" in html
    assert 'href="https://doc.example/sso"' in html
    assert "Alice" not in html.split("</header>")[1]  # the signed-in user's name is in the menu
    assert 'name="incomplete"' not in html  # nothing unanswered: nothing to tick
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "submitted"  # GET changes nothing
    assert (
        client_for(app, world.bob).get(f"/positionnements/{assessment.id}/publier").status_code
        == 404
    )


def test_unanswered_criteria_need_the_incomplete_tick(app: Flask, world: World) -> None:
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, world.service)
    for criterion_id, answer in PARTIAL.items():
        save(alice, assessment.id, criterion_id, 0, **answer)
    submit_it(alice, assessment)
    refused = publish_it(alice, assessment, incomplete=False)
    assert refused.status_code == 400
    assert 'id="incomplete-error"' in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "submitted"
    assert catalogue_ids(client_for(app, world.paul)) == []

    assert publish_it(alice, assessment, incomplete=True).status_code == 303
    db.session.expire_all()
    published = db.session.get(Assessment, assessment.id)
    assert published.status == "published" and published.incomplete_ack
    anonymous = app.test_client()
    assert catalogue_ids(anonymous) == [assessment.id]
    row = anonymous.get("/catalogue").get_data(as_text=True).split(f'data-id="{assessment.id}"')[1]
    assert 'data-verdict="incomplet"' in row.split("</tr>")[0]


def test_withdrawing_takes_it_out_of_the_catalogue_and_its_page_says_so(
    app: Flask, world: World
) -> None:
    assessment = published_positioning(app, world.alice, world.service, FULL)
    alice, anonymous = client_for(app, world.alice), app.test_client()
    assert catalogue_ids(anonymous) == [assessment.id]
    assert alice.get(f"/positionnements/{assessment.id}/retirer").status_code == 200
    bob = client_for(app, world.bob)
    assert bob.post(
        f"/positionnements/{assessment.id}/retirer", data={"csrf_token": token(bob)}
    ).status_code in (403, 404)
    assert catalogue_ids(anonymous) == [assessment.id]
    response = alice.post(
        f"/positionnements/{assessment.id}/retirer", data={"csrf_token": token(alice)}
    )
    assert response.status_code == 303
    assert catalogue_ids(anonymous) == []
    page = anonymous.get(f"/catalogue/{assessment.id}")
    assert page.status_code == 200 and "Retiré le" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "withdrawn"
    actions = db.session.scalars(
        db.select(JournalEntry.action).where(JournalEntry.object_id == assessment.id)
    ).all()
    assert "assessment.publish" in actions and "assessment.withdraw" in actions
    # others no longer read it among the published
    assert bob.get(f"/positionnements/{assessment.id}").status_code == 404


def test_a_newer_edition_replaces_the_older_in_the_catalogue(app: Flask, world: World) -> None:
    first = published_positioning(app, world.alice, world.service, BLOCKED)
    alice, anonymous = client_for(app, world.alice), app.test_client()
    response = alice.post(
        f"/positionnements/{first.id}/nouvelle-edition", data={"csrf_token": token(alice)}
    )
    second_id = int(re.search(r"/positionnements/(\d+)/", response.headers["Location"]).group(1))
    second = db.session.get(Assessment, second_id)
    save(alice, second_id, "INT-ID-01", 1, level=4)
    submit_it(alice, second)
    assert catalogue_ids(anonymous) == [first.id]  # submitted only: the older stays
    publish_it(alice, second)
    assert catalogue_ids(anonymous) == [second_id]
    old = anonymous.get(f"/catalogue/{first.id}").get_data(as_text=True)
    assert "Remplacé par l&#39;édition 2" in old or "Remplacé par l'édition 2" in old
    assert f'href="/catalogue/{second_id}"' in old
    entry = db.session.scalars(db.select(CatalogueEntry)).one()
    assert (entry.assessment_id, entry.edition, entry.verdict) == (second_id, 2, "conforme")
    # withdrawing the newer lists the older again
    alice.post(f"/positionnements/{second_id}/retirer", data={"csrf_token": token(alice)})
    assert catalogue_ids(anonymous) == [first.id]


def test_a_positioning_frozen_before_snapshots_gets_one_when_published(
    app: Flask, world: World
) -> None:
    alice = client_for(app, world.alice)
    assessment = new_assessment(alice, world.service)
    for criterion_id, answer in FULL.items():
        save(alice, assessment.id, criterion_id, 0, **answer)
    submit_it(alice, assessment)
    db.session.expire_all()
    legacy = db.session.get(Assessment, assessment.id)
    legacy.snapshot = None  # as migration 0005 finds the editions submitted before it
    db.session.commit()
    assert publish_it(alice, legacy).status_code == 303
    db.session.expire_all()
    published = db.session.get(Assessment, assessment.id)
    assert published.status == "published" and published.snapshot is not None
    assert published.snapshot["score"] == published.frozen_score
    assert catalogue_ids(app.test_client()) == [assessment.id]

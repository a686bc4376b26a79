"""The public catalogue: filters, sort, pages; a published page; the comparison and exports."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader

from app.extensions import db
from app.models import Assessment
from tests.assessments.support import World, client_for, new_assessment, save, submit_it, token

from .support import (
    BLOCKED,
    FULL,
    PARTIAL,
    catalogue_ids,
    new_service,
    pdf_text,
    published_positioning,
)


@pytest.fixture
def three(app: Flask, world: World) -> dict[str, Assessment]:
    """Three published positionings of three services from two vendors, different verdicts."""
    lyre = new_service(world.bob, "Lyre Classe", "ressource")
    atlas = new_service(world.alice, "Atlas Vie scolaire")
    return {
        "full": published_positioning(app, world.alice, world.service, FULL),
        "blocked": published_positioning(app, world.alice, atlas, BLOCKED),
        "partial": published_positioning(app, world.bob, lyre, PARTIAL),
    }


def test_the_catalogue_lists_each_published_service_with_its_figures(
    app: Flask, three: dict[str, Assessment]
) -> None:
    anonymous = app.test_client()
    page = anonymous.get("/catalogue").get_data(as_text=True)
    assert set(catalogue_ids(anonymous)) == {a.id for a in three.values()}
    row = page.split(f'data-id="{three["blocked"].id}"')[1].split("</tr>")[0]
    assert "Atlas Vie scolaire" in row and "Vendor SAS" in row
    assert 'data-verdict="non_conforme"' in row and "Non conforme" in row
    # maturity per référentiel, written: interopérabilité 1 (INT-DATA-01 not applicable), sécurité 4
    assert row.count("<meter") == 2 and ">1,0<" in row and ">4,0<" in row
    assert "2026.1" in row and "Officielle" in row
    assert 'name="ids"' in row
    assert 'id="compare-button"' in page and "Comparer (0)" in page


def test_filters_search_and_sort_live_in_a_shareable_url(
    app: Flask, three: dict[str, Assessment]
) -> None:
    anonymous = app.test_client()
    ids = {key: a.id for key, a in three.items()}
    assert catalogue_ids(anonymous, "?verdict=conforme") == [ids["full"]]
    assert catalogue_ids(anonymous, "?categorie=ressource") == [ids["partial"]]
    assert catalogue_ids(anonymous, "?bloquants=avec") == [ids["blocked"]]
    assert set(catalogue_ids(anonymous, "?bloquants=sans")) == {ids["full"], ids["partial"]}
    assert catalogue_ids(anonymous, "?q=rival") == [ids["partial"]]  # the vendor's name
    assert catalogue_ids(anonymous, "?q=ATLAS%20vie") == [ids["blocked"]]
    assert catalogue_ids(anonymous, "?q=%25") == []  # a LIKE wildcard is searched as text
    assert catalogue_ids(anonymous, "?min_securite=3.5") == [ids["blocked"]]
    assert set(catalogue_ids(anonymous, "?min_interoperabilite=3&bloquants=sans")) == {
        ids["full"], ids["partial"]
    }  # fmt: skip
    assert catalogue_ids(anonymous, "?min_interoperabilite=3.5") == [ids["full"]]
    assert catalogue_ids(anonymous, "?grille=sample@2026.1&tri=nom") == [
        ids["blocked"], ids["full"], ids["partial"]
    ]  # fmt: skip
    assert catalogue_ids(anonymous, "?tri=bloquants&verdict=non_conforme") == [ids["blocked"]]
    # unknown values are ignored, never trusted
    assert len(catalogue_ids(anonymous, "?verdict=x&categorie=<script>&tri=1;drop&page=abc")) == 3
    page = anonymous.get("/catalogue?verdict=conforme&q=ent").get_data(as_text=True)
    assert 'value="conforme" selected' in page and 'value="ent"' in page


def test_pages_of_twenty(app: Flask, world: World) -> None:
    from app.positioning.publication import refresh_listing

    template = published_positioning(app, world.alice, world.service, FULL)
    for number in range(24):
        service = new_service(world.alice, f"Service {number:02d}")
        copy = Assessment(
            service_id=service.id, organisation_id=world.vendor.id, audience="editeur",
            grid_id="sample", grid_version="2026.1", status="published",
            published_at=template.published_at, frozen_score=template.frozen_score,
            snapshot={**template.snapshot, "service": {**template.snapshot["service"],
                                                       "name": service.name}},
        )  # fmt: skip
        db.session.add(copy)
        db.session.flush()
        refresh_listing(service.id)
    db.session.commit()
    anonymous = app.test_client()
    first = catalogue_ids(anonymous, "?tri=nom")
    second = catalogue_ids(anonymous, "?tri=nom&page=2")
    assert len(first) == 20 and len(second) == 5 and not set(first) & set(second)
    html = anonymous.get("/catalogue?tri=nom").get_data(as_text=True)
    assert "25 positionnements publiés" in html and 'href="/catalogue?tri=nom&amp;page=2"' in html


def test_the_published_page(app: Flask, world: World, three: dict[str, Assessment]) -> None:
    blocked = three["blocked"]
    page = app.test_client().get(f"/catalogue/{blocked.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-verdict="non_conforme"' in html and "Aucune donnée échangée" in html
    assert 'id="public-blockers"' in html and "INT-ID-01" in html.split('id="public-blockers"')[1]
    assert "Identité" in html.split('id="public-referentiels"')[1]  # an axis row
    assert f'href="/catalogue/{blocked.id}/rapport.pdf"' in html
    assert "2026.1" in html and "Officielle" in html and "Sources :" in html
    assert "Alice" not in html
    pdf = app.test_client().get(f"/catalogue/{blocked.id}/rapport.pdf")
    assert pdf.status_code == 200 and "Atlas Vie scolaire" in pdf_text(pdf.data)


def _compare(client: Any, *assessments: Assessment, extra: str = "") -> Any:
    return client.get("/comparaison?ids=" + ",".join(str(a.id) for a in assessments) + extra)


def test_the_comparison_matrix_and_its_filters(app: Flask, three: dict[str, Assessment]) -> None:
    anonymous = app.test_client()
    full, blocked = three["full"], three["blocked"]
    response = _compare(anonymous, full, blocked)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("ENT Exemple") < html.index("Atlas Vie scolaire")  # columns in order
    row = html.split('data-criterion="INT-ID-01"')[1].split("</tr>")[0]
    assert "<strong>4</strong>" in row and "<strong>1</strong>" in row and "⚠" in row
    na = html.split('data-criterion="INT-DATA-01"')[1].split("</tr>")[0]
    assert "Non applicable" in na and "Aucune donnée échangée" in na
    totals = html.split('id="totals"')[1]
    assert 'data-verdict="conforme"' in totals and 'data-verdict="non_conforme"' in totals
    assert "SEC-HOM-01" in html
    differences = _compare(anonymous, full, blocked, extra="&differences=1").get_data(as_text=True)
    assert 'data-criterion="INT-ID-01"' in differences
    assert 'data-criterion="SEC-HOM-02"' in differences  # 2 and 4
    blockers = _compare(anonymous, full, blocked, extra="&bloquants=1").get_data(as_text=True)
    assert (
        'data-criterion="INT-ID-01"' in blockers and 'data-criterion="SEC-HOM-01"' not in blockers
    )
    # the catalogue's form sends ids=1&ids=2
    repeated = anonymous.get(f"/comparaison?ids={full.id}&ids={blocked.id}")
    assert repeated.status_code == 200


def test_twins_differ_nowhere(app: Flask, world: World) -> None:
    first = published_positioning(app, world.alice, world.service, FULL)
    second = published_positioning(app, world.bob, new_service(world.bob, "Jumeau"), FULL)
    html = _compare(app.test_client(), first, second, extra="&differences=1").get_data(as_text=True)
    assert 'id="no-row"' in html and 'data-criterion="' not in html


def test_comparisons_that_cannot_be_made(app: Flask, three: dict[str, Assessment]) -> None:
    anonymous = app.test_client()
    one = anonymous.get(f"/comparaison?ids={three['full'].id}")
    assert one.status_code == 400 and "de 2 à 10" in one.get_data(as_text=True)
    eleven = ",".join(str(n) for n in range(1, 12))
    assert anonymous.get(f"/comparaison?ids={eleven}").status_code == 400
    assert anonymous.get("/comparaison?ids=1,x").status_code == 400
    assert anonymous.get("/comparaison?ids=1,99999999999").status_code == 400
    assert anonymous.get(f"/comparaison?ids={three['full'].id},999999").status_code == 404


def test_mixing_grid_versions_is_refused_with_the_versions_named(
    tmp_path: Path, database_url: str
) -> None:
    from tests.support import SAMPLE_GRIDS, build_app, migrated

    grids = tmp_path / "grids"
    shutil.copytree(SAMPLE_GRIDS, grids)
    newer = grids / "sample" / "2026.2"
    shutil.copytree(grids / "sample" / "2026.1", newer)
    header = newer / "grid.yaml"
    header.write_text(header.read_text().replace('"2026.1"', '"2026.2"'))
    with migrated(build_app(database_url, grids)) as application:
        world = _world(application)
        older = published_positioning(application, world.alice, world.service, FULL)
        client = client_for(application, world.bob)
        other = new_service(world.bob, "Autre")
        newer_positioning = new_assessment(client, other, grid=("sample", "2026.2"))
        for criterion_id, answer in FULL.items():
            save(client, newer_positioning.id, criterion_id, 0, **answer)
        submit_it(client, newer_positioning)
        client.post(
            f"/positionnements/{newer_positioning.id}/publier", data={"csrf_token": token(client)}
        )
        response = application.test_client().get(
            f"/comparaison?ids={older.id},{newer_positioning.id}"
        )
        text = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "sample 2026.1" in text and "sample 2026.2" in text
        assert "filtrant le catalogue par version" in text


def _world(application: Flask) -> World:
    from werkzeug.security import generate_password_hash

    from app.models import Organisation, User
    from tests.assessments.support import build_world
    from tests.auth.support import PASSWORD

    def make_org(kind: str = "editeur", name: str | None = None, **fields: Any) -> Organisation:
        org = Organisation(kind=kind, name=name or kind, **fields)
        db.session.add(org)
        db.session.commit()
        return org

    def make_user(org: Organisation, email: str, role: str = "owner", name: str = "") -> User:
        user = User(
            email=email, name=name or email, organisation_id=org.id, role=role,
            password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1000"),
        )  # fmt: skip
        db.session.add(user)
        db.session.commit()
        return user

    return build_world(make_org, make_user)


def test_comparison_xlsx_has_text_cells_only(app: Flask, world: World) -> None:
    hostile = {**FULL, "INT-ID-01": {"level": 4, "comment": "x"}}
    first = published_positioning(app, world.alice, world.service, hostile)
    second = published_positioning(
        app, world.bob, new_service(world.bob, '=HYPERLINK("http://evil")'), BLOCKED
    )
    response = _compare(app.test_client(), first, second).headers  # the page works
    assert response is not None
    export = app.test_client().get(f"/comparaison.xlsx?ids={first.id},{second.id}")
    assert export.status_code == 200
    assert export.headers["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(export.data))
    assert len(book.worksheets) == 3  # the matrix, then one per service
    matrix = book.worksheets[0]
    values = [c.value for row in matrix.iter_rows() for c in row if c.value is not None]
    assert "INT-ID-01" in values and any("1 — " in str(v) and "bloquant" in str(v) for v in values)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert all(c.data_type == "s" for c in cells)  # no formula, no number typed from text
    assert any(str(c.value).startswith("=HYPERLINK") for c in cells)  # kept as text


def test_comparison_pdf_is_a4_landscape(app: Flask, three: dict[str, Assessment]) -> None:
    ids = f"{three['full'].id},{three['blocked'].id}"
    response = app.test_client().get(f"/comparaison.pdf?ids={ids}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    page = PdfReader(io.BytesIO(response.data)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert round(width) == 842 and round(height) == 595  # A4 landscape, in points
    # pypdf reads this document's text as UTF-16 code units: drop the zero bytes to search it
    assert "Atlas Vie scolaire" in pdf_text(response.data).replace("\x00", "")


def test_the_principals_tools(app: Flask, world: World, three: dict[str, Assessment]) -> None:
    paul = client_for(app, world.paul)
    assert paul.get("/mon-etablissement/outils").status_code == 200
    for key in ("full", "blocked"):
        service_id = three[key].service_id
        response = paul.post(
            "/mon-etablissement/outils", data={"csrf_token": token(paul), "service_id": service_id}
        )
        assert response.status_code == 303
    own = new_assessment(paul, world.service)
    save(paul, own.id, "INT-ID-01", 0, level=3)
    html = paul.get("/mon-etablissement/outils").get_data(as_text=True)
    assert "ENT Exemple" in html and "Atlas Vie scolaire" in html
    assert 'data-verdict="non_conforme"' in html and 'data-verdict="conforme"' in html
    assert f'href="/positionnements/{own.id}"' in html and "2 critères à renseigner" in html
    link = re.search(r'id="compare-tools" href="/comparaison\?ids=(\d+)(?:,|%2C)(\d+)"', html)
    assert link and {int(link[1]), int(link[2])} == {three["full"].id, three["blocked"].id}
    # other kinds of organisations have no such page; a draft's service cannot be added
    bob = client_for(app, world.bob)
    assert bob.get("/mon-etablissement/outils").status_code == 403
    draft_service = new_service(world.alice, "Brouillon seulement")
    new_assessment(client_for(app, world.alice), draft_service)
    refused = paul.post(
        "/mon-etablissement/outils",
        data={"csrf_token": token(paul), "service_id": draft_service.id},
    )
    assert refused.status_code == 404
    removed = paul.post(
        "/mon-etablissement/outils/retirer",
        data={"csrf_token": token(paul), "service_id": three["full"].service_id},
    )
    assert removed.status_code == 303
    assert "Atlas Vie scolaire" in paul.get("/mon-etablissement/outils").get_data(as_text=True)
    assert 'href="/comparaison' not in paul.get("/mon-etablissement/outils").get_data(as_text=True)


def test_the_principal_is_led_to_the_catalogue_and_the_picker_shows_verdicts(
    app: Flask, world: World, three: dict[str, Assessment]
) -> None:
    paul = client_for(app, world.paul)
    dashboard = paul.get("/tableau-de-bord").get_data(as_text=True)
    assert 'href="/catalogue"' in dashboard and 'href="/mon-etablissement/outils"' in dashboard
    unpublished = new_service(world.bob, "Zéro Publication")
    picker = paul.get("/positionnements/nouveau").get_data(as_text=True)
    options = re.findall(r'<option [^>]*value="(\d+)"[^>]*>([^<]*)</option>', picker)
    labels = {int(value): label for value, label in options}
    assert "publié : Non conforme" in labels[three["blocked"].service_id]
    assert "publié : Conforme" in labels[three["full"].service_id]
    assert "publié" not in labels[unpublished.id]
    order = [int(value) for value, _label in options if int(value) in labels]
    assert order.index(three["partial"].service_id) < order.index(unpublished.id)

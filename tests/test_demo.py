"""`flask demo`: the contract's demo accounts, services and positionings, idempotently."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from app.domain.answers import Answer, AnswersFile, ServiceInfo
from app.domain.identifiers import is_valid_siren, is_valid_uai
from app.domain.scoring import score_answers, score_to_json
from app.extensions import db
from app.grid_registry import get_catalogue
from app.models import (
    AnswerRecord,
    Assessment,
    Invitation,
    JournalEntry,
    Organisation,
    Service,
    User,
)
from tests.auth.support import sign_in
from tests.support import ROOT, build_app, migrated

CONTRACT_USERS = {
    "admin@demo.test": "admin",
    "editeur@demo.test": "editeur",
    "editeur2@demo.test": "editeur",
    "editeur3@demo.test": "editeur",  # a third vendor, for the catalogue
    "etablissement@demo.test": "etablissement",
    "collectivite@demo.test": "collectivite",
}
PASSWORD = "mot de passe de démonstration"


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The test application on the real grids (criteria/), the demo's."""
    with migrated(build_app(database_url, ROOT / "criteria")) as application:
        yield application


def counts() -> dict[str, int]:
    models = (Organisation, User, Service, Assessment, AnswerRecord, JournalEntry, Invitation)
    return {
        model.__name__: int(db.session.scalar(select(func.count()).select_from(model)) or 0)
        for model in models
    }


def demo(runner: FlaskCliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(args=["demo", *args])
    return result.exit_code, result.output


def test_demo_creates_the_contract_accounts(runner: FlaskCliRunner) -> None:
    code, output = demo(runner, "--password", PASSWORD)
    assert code == 0, output
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert set(CONTRACT_USERS) <= set(users)
    for email, kind in CONTRACT_USERS.items():
        assert users[email].organisation.kind == kind and users[email].role == "owner"
    vendors = [users["editeur@demo.test"].organisation, users["editeur2@demo.test"].organisation]
    assert vendors[0].id != vendors[1].id
    assert all(v.siren and is_valid_siren(v.siren) for v in vendors)
    lycee = users["etablissement@demo.test"].organisation
    assert lycee.uai and is_valid_uai(lycee.uai) and "Lycée" in lycee.name
    region = users["collectivite@demo.test"].organisation
    assert (region.territory_kind, region.territory_code) == ("region", "11")


def test_demo_services_belong_to_both_vendors_with_grid_categories(
    app: Flask, runner: FlaskCliRunner
) -> None:
    demo(runner, "--password", PASSWORD)
    grid = get_catalogue(app).get("doctrine", "2025.1")
    assert grid is not None
    services = db.session.scalars(select(Service)).all()
    assert {s.organisation.siren for s in services} == {"912345675", "987654324", "832415608"}
    for service in services:
        assert service.category in grid.category_ids
        assert service.description and service.url and service.url.startswith("https://")


def _answers_file(assessment: Assessment) -> AnswersFile:
    return AnswersFile(
        grid=assessment.grid_id,
        version=assessment.grid_version,
        audience=assessment.audience,
        service=ServiceInfo(name=assessment.service.name, category=assessment.service.category),
        answers={
            r.criterion_id: Answer(
                level=r.level,
                not_applicable=r.not_applicable,
                justification=r.justification,
                comment=r.comment,
                evidence=tuple(r.evidence),
            )
            for r in assessment.answers
        },
    )


def test_demo_positionings_are_at_different_stages(app: Flask, runner: FlaskCliRunner) -> None:
    demo(runner, "--password", PASSWORD)
    grid = get_catalogue(app).get("doctrine", "2025.1")
    assert grid is not None
    assessments = db.session.scalars(select(Assessment).order_by(Assessment.id)).all()
    by_status: dict[str, list[Assessment]] = {}
    newest = get_catalogue(app).latest("doctrine")
    assert newest is not None
    for assessment in assessments:
        # the demo's own story on 2025.1, the catalogue's showcase on the newest version
        assert assessment.grid_id == "doctrine"
        assert assessment.grid_version in ("2025.1", newest.version)
        own_grid = get_catalogue(app).get(assessment.grid_id, assessment.grid_version)
        assert own_grid is not None
        by_status.setdefault(assessment.status, []).append(assessment)
        levels = own_grid.scale.levels
        for record in assessment.answers:
            criterion = own_grid.criteria[record.criterion_id]
            assert criterion.applies_to(assessment.service.category, assessment.audience)
            assert record.not_applicable or levels[0].level <= record.level <= levels[-1].level
        score = score_answers(_answers_file(assessment), own_grid)
        if assessment.status == "draft":
            assert assessment.frozen_score is None
        else:  # frozen with the domain's scoring, never by hand
            assert assessment.frozen_score == score_to_json(score)
            assert assessment.submitted_at is not None and assessment.submitted_by_id
    assert {"draft", "submitted", "published"} <= set(by_status)
    vendor_draft = next(a for a in by_status["draft"] if a.audience == "editeur")
    draft_score = score_answers(_answers_file(vendor_draft), grid)
    assert 0 < draft_score.figures.answered < draft_score.figures.applicable  # partly answered
    submitted = by_status["submitted"][0]
    assert submitted.frozen_score and submitted.frozen_score["verdict"] == "non_conforme"
    published = by_status["published"][0]
    assert published.published_at is not None and published.frozen_score
    assert published.frozen_score["verdict"] == "conforme"
    assert any(r.not_applicable and r.justification for r in published.answers)
    principal = next(a for a in by_status["draft"] if a.audience == "etablissement")
    assert principal.organisation.kind == "etablissement"
    assert principal.prefilled_from_id == published.id
    assert principal.service_id == published.service_id
    flags = [r.from_vendor for r in principal.answers]
    assert any(flags) and not all(flags)  # some confirmed by the principal, most not yet


def test_running_demo_twice_changes_nothing(runner: FlaskCliRunner) -> None:
    assert demo(runner)[0] == 0
    first = counts()
    assert first["Organisation"] == 6 and first["User"] == 6 and first["Assessment"] == 9
    code, output = demo(runner)
    assert code == 0 and "nothing changed" in output and "assword" not in output
    assert counts() == first
    assert demo(runner, "--password", PASSWORD)[0] == 0  # sets the chosen password…
    after_reset = counts()
    code, output = demo(runner, "--password", PASSWORD)
    assert code == 0 and "nothing changed" in output  # …once
    assert counts() == after_reset
    assert after_reset["Organisation"] == 6 and after_reset["Assessment"] == 9


def test_the_default_password_is_printed_once_and_works(app: Flask, runner: FlaskCliRunner) -> None:
    code, output = demo(runner)
    assert code == 0
    match = re.search(r"Password of the demo accounts created or updated now: (\S+)", output)
    assert match and len(match.group(1)) >= 12
    sign_in(app.test_client(), "editeur@demo.test", match.group(1))
    assert match.group(1) not in demo(runner)[1]


def test_the_chosen_password_signs_in(app: Flask, runner: FlaskCliRunner) -> None:
    demo(runner, "--password", PASSWORD)
    client: FlaskClient = app.test_client()
    sign_in(client, "etablissement@demo.test", PASSWORD)
    page = client.get("/organisation", follow_redirects=True).get_data(as_text=True)
    assert "Lycée de démonstration" in page and "0750654D" in page


def test_demo_refuses_outside_development(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["ENV_NAME"] = "production"
    code, output = demo(runner, "--password", PASSWORD)
    assert code == 1 and "refused" in output
    assert counts()["User"] == 0
    code, output = demo(runner, "--password", PASSWORD, "--force")
    assert code == 0 and counts()["User"] == 6


def test_demo_refuses_a_short_password(runner: FlaskCliRunner) -> None:
    code, output = demo(runner, "--password", "court")
    assert code == 2 and "12" in output
    assert counts()["User"] == 0


def test_the_demo_catalogue_compares_three_vendors_on_one_grid_version(
    app: Flask, runner: FlaskCliRunner
) -> None:
    from app.models import CatalogueEntry

    demo(runner, "--password", PASSWORD)
    newest = get_catalogue(app).latest("doctrine")
    assert newest is not None
    entries = db.session.scalars(
        select(CatalogueEntry).where(CatalogueEntry.grid_version == newest.version)
    ).all()
    assert len(entries) >= 5
    assert len({e.organisation_id for e in entries}) >= 3
    assert {"conforme", "non_conforme", "incomplet"} <= {e.verdict for e in entries}
    for entry in entries:  # figures are the snapshot's, i.e. the domain's scoring
        assessment = db.session.get(Assessment, entry.assessment_id)
        assert assessment is not None and assessment.snapshot is not None
        assert assessment.snapshot["score"] == assessment.frozen_score
        assert entry.verdict == assessment.frozen_score["verdict"]
    ids = ",".join(str(e.assessment_id) for e in entries[:5])
    client = app.test_client()
    assert client.get(f"/comparaison?ids={ids}").status_code == 200
    assert client.get("/catalogue").status_code == 200


def test_every_frozen_demo_edition_can_be_verified(app: Flask, runner: FlaskCliRunner) -> None:
    demo(runner, "--password", PASSWORD)
    frozen = db.session.scalars(select(Assessment).where(Assessment.status != "draft")).all()
    assert frozen
    client = app.test_client()
    for assessment in frozen:
        assert assessment.fingerprint and assessment.verification_code, assessment.id
        assert client.get(f"/verifier/{assessment.verification_code}").status_code == 200

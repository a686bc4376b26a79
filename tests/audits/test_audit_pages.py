"""The audit: reviews per criterion, declared and audited figures from one formula, conflicts."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from flask import Flask

from app.domain.answers import Answer
from app.domain.scoring import score
from app.extensions import db
from app.grid_registry import get_catalogue
from app.models import JournalEntry
from tests.assessments.support import client_for

from .support import DECLARED, audited, get_audit, review


def _figures_row(page: str, referentiel: str) -> list[str]:
    row = re.search(rf'<tr data-referentiel="{referentiel}">(.*?)</tr>', page, re.S)
    assert row, page
    return [unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>", row.group(1), re.S)]


def test_na_mandatory_criteria_come_first_and_answers_are_shown(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    page = claire.get(f"/audits/{audit_id}").get_data(as_text=True)
    order = re.findall(r'<article class="card audit-row" id="c-([A-Z0-9-]+)"', page)
    assert order[0] == "SEC-HOM-01"  # mandatory, declared "non applicable"
    assert set(order) == set(DECLARED)
    assert "obligatoire</span>" in page
    # what the vendor wrote is escaped
    assert "pas de données &lt;b&gt;sensibles&lt;/b&gt;" in page
    assert "<b>sensibles</b>" not in page


def test_audited_figures_use_the_reviewed_levels_and_the_one_formula(
    app: Flask, world: Any
) -> None:
    _assessment, audit_id, claire = audited(app, world)
    before = claire.get(f"/audits/{audit_id}").get_data(as_text=True)
    # nothing reviewed yet: audited = declared
    assert _figures_row(before, "overall")[0] == _figures_row(before, "overall")[1]
    assert review(claire, audit_id, "INT-ID-01", 0, "conteste", 1, "SSO absent").status_code == 303
    page = claire.get(f"/audits/{audit_id}").get_data(as_text=True)
    overall = _figures_row(page, "overall")
    grid = get_catalogue(app).get("sample", "2026.1")
    declared = {k: Answer(**v) for k, v in DECLARED.items()}
    expected_declared = score(grid, declared, "ent", "editeur")
    audited_answers = {**declared, "INT-ID-01": Answer(level=1, comment="SSO via ÉduConnect")}
    expected_audited = score(grid, audited_answers, "ent", "editeur")
    assert overall[0] == f"{expected_declared.figures.maturity:.1f}".replace(".", ",")
    assert overall[1] == f"{expected_audited.figures.maturity:.1f}".replace(".", ",")
    assert overall[1] != overall[0]
    assert overall[4:] == [
        str(len(expected_declared.figures.blockers)),
        str(len(expected_audited.figures.blockers)),
    ]
    assert "Non conforme" in page  # the audited verdict: INT-ID-01 is now a blocker
    assert "SSO absent" in page


def test_a_stale_review_is_refused_and_both_values_shown(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    other = client_for(app, world.claire)
    assert review(claire, audit_id, "INT-DATA-01", 0, "verifie", 2, "vu").status_code == 303
    # a second reviewer, whose page still shows revision 0
    response = review(other, audit_id, "INT-DATA-01", 0, "conteste", 0, "faux")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Conflit" in page and "« vu »" in page and "« faux »" in page
    # the first save is kept
    stored = claire.get(f"/audits/{audit_id}").get_data(as_text=True)
    assert 'data-review="verifie"' in stored
    # based on the current revision, the second save goes through
    assert review(other, audit_id, "INT-DATA-01", 1, "conteste", 0, "faux").status_code == 303
    response = review(claire, audit_id, "INT-DATA-01", 1, "verifie", 2, "vu")
    assert response.status_code == 409
    entries = db.session.scalars(
        db.select(JournalEntry).where(JournalEntry.action == "audit.review")
    ).all()
    assert [e.after["status"] for e in entries] == ["verifie", "conteste"]


def test_a_review_outside_the_scale_is_refused(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    response = review(claire, audit_id, "INT-ID-01", 0, "conteste", 9)
    assert response.status_code == 303
    page = claire.get(response.headers["Location"]).get_data(as_text=True)
    assert "Choisissez un statut" in page
    assert 'data-review="non_revu"' in page
    assert review(claire, audit_id, "NOPE-01", 0, "verifie", 3).status_code == 404
    assert get_audit(audit_id).opinion is None


def test_the_audit_speaks_english_on_request(app: Flask, world: Any) -> None:
    _assessment, audit_id, claire = audited(app, world)
    page = claire.get(f"/audits/{audit_id}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert "Declared and audited figures" in text and "Not applicable although mandatory" in text
    assert "Chiffres déclarés" not in text

"""What a reader of the PDF report sees: deadline, verdict, blockers, plan, annex, method."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.answers import parse_answers
from app.domain.scoring import score_answers, score_to_json
from app.report_building import ATTACHMENT_NAME
from tests.reports.support import (
    SAMPLE_ANSWERS,
    UNPUBLISHED_GRIDS,
    Rendered,
    answers_data,
    long_answers,
    normalise,
    write_grid,
)

Render = Callable[..., Rendered]


def test_published_arrete_gives_the_date_and_the_days_left(render: Render) -> None:
    rendered = render(answers_data(SAMPLE_ANSWERS))
    cover = rendered.page_text(0)
    assert "Échéance de mise en conformité" in cover
    assert "28 février 2027" in cover  # published 2026-04-30 + 10 months
    assert "dans 68 jours" in cover  # counted from the report's date, 22 December 2026
    assert "22 décembre 2026" in cover
    assert "non publié" not in rendered.text


def test_passed_deadline_says_since_when(render: Render) -> None:
    cover = render(answers_data(SAMPLE_ANSWERS), today=dt.date(2027, 3, 3)).page_text(0)
    assert "28 février 2027" in cover
    assert "dépassée depuis 3 jours" in cover


def test_unpublished_arrete_says_so_instead_of_a_date(render: Render) -> None:
    rendered = render(answers_data(SAMPLE_ANSWERS), grids=UNPUBLISHED_GRIDS)
    cover = rendered.page_text(0)
    assert "au moins 10 mois à compter de la publication de l'arrêté, non publié à ce jour" in cover
    assert "Date non connue à ce jour" in cover
    assert "2027" not in rendered.text  # no invented date anywhere
    assert "Grille provisoire" in cover  # and the grid's status, plainly


def test_a_referentiel_with_its_own_arrete_shows_its_own_deadline(render: Render) -> None:
    summary = render(answers_data(SAMPLE_ANSWERS)).page_text(1)
    assert "Synthèse par référentiel" in summary
    assert "31 mars 2027 (dans 99 jours)" in summary  # sécurité: 2026-03-31 + 12 months


def test_cover_names_the_service_the_grid_and_the_verdict(render: Render) -> None:
    cover = render(answers_data(SAMPLE_ANSWERS)).page_text(0)
    for expected in (
        "ENT Exemple",
        "Exemple SAS",
        "Éditeur du service",
        "Grille d'essai",
        "sample, version 2026.1",
        "Grille officielle",
        "Non conforme",
    ):
        assert expected in cover, expected


def test_figures_are_the_scores_figures(render: Render) -> None:
    rendered = render(answers_data(SAMPLE_ANSWERS))
    expected = score_to_json(score_answers(rendered.answers, rendered.grid))
    assert (expected["maturity"], expected["conformity_rate"]) == (2.5, 50.0)
    cover = rendered.page_text(0)
    assert "2,5 / 4" in cover and "50 %" in cover and "2 / 3" in cover
    summary = rendered.page_text(1)
    assert "2,0 / 4 0 % 1 1 / 2" in summary  # interopérabilité: maturity, rate, blockers, answered
    assert "3,0 / 4 100 % 0 1 / 1" in summary


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        ({"INT-ID-01": {"level": 3}, "INT-DATA-01": {"level": 4}, "SEC-HOM-01": {"level": 4},
          "SEC-HOM-02": {"level": 3}}, "✓ Conforme"),
        ({"INT-ID-01": {"level": 3}}, "◐ Incomplet"),
        ({"SEC-HOM-01": {"level": 0}}, "✗ Non conforme"),
    ],
)  # fmt: skip
def test_verdict_in_words_and_symbol(render: Render, answers: dict, verdict: str) -> None:
    assert verdict in render(answers_data(answers)).page_text(0)


def test_action_plan_blockers_first_then_gaps_lowest_level_first(render: Render) -> None:
    answers = {
        "INT-ID-01": {"level": 2},  # blocker, level 2
        "SEC-HOM-01": {"level": 0},  # blocker, level 0: before INT-ID-01 despite grid order
        "SEC-HOM-02": {"level": 1},  # recommendation below the level: a gap
        # INT-DATA-01 unanswered
    }
    rendered = render(answers_data(answers))
    text = rendered.text
    plan = text[text.index("Plan d'action") : text.index("Annexe : toutes les réponses")]
    expected = ("Bloquants : exigences attendues de l'arrêté (2)", "SEC-HOM-01", "INT-ID-01",
                "Autres écarts (1)", "SEC-HOM-02", "Critères à renseigner (1)",
                "INT-DATA-01")  # fmt: skip
    order = [plan.index(s) for s in expected]
    assert order == sorted(order)
    assert "Niveau actuel : 0 — Non pris en compte" in plan
    assert "Échéance : 31 mars 2027 (dans 99 jours)" in plan  # SEC-HOM-01: sécurité's arrêté
    assert "Échéance : 28 février 2027 (dans 68 jours)" in plan  # INT-ID-01


def test_action_plan_says_what_is_asked_and_the_evidence(render: Render, tmp_path: Path) -> None:
    rendered = render(long_answers({"R0-A0-00": {"level": 1}}), grids=write_grid(tmp_path / "g"))
    plan = rendered.text[rendered.text.index("Plan d'action") :]
    assert "Ce qui est demandé : Critère 0.0.0 Ce que le critère demande, en détail." in plan
    assert "Preuve attendue : La preuve attendue." in plan
    assert "au moins 10 mois à compter de la publication de l'arrêté, non publié à ce jour." in plan


def test_annex_shows_every_answer(render: Render) -> None:
    text = render(answers_data(SAMPLE_ANSWERS)).text
    annex = text[text.index("Annexe : toutes les réponses") : text.index("Méthode")]
    assert "INT-ID-01 — Propagation d'identité" in annex
    assert "Niveau 2 — Partiel" in annex and "Bloquant" in annex
    assert "Commentaire : SSO en cours" in annex
    assert "https://exemple.fr/sso" in annex  # evidence as text
    assert "Non applicable" in annex and "Justification : Pas de référent dédié" in annex
    assert "INT-DATA-01 — Réversibilité Recommandé Non renseigné" in annex
    assert "(texte)" in annex and "(section)" in annex and "(déduit)" in annex  # source status
    assert "INT-ID-02 — Accès GAR" in annex  # listed as not concerning an ENT


def test_method_page_explains_scale_rules_and_sources(render: Render) -> None:
    text = render(answers_data(SAMPLE_ANSWERS)).text
    method = text[text.rindex("Méthode") :]
    for expected in (
        "0 — Non pris en compte",
        "4 — Exemplaire",
        "Un critère est atteint à partir du niveau 3 (Conforme).",
        "Bloquant : critère applicable et obligatoire",
        "« non conforme » dès qu'il y a un bloquant",
        "texte : un texte public énonce l'exigence",
        "section :",
        "déduit : notre déduction",
    ):
        assert expected in method, expected


def test_pages_are_numbered_with_a_running_header(render: Render) -> None:
    rendered = render(answers_data(SAMPLE_ANSWERS))
    pages = len(rendered.reader.pages)
    assert pages >= 4
    assert f"Page 1 sur {pages}" in rendered.page_text(0)
    second = rendered.page_text(1)
    assert f"Page 2 sur {pages}" in second
    assert "ENT Exemple — Rapport de positionnement, 22 décembre 2026" in second
    assert "Repère — auto-positionnement à la doctrine technique du numérique pour l'éducation" in (
        second
    )  # the footer, its apostrophe printed as such (not as an HTML entity)


def test_long_report_has_contents_and_a_radar_of_referentiels(
    render: Render, tmp_path: Path
) -> None:
    rendered = render(long_answers(), grids=write_grid(tmp_path / "g", 4, 3, 3))
    contents = rendered.page_text(1)
    assert "Sommaire" in contents
    assert "Plan d'action" in contents and "Référentiel 3" in contents and "Méthode" in contents
    assert "Maturité par référentiel" in contents
    short = render(answers_data(SAMPLE_ANSWERS))
    assert "Sommaire" not in short.text


def test_english_report(render: Render) -> None:
    rendered = render(answers_data(SAMPLE_ANSWERS), lang="en")
    cover = rendered.page_text(0)
    assert "Compliance deadline" in cover
    assert "28 February 2027" in cover and "in 68 days" in cover
    assert "✗ Not compliant" in cover
    assert "Action plan" in rendered.text and "Method" in rendered.text


def test_english_unpublished(render: Render) -> None:
    cover = render(answers_data({}), grids=UNPUBLISHED_GRIDS, lang="en").page_text(0)
    assert "at least 10 months from the publication of the arrêté, not published to date." in cover


def test_answers_file_is_attached_and_reimports(render: Render) -> None:
    rendered = render(answers_data(SAMPLE_ANSWERS))
    attachments = rendered.reader.attachments
    assert list(attachments) == [ATTACHMENT_NAME]
    content = attachments[ATTACHMENT_NAME][0].decode("utf-8")
    assert json.loads(content)["format"] == "repere/answers@1"
    assert parse_answers(content) == rendered.answers


def test_pdf_is_tagged_for_accessibility(
    render: Render, weasyprint_log: pytest.LogCaptureFixture
) -> None:
    rendered = render(answers_data(SAMPLE_ANSWERS))
    # WeasyPrint logs (does not raise) what breaks PDF/UA: a missing lang, an image without
    # alternative text, an asset it could not load.
    assert [r.getMessage() for r in weasyprint_log.records] == []
    reader = PdfReader(io.BytesIO(rendered.pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata is not None
    assert reader.metadata.title == "Rapport de positionnement — ENT Exemple"
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp
    alternatives = _figure_alternatives(root["/StructTreeRoot"].get_object())
    assert alternatives and all("sur 4" in alt for alt in alternatives)  # charts said in words


def _figure_alternatives(node: object) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, dict):
            if item.get("/S") == "/Figure":
                found.append(str(item.get("/Alt", "")))
            stack.extend(item.get("/K", []) if isinstance(item.get("/K"), list) else [])
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_empty_positioning_gives_a_clean_report(render: Render) -> None:
    rendered = render(answers_data({}))
    cover = rendered.page_text(0)
    assert "◐ Incomplet" in cover
    assert "— / 4" in cover and "0 / 4" in cover  # no maturity yet, nothing answered
    assert "Critères à renseigner (4)" in rendered.text
    assert normalise(rendered.report.deadline.sentence) in rendered.text

"""The questionnaire's side panel and navigation (templates _panel.html and _nav.html).

What a grid file says (titles of référentiels, axes and criteria) is escaped like anything a
user wrote; figures read in the page's language.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import Flask, render_template

from app.assessments.presentation import FiguresView, Panel
from app.domain.scoring import Figures

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def figures(answered: int, applicable: int, maturity: float | None, blockers=()) -> Figures:
    return Figures(
        maturity=maturity,
        conformity_rate=None if maturity is None else 50.0,
        concerned=applicable,
        applicable=applicable,
        answered=answered,
        met=0,
        not_applicable=0,
        blockers=tuple(blockers),
        unanswered=(),
    )


def hostile_panel() -> Panel:
    criterion = SimpleNamespace(id="INT-01", title=SimpleNamespace(get=lambda _lang: HOSTILE))
    current = FiguresView(HOSTILE, figures(1, 3, 2.0), '/q/1?x="<b>', True)
    other = FiguresView("Sécurité & co", figures(0, 0, None), "/q/2", False)
    return Panel(
        overall=FiguresView("Ensemble", figures(1, 3, 2.0, ["INT-01"])),
        verdict="non_conforme",
        referentiels=[current, other],
        axes=[FiguresView(HOSTILE, figures(1, 3, 2.0))],
        blockers=[criterion],  # type: ignore[list-item]
        deadline_label=HOSTILE,
        deadline_countdown="<i>J-3</i>",
        scale_max=4,
    )


def rendered(app: Flask, language: str) -> str:
    headers = {"Accept-Language": language}
    # a questionnaire page's address: the blueprint's template helpers apply
    with (
        app.app_context(),
        app.test_request_context("/positionnements/1/questionnaire/x", headers=headers),
    ):
        return render_template("assessments/_panel.html", panel=hostile_panel()) + render_template(
            "assessments/_nav.html", panel=hostile_panel()
        )


def test_grid_texts_are_escaped_in_panel_and_navigation(app: Flask) -> None:
    html = rendered(app, "fr")
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'href="/q/1?x=&#34;&lt;b&gt;"' in html
    assert "Sécurité &amp; co" in html
    assert "1 bloquant" in html and 'href="#c-INT-01"' in html
    assert 'aria-current="page"' in html and "aucun critère applicable" in html


def test_panel_in_english_and_in_french(app: Flask) -> None:
    english, french = rendered(app, "en"), rendered(app, "fr")
    assert "1 of 3 answered" in english and "2.0 / 4" in english and "1 blocker" in english
    assert "1 sur 3 répondus" in french and "2,0 / 4" in french and "1 bloquant" in french

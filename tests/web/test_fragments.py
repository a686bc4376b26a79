"""The questionnaire's live figures written in Python (app/assessments/fragments.py).

What a grid file says (titles of référentiels, axes and criteria) is escaped like anything a
user wrote; numbers read as Babel writes them; the markup is the one the pages had.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from babel.numbers import format_decimal
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from app.assessments.fragments import format_number, nav_html, panel_html, progress_html
from app.assessments.presentation import FiguresView
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


def hostile_panel() -> dict[str, Any]:
    criterion = SimpleNamespace(id="INT-01", title=SimpleNamespace(get=lambda _lang: HOSTILE))
    current = FiguresView(HOSTILE, figures(1, 3, 2.0), '/q/1?x="<b>', True)
    other = FiguresView("Sécurité & co", figures(0, 0, None), "/q/2", False)
    return {
        "overall": FiguresView("Ensemble", figures(1, 3, 2.0, ["INT-01"])),
        "verdict": "non_conforme",
        "referentiels": [current, other],
        "axes": [FiguresView(HOSTILE, figures(1, 3, 2.0))],
        "blockers": [criterion],
        "deadline_label": HOSTILE,
        "deadline_countdown": "<i>J-3</i>",
        "scale_max": 4,
    }


def test_grid_texts_are_escaped_in_panel_and_navigation(app: Flask) -> None:
    with app.test_request_context("/"):
        html = str(panel_html(hostile_panel(), "fr")) + str(nav_html(hostile_panel(), "fr"))
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'href="/q/1?x=&#34;&lt;b&gt;"' in html
    assert "Sécurité &amp; co" in html
    assert "1 bloquant" in html and 'href="#c-INT-01"' in html
    assert 'aria-current="page"' in html and "aucun critère applicable" in html


def test_panel_in_english(app: Flask) -> None:
    with app.test_request_context("/"):  # a French request: the language given wins
        html = str(panel_html(hostile_panel(), "en"))
        french = str(panel_html(hostile_panel(), "fr"))
    assert "1 of 3 answered" in html and "2.0 / 4" in html and "1 blocker" in html
    assert "1 sur 3 répondus" in french and "2,0 / 4" in french and "1 bloquant" in french


def test_progress_bar_markup(app: Flask) -> None:
    with app.test_request_context("/"):
        html = str(progress_html(2, 5, 'a "label"', "fr"))
    assert html == (
        '<progress class="progress" max="5" value="2" aria-label="a &#34;label&#34;">2/5'
        '</progress>\n<span class="progress-figures">2 sur 5 répondus</span>'
    )


@given(
    st.floats(min_value=0, max_value=1e7, allow_nan=False),
    st.sampled_from([0, 1]),
    st.sampled_from(["fr", "en"]),
)
def test_numbers_read_as_babel_writes_them(value: float, digits: int, language: str) -> None:
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    expected = str(format_decimal(round(value, digits), format=pattern, locale=language))
    assert format_number(value, digits, language) == expected


def test_no_number() -> None:
    assert format_number(None, 1, "fr") == "—"


def test_page_urls_are_url_for_s_for_each_application_root(app: Flask) -> None:
    from flask import url_for

    from app.assessments.presentation import page_url

    for root in ("", "/repere", "/autre"):
        for _twice in range(2):  # the second time from the cache
            with app.test_request_context("/", base_url=f"http://localhost{root}/"):
                for assessment_id, referentiel_id in ((1, "interop"), (12, "secu"), (1, "secu")):
                    expected = url_for(
                        "assessments.questionnaire",
                        assessment_id=assessment_id,
                        referentiel_id=referentiel_id,
                    )
                    assert expected.startswith(f"{root}/positionnements/{assessment_id}/")
                    assert page_url(assessment_id, referentiel_id) == expected

"""The live figures of a questionnaire as HTML: side panel, référentiel navigation, progress.

The autosave answers every save with the panel and the navigation re-rendered, so these are on
the hottest path of the application (bench/bench_autosave.py). They are written in Python,
not Jinja: a template with macros and a translation call per line cost more than the save's
own transaction. The texts of a language are translated once and kept; every value that is
not ours (titles from a grid file, criterion titles) goes through ``escape``. The Jinja macros
``progress`` and ``verdict_badge`` call the same functions, so each piece has one markup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from .forms import field_name

_texts_lock = threading.Lock()
_TEXTS: dict[str, dict[str, Markup]] = {}

VERDICT_BADGES = {"conforme": "success", "incomplet": "warning", "non_conforme": "error"}
VERDICT_SYMBOLS = {"conforme": "✓", "incomplet": "…", "non_conforme": "✗"}


def texts(language: str) -> dict[str, Markup]:
    """The panel's texts in ``language``, translated and escaped once per process."""
    found = _TEXTS.get(language)
    if found is not None:
        return found
    # Format strings are translated without their values (gettext returns them unformatted)
    # and filled in later with ``%``, as flask_babel.gettext would.
    with _in(language):
        made = _translate()
    escaped = {key: escape(text) for key, text in made.items()}
    with _texts_lock:
        _TEXTS.setdefault(language, escaped)
    return escaped


@contextmanager
def _in(language: str) -> Iterator[None]:
    """Translations in ``language``, whatever the request's (the usual case costs nothing)."""
    if str(get_locale() or "") == language:
        yield
    else:
        with force_locale(language):
            yield


def _translate() -> dict[str, str]:
    return {
        "panel_title": _("Où en êtes-vous"),
        "verdict": _("Verdict :"),
        "partial_overall": _("partiel : il reste des critères sans réponse"),
        "answered_overall": _("Critères répondus, ensemble"),
        "maturity": _("Maturité"),
        "conformity": _("Conformité"),
        "partial": _("partiel"),
        "no_blocker": _("Aucun critère obligatoire sous le seuil de conformité."),
        "per_referentiel": _("Maturité par référentiel"),
        "partial_counts": _("partiel, %(a)s/%(n)s répondus"),
        "no_answer_yet": _("pas encore de réponse"),
        "not_concerned": _("non concerné"),
        "deadline": _("Échéance :"),
        "nav_title": _("Référentiels"),
        "progress": _("%(answered)s sur %(applicable)s répondus"),
        "nothing_applicable": _("aucun critère applicable"),
        "conforme": _("Conforme"),
        "incomplet": _("Incomplet"),
        "non_conforme": _("Non conforme"),
    }


def format_number(value: float | None, digits: int, language: str) -> str:
    """A figure as people read it in ``language`` ("2,4" in French), or "—" when there is none.

    The same text as Babel's ``format_decimal(round(value, digits), "#,##0.0")``, with the
    language's symbols looked up once (this runs a dozen times per save).
    """
    if value is None:
        return "—"
    decimal, group = _symbols(language)
    text = f"{round(value, digits):,.{digits}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


_SYMBOLS: dict[str, tuple[str, str]] = {}


def _symbols(language: str) -> tuple[str, str]:
    found = _SYMBOLS.get(language)
    if found is None:
        found = (get_decimal_symbol(language), get_group_symbol(language))
        _SYMBOLS[language] = found
    return found


def progress_html(answered: int, applicable: int, label: str, language: str) -> Markup:
    """A progress bar with its figures written out ("3 sur 12 répondus")."""
    return Markup(_progress(int(answered), int(applicable), escape(label), texts(language)))  # noqa: S704


def _progress(answered: int, applicable: int, label: Markup, words: dict[str, Markup]) -> str:
    if not applicable:
        return f'<span class="progress-figures">{words["nothing_applicable"]}</span>'
    # the values are numbers: formatted as a plain text (Markup's % would escape each one)
    figures = str(words["progress"]) % {"answered": answered, "applicable": applicable}
    return (
        f'<progress class="progress" max="{applicable}" value="{answered}" aria-label="{label}">'
        f'{answered}/{applicable}</progress>\n<span class="progress-figures">{figures}</span>'
    )


def verdict_html(verdict: str, language: str) -> Markup:
    """The verdict as a badge: a colour, a symbol (for those who do not see colours), words."""
    return Markup(_verdict(verdict, texts(language)))  # noqa: S704


def _verdict(verdict: str, words: dict[str, Markup]) -> str:
    return (
        f'<span class="badge badge-{VERDICT_BADGES[verdict]}" data-verdict="{escape(verdict)}">'
        f'<span aria-hidden="true">{VERDICT_SYMBOLS[verdict]}</span> {words[verdict]}</span>'
    )


def panel_html(panel: dict[str, Any], language: str) -> Markup:
    """The side panel: verdict, progress, maturity, conformity, blockers, deadline."""
    words = texts(language)
    overall = panel["overall"]
    figures = overall.figures
    scale_max = int(panel["scale_max"])
    partial = f' <span class="partial">({words["partial"]})</span>'
    maturity = f"{format_number(figures.maturity, 1, language)} / {scale_max}"
    if overall.partial and figures.maturity is not None:
        maturity += partial
    conformity = "—"
    if figures.conformity_rate is not None:
        conformity = f"{format_number(figures.conformity_rate, 0, language)} %"
        if overall.partial:
            conformity += partial
    blockers = panel["blockers"]
    with _in(language):
        count = escape(ngettext("%(num)s bloquant", "%(num)s bloquants", len(blockers)))
    progress = _progress(figures.answered, figures.applicable, words["answered_overall"], words)
    parts = [
        f'<h2 id="panel-title">{words["panel_title"]}</h2>\n'
        f'<p class="panel-verdict">{words["verdict"]} {_verdict(panel["verdict"], words)}',
        f'\n  <span class="partial">{words["partial_overall"]}</span>' if overall.partial else "",
        f"</p>\n<p>{progress}</p>\n"
        '<dl class="panel-figures">\n'
        f'  <dt>{words["maturity"]}</dt>\n  <dd id="panel-maturity">{maturity}</dd>\n'
        f'  <dt>{words["conformity"]}</dt>\n  <dd id="panel-conformity">{conformity}</dd>\n'
        f"</dl>\n<h3>{count}</h3>\n",
    ]
    if blockers:
        parts.append('<ul class="blockers" id="panel-blockers">\n  ')
        parts += [_blocker(criterion.id, criterion.title.get(language)) for criterion in blockers]
        parts.append("\n</ul>\n")
    else:
        parts.append(f'<p class="muted">{words["no_blocker"]}</p>\n')
    parts.append(f'<h3>{words["per_referentiel"]}</h3>\n<ul class="panel-referentiels">\n')
    for item in panel["referentiels"]:
        item_figures = item.figures
        if item_figures.maturity is not None:
            text = f"{format_number(item_figures.maturity, 1, language)} / {scale_max}"
            if item.partial:
                counts = str(words["partial_counts"]) % {
                    "a": int(item_figures.answered),
                    "n": int(item_figures.applicable),
                }
                text += f' <span class="partial">({counts})</span>'
        elif item_figures.applicable:
            text = words["no_answer_yet"]
        else:
            text = words["not_concerned"]
        parts.append(
            f'  <li><span class="panel-ref-title">{escape(item.title)}</span> : {text}</li>\n'
        )
    countdown = panel["deadline_countdown"]
    parts.append(
        f'</ul>\n<p class="panel-deadline"><strong>{words["deadline"]}</strong> '
        f"{escape(panel['deadline_label'])}{escape(f' ({countdown})') if countdown else ''}</p>\n"
    )
    # every value above is escaped, or a number, or one of our own constant strings
    return Markup("".join(parts))  # noqa: S704


@lru_cache(maxsize=4096)
def _blocker(criterion_id: str, title: str) -> str:
    """A blocker of the panel: a link to its card, its title (escaped once, then kept)."""
    return (
        f'<li><a href="#{escape(field_name(criterion_id))}">{escape(criterion_id)}</a> '
        f"{escape(title)}</li>"
    )


def nav_html(panel: dict[str, Any], language: str) -> Markup:
    """The référentiels (one page each) with their progress, and the current page's axes."""
    words = texts(language)
    parts = [f'<h2 id="nav-title">{words["nav_title"]}</h2>\n<ol class="nav-referentiels">\n']
    for item in panel["referentiels"]:
        figures = item.figures
        title = escape(item.title)
        progress = _progress(figures.answered, figures.applicable, title, words)
        marked, current = (' class="current"', ' aria-current="page"') if item.current else ("", "")
        parts.append(
            f'  <li{marked}>\n    <a href="{escape(item.url)}"{current}>{title}</a>\n    {progress}'
        )
        axes = [axis for axis in panel["axes"] if axis.figures.concerned] if item.current else []
        if axes:
            parts.append('\n    <ul class="nav-axes">\n')
            for axis in axes:
                axis_title = escape(axis.title)
                bar = _progress(axis.figures.answered, axis.figures.applicable, axis_title, words)
                parts.append(f"      <li>{axis_title} {bar}</li>\n")
            parts.append("    </ul>")
        parts.append("\n  </li>\n")
    parts.append("</ol>\n")
    # every value above is escaped, or a number, or one of our own constant strings
    return Markup("".join(parts))  # noqa: S704

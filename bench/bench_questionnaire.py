"""Questionnaire page speed, on the largest référentiel page of the doctrine grid.

In one process, on a temporary SQLite database migrated from scratch and the real grids
(``criteria/``): a vendor, its service and a draft positioning with about half of the
applicable criteria answered (levels, comments, links, a few "not applicable"). Then, in the
same run and interleaved (against drift), through the Flask test client (in process, no
network):

- GET of the questionnaire page of the référentiel with the most criteria for the service's
  category, signed in: median and p95 server time, target median < 30 ms;
- the same page from a static Jinja template compiled once (the page around the cards kept
  verbatim, the cards, radios, fieldsets and textareas looped over plain lists of strings read
  beforehand: the same markup line for line), served by a trivial route: no database, no
  forms, no scoring, no session — the floor of rendering that much HTML;
- that page's HTML, already rendered, served by a trivial route: Flask's own floor.

Also the page weight, raw and gzipped. Run: ``python -m bench questionnaire``; the number of
timed requests is REPERE_BENCH_REQUESTS (default 300). Never part of the tests.
"""

from __future__ import annotations

import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GRID = ("doctrine", "2025.1")
AUDIENCE = "editeur"
WARM_UP = 20
TARGET_MS = 30.0

# The cards of the static template: the same markup as assessments/_card.html, fed plain data.
STATIC_SECTIONS = """
{%- for axis in axes %}
      <section class="q-axis" aria-labelledby="axis-{{ axis.id }}">
        <h2 id="axis-{{ axis.id }}">{{ axis.title }}</h2>
        {% if axis.description %}<p class="axis-description">{{ axis.description }}</p>{% endif %}
        {% for c in axis.cards %}
<fieldset class="criterion" id="{{ c.dom }}" data-criterion="{{ c.id }}">
  <legend><span class="criterion-id">{{ c.id }}</span> {{ c.question }}</legend>
  <p class="criterion-meta">
    <span class="tag{{ ' tag-mandatory' if c.mandatory }}">{{ c.tag }}</span>
    {% for status, ref, label in c.sources %}
      <span class="source source-{{ status }}">Source : {{ ref }} — <em>{{ label }}</em></span>
    {% endfor %}
  </p>
  {% if c.description or c.evidence %}
  <details class="criterion-details">
    <summary>Précisions et preuve attendue</summary>
    {% if c.description %}<p>{{ c.description }}</p>{% endif %}
    {% if c.evidence %}<p><strong>Preuve attendue :</strong> {{ c.evidence }}</p>{% endif %}
  </details>
  {% endif %}
  <fieldset class="scale" id="{{ c.dom }}-level">
    <legend>Niveau atteint</legend>
    {% for value, label, description in levels %}
    <div class="choice">
      <input type="radio" id="{{ c.dom }}-level-{{ value }}" name="{{ c.dom }}-level" value="{{ value }}"{% if c.level == value %} checked{% endif %}>
      <label for="{{ c.dom }}-level-{{ value }}"><strong>{{ value }} — {{ label }}</strong>{% if value == threshold %} <span class="tag">seuil de conformité</span>{% endif %}<span class="hint">{{ description }}</span></label>
    </div>
    {% endfor %}
  </fieldset>
  <div class="field field-checkbox">
    <input type="checkbox" id="{{ c.dom }}-not_applicable" name="{{ c.dom }}-not_applicable" value="y"{% if c.na %} checked{% endif %} data-role="na">
    <label for="{{ c.dom }}-not_applicable">Non applicable à ce service<span class="hint">Remplace le niveau ; une justification est alors obligatoire.</span></label>
  </div>
  {% for name, label, hint, extra, value in c.texts %}
  <div class="field{{ extra }}"{% if extra %} data-role="justification"{% endif %}>
    <label for="{{ c.dom }}-{{ name }}">{{ label }}<span class="hint">{{ hint }}</span></label>
    <textarea id="{{ c.dom }}-{{ name }}" name="{{ c.dom }}-{{ name }}" rows="2">{{ value }}</textarea>
  </div>
  {% endfor %}
  <input type="hidden" id="{{ c.dom }}-revision" name="{{ c.dom }}-revision" value="{{ c.revision }}" data-role="revision">
  <input type="hidden" id="{{ c.dom }}-seen" name="{{ c.dom }}-seen" value="{{ c.seen }}">
  <div class="conflict-slot" id="{{ c.dom }}-conflict"></div>
  <p class="save-state" id="{{ c.dom }}-state" role="status" aria-live="polite">{{ c.saved }}</p>
</fieldset>
        {% endfor %}
      </section>
{%- endfor %}
"""  # noqa: E501

TEXT_FIELDS = (
    (
        "justification",
        "Justification",
        "Obligatoire si « non applicable » : pourquoi ce critère ne concerne pas le service.",
        " field-justification",
    ),
    ("comment", "Commentaire", "Facultatif : précisez votre réponse.", ""),
    ("evidence", "Preuves", "Des liens, un par ligne, commençant par https://", ""),
)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def build(directory: Path) -> Any:
    """The application on a fresh, migrated SQLite database, with the real grids."""
    sys.path.insert(0, str(ROOT))
    from app import create_app

    app = create_app(
        {
            "SECRET_KEY": "bench-questionnaire",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'bench.db'}",
            "GRIDS_DIR": ROOT / "criteria",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    return app


def largest_page(grid: Any) -> tuple[str, Any, list[Any]]:
    """(category, référentiel, criteria): the page with the most criteria for a vendor."""
    best: tuple[str, Any, list[Any]] | None = None
    for category in grid.header.categories:
        for referentiel in grid.referentiels:
            criteria = [c for c in referentiel.criteria() if c.applies_to(category.id, AUDIENCE)]
            if best is None or len(criteria) > len(best[2]):
                best = (category.id, referentiel, criteria)
    assert best is not None
    return best


def seed(app: Any, category: str) -> tuple[int, int]:
    """A vendor, its owner, a service and a draft positioning: (user id, positioning id)."""
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from app.extensions import db
    from app.grid_registry import get_catalogue
    from app.models import Organisation, Service, User
    from app.positioning import create_assessment

    with app.app_context():
        upgrade()
        grid = get_catalogue(app).get(*GRID)
        vendor = Organisation(kind="editeur", name="Éditeur Banc d'essai", siren="732829320")
        db.session.add(vendor)
        db.session.flush()
        user = User(
            email="alice@bench.test",
            name="Alice Banc",
            password_hash=generate_password_hash("bench password", "scrypt"),
            organisation_id=vendor.id,
            role="owner",
        )
        service = Service(
            organisation_id=vendor.id,
            name="ENT Banc d'essai",
            category=category,
            description="Un espace numérique de travail.",
        )
        db.session.add_all([user, service])
        db.session.commit()
        assessment = create_assessment(user, service, grid, AUDIENCE)
        ids = (user.id, assessment.id)
        db.session.remove()
    return ids


def sign_in(client: Any, user_id: int) -> None:
    """A signed-in session without the form (as tests/auth/support.py's login_as)."""
    from flask import session
    from flask_login import login_user

    from app.accounts import SESSION_GENERATION_KEY
    from app.extensions import db
    from app.models import User

    application = client.application
    with (
        application.app_context(),
        application.test_request_context(environ_base=client.environ_base),
    ):
        user = db.session.get(User, user_id)
        login_user(user, fresh=True)
        session[SESSION_GENERATION_KEY] = user.session_generation  # as the sign-in keeps it
        signed_in = dict(session)
    with client.session_transaction() as client_session:
        client_session.update(signed_in)


def csrf_token(client: Any) -> str:
    page = client.get("/tableau-de-bord").get_data(as_text=True)
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert match, "no csrf-token meta on the dashboard"
    return match.group(1)


def fill_half(client: Any, grid: Any, category: str, assessment_id: int) -> int:
    """Answer every other applicable criterion through the autosave, as the script does."""
    token = csrf_token(client)
    placed = grid.placed_criteria
    applicable = [c for _r, _a, c in placed if c.applies_to(category, AUDIENCE)]
    saved = 0
    for index, criterion in enumerate(applicable):
        if index % 2:
            continue
        if index % 10 == 4:
            answer: dict[str, Any] = {
                "not_applicable": True,
                "justification": "Fonction absente du service : <script>alert(1)</script>.",
            }
        else:
            answer = {
                "level": index % (grid.scale.maximum + 1),
                "comment": "Mis en œuvre depuis la rentrée 2025 ; voir la documentation. "
                * (index % 3),
                "evidence": [f"https://exemple.fr/preuves/{criterion.id}/{n}" for n in range(2)],
            }
        response = client.post(
            f"/positionnements/{assessment_id}/reponses/{criterion.id}",
            json={"revision": 0, **answer},
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        saved += 1
    return saved


def plain_text(text: Any) -> str:
    """A grid text in French, or "" when there is none."""
    return str(text.get("fr")) if text else ""


def plain_card(criterion: Any, item: Any, sources: dict[str, str]) -> dict[str, Any]:
    """One card as plain strings: what the page shows of a criterion and its stored answer."""
    from app.assessments.forms import field_name, form_data
    from app.display import local_time
    from app.positioning import AnswerInput

    data = form_data(item.value, item.revision) if item else form_data(AnswerInput(), 0)
    return {
        "id": criterion.id,
        "dom": field_name(criterion.id),
        "question": criterion.question_for(AUDIENCE).get("fr"),
        "mandatory": criterion.mandatory,
        "tag": "Obligatoire" if criterion.mandatory else "Recommandé",
        "sources": [(s.status, s.ref, sources[s.status]) for s in criterion.sources],
        "description": plain_text(criterion.description),
        "evidence": plain_text(criterion.evidence),
        "level": None if data["not_applicable"] else data["level"],
        "na": data["not_applicable"],
        "texts": [
            (name, label, hint, extra, data[name]) for name, label, hint, extra in TEXT_FIELDS
        ],
        "revision": data["revision"],
        "seen": data["seen"],
        "saved": f"Enregistré à {local_time(item.at)} par {item.by}" if item else "",
    }


def static_context(app: Any, grid: Any, referentiel: Any, criteria: list[Any], aid: int) -> Any:
    """Plain lists of strings for the static template: what the page shows, read once."""
    from app.display import SOURCE_LABELS
    from app.positioning import load_records

    ids = {c.id for c in criteria}
    axes = []
    with app.test_request_context():
        stored = load_records(aid)
        sources = {key: str(label) for key, label in SOURCE_LABELS.items()}
        for axis in referentiel.axes:
            cards = [plain_card(c, stored.get(c.id), sources) for c in axis.criteria if c.id in ids]
            if cards:
                title, description = axis.title.get("fr"), plain_text(axis.description)
                axes.append(
                    {"id": axis.id, "title": title, "description": description, "cards": cards}
                )
    levels = [
        (lvl.level, lvl.label.get("fr"), plain_text(lvl.description)) for lvl in grid.scale.levels
    ]
    return {"axes": axes, "levels": levels, "threshold": grid.scale.conformity_level}


def static_source(page: str) -> str:
    """The page around the cards kept verbatim (head, navigation, panel), the cards looped."""
    start = page.index('<section class="q-axis"')
    end = page.index('<div class="form-actions">')
    head, tail = page[:start], page[end:]
    assert "{% endraw %}" not in head + tail
    return (
        "{% raw %}" + head + "{% endraw %}" + STATIC_SECTIONS + "{% raw %}" + tail + "{% endraw %}"
    )


def counts(html: str) -> str:
    cards = html.count('<fieldset class="criterion')
    radios = html.count('type="radio"')
    return (
        f"{cards} cards, {radios} radios, {html.count('<fieldset')} fieldsets, "
        f"{html.count('<textarea')} textareas"
    )


def shown_answers(html: str) -> int:
    """Cards that show a saved answer: a level checked or "not applicable" ticked."""
    levels = len(re.findall(r'type="radio"[^>]* checked>', html))
    return levels + html.count('checked data-role="na"')


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPU(s), load average {load}"


def main() -> None:
    runs = int(os.environ.get("REPERE_BENCH_REQUESTS", "300"))
    load_before = machine()
    with tempfile.TemporaryDirectory(prefix="repere-bench-") as tmp:
        app = build(Path(tmp))
        from flask import render_template

        from app.grid_registry import get_catalogue

        grid = get_catalogue(app).get(*GRID)
        if grid is None:
            raise SystemExit("the doctrine grid does not load: run `flask grids check`")
        category, referentiel, criteria = largest_page(grid)
        # Routes are added before the first request; their content is set afterwards.
        static: dict[str, Any] = {}

        @app.get("/_bench/static-template")
        def static_template() -> str:
            return render_template(static["template"], **static["context"])

        @app.get("/_bench/static-html")
        def static_html() -> str:
            return str(static["html"])

        user_id, assessment_id = seed(app, category)
        client = app.test_client()
        sign_in(client, user_id)
        answered = fill_half(client, grid, category, assessment_id)
        url = f"/positionnements/{assessment_id}/questionnaire/{referentiel.id}"
        first = client.get(url)
        assert first.status_code == 200, first.status_code
        page = first.get_data(as_text=True)
        static["html"] = page
        static["template"] = app.jinja_env.from_string(static_source(page))
        static["context"] = static_context(app, grid, referentiel, criteria, assessment_id)
        anonymous = app.test_client()  # no session: nothing loaded for the static routes
        static_page = anonymous.get("/_bench/static-template").get_data(as_text=True)
        answered_here = shown_answers(page)

        targets: list[tuple[str, Callable[[], Any]]] = [
            ("questionnaire", lambda: client.get(url)),
            ("static template", lambda: anonymous.get("/_bench/static-template")),
            ("static HTML", lambda: anonymous.get("/_bench/static-html")),
        ]
        samples: dict[str, list[float]] = {name: [] for name, _ in targets}
        for _ in range(WARM_UP):
            for _name, call in targets:
                call()
        started = time.perf_counter()
        for run in range(runs):
            order = targets if run % 2 else targets[::-1]  # alternate, against drift
            for name, call in order:
                begin = time.perf_counter()
                response = call()
                samples[name].append(time.perf_counter() - begin)
                assert response.status_code == 200, (name, response.status_code)
                response.close()
        elapsed = time.perf_counter() - started

    raw = page.encode()
    print(
        f"doctrine {grid.version}, category {category!r}, audience {AUDIENCE}: largest page "
        f"{referentiel.id!r} with {len(criteria)} criteria ({counts(page)}); "
        f"{answered} answers saved in the positioning, {answered_here} of them on this page"
    )
    print(
        f"page weight: {len(raw) / 1024:.1f} KB raw, "
        f"{len(gzip.compress(raw, compresslevel=6)) / 1024:.1f} KB gzip (level 6); static "
        f"template output {len(static_page.encode()) / 1024:.1f} KB ({counts(static_page)})"
    )
    print(
        f"{runs} timed requests each after {WARM_UP} warm-up, interleaved, {elapsed:.1f} s "
        f"(machine: {load_before} before, {machine()} after):"
    )
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, values in samples.items():
        print(
            f"  {name:<16} median {ms(medians[name]):>9}   p95 {ms(p95(values)):>9}   "
            f"min {ms(min(values)):>9}   max {ms(max(values)):>9}"
        )
    ratio = medians["questionnaire"] / medians["static template"]
    verdict = "met" if medians["questionnaire"] * 1000 < TARGET_MS else "NOT met"
    print(
        f"questionnaire / static template: {ratio:.2f}x (median "
        f"{ms(medians['questionnaire'])} vs {ms(medians['static template'])}); "
        f"target median < {TARGET_MS:.0f} ms: {verdict}"
    )


if __name__ == "__main__":
    main()

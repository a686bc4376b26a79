"""PDF report speed and memory, on a complete positioning of the doctrine grid.

- full report (score, model, HTML, WeasyPrint, attachment): median time, target < 3 s;
- WeasyPrint alone on the same HTML with the same options (fetcher, PDF/UA, attachment, font
  configuration), in the same run: our overhead over it, target < 30 %;
- resident memory after REPERE_BENCH_REPORTS (default 200) consecutive reports in one
  process, against after the first: target < 20 MB of growth.

Run: ``python -m bench reports`` (or ``make bench``). Never part of the tests.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMED_RUNS = 11


def rss_mb() -> float:
    """Resident set size of this process, in MB (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def complete_positioning():  # type: ignore[no-untyped-def]
    """Every criterion of the doctrine grid answered, for an ENT seen by its vendor."""
    sys.path.insert(0, str(ROOT))
    from app.domain.answers import Answer, AnswersFile, ServiceInfo
    from app.domain.catalogue import load_catalogue

    catalogue = load_catalogue(ROOT / "criteria")
    grid = catalogue.get("doctrine", "2025.1")
    if grid is None:
        problems = "; ".join(str(e) for e in catalogue.errors[:3])
        raise SystemExit(f"the doctrine grid does not load: {problems}")
    answers = {}
    for index, (_, _, criterion) in enumerate(grid.placed_criteria):
        if not criterion.applies_to("ent", "editeur"):
            continue
        if index % 13 == 7:
            answers[criterion.id] = Answer(
                not_applicable=True, justification="Fonction absente du service."
            )
            continue
        answers[criterion.id] = Answer(
            level=(index * 7) % (grid.scale.maximum + 1),
            comment="Mis en œuvre depuis la rentrée 2025 ; voir la documentation." * (index % 3),
            evidence=tuple(f"https://exemple.fr/preuves/{criterion.id}/{n}" for n in range(2)),
        )
    positioning = AnswersFile(
        grid=grid.id, version=grid.version, audience="editeur",
        service=ServiceInfo(name="ENT Exemple Lycées", organisation="Exemple SAS", category="ent"),
        answers=answers,
    )  # fmt: skip
    return positioning, grid


def timing(positioning, grid) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from app.domain.answers import dump_json
    from app.domain.scoring import score_answers
    from app.report_building import build_report, report_pdf
    from reports.engine import HTML, Attachment, font_configuration
    from reports.fetcher import BASE_URL, AssetFetcher
    from reports.pdf import PDF_VARIANT, render_html

    today = dt.date(2026, 12, 22)
    html = render_html(
        build_report(positioning, grid, score_answers(positioning, grid), "fr", today)
    )
    data = dump_json(positioning, grid)

    def weasyprint_alone() -> bytes:
        attachment = Attachment(string=data.encode(), name="repere-answers.json")
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher())
        pdf: bytes = document.write_pdf(
            attachments=[attachment], pdf_variant=PDF_VARIANT, font_config=font_configuration()
        )
        return pdf

    report_pdf(positioning, grid, "fr", today)  # warm up: imports, templates, caches
    weasyprint_alone()
    full, alone, pages = [], [], 0
    for run in range(TIMED_RUNS):
        for which in (0, 1) if run % 2 else (1, 0):  # alternate, against drift
            start = time.perf_counter()
            if which == 0:
                pdf = report_pdf(positioning, grid, "fr", today)
                full.append(time.perf_counter() - start)
                pages = len(PdfReader(io.BytesIO(pdf)).pages)
            else:
                weasyprint_alone()
                alone.append(time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(20):
        build_report(positioning, grid, score_answers(positioning, grid), "fr", today)
    model = (time.perf_counter() - start) / 20
    start = time.perf_counter()
    for _ in range(20):
        render_html(build_report(positioning, grid, score_answers(positioning, grid), "fr", today))
    markup = (time.perf_counter() - start) / 20 - model
    median_full, median_alone = statistics.median(full), statistics.median(alone)
    overhead = (median_full - median_alone) / median_alone * 100
    print(f"doctrine {grid.version}: {len(positioning.answers)} answers, {len(html):,} chars of "
          f"HTML, {pages} pages")  # fmt: skip
    print(f"full report, median of {TIMED_RUNS}: {median_full:.2f} s "
          f"(min {min(full):.2f}, max {max(full):.2f}) — target < 3 s")  # fmt: skip
    print(f"WeasyPrint alone, same HTML and options: {median_alone:.2f} s "
          f"(min {min(alone):.2f}, max {max(alone):.2f})")  # fmt: skip
    print(
        f"our overhead: {overhead:+.1f} % — target < 30 % "
        f"(score + model {model * 1000:.1f} ms, HTML + charts {markup * 1000:.1f} ms)"
    )


def memory(positioning, grid, count: int, isolated: bool) -> None:  # type: ignore[no-untyped-def]
    """Resident memory of this process over ``count`` reports; with ``isolated``, as the web
    app renders them (in a child process replaced every few dozen reports), child included."""
    from app.report_building import report_pdf
    from reports.isolation import RENDERS_PER_PROCESS, shutdown

    today = dt.date(2026, 12, 22)
    report_pdf(positioning, grid, "fr", today, isolated=isolated)
    gc.collect()
    first, first_child = rss_mb(), children_rss_mb()
    start = time.perf_counter()
    peak_child = first_child
    for _ in range(count - 1):
        report_pdf(positioning, grid, "fr", today, isolated=isolated)
        peak_child = max(peak_child, children_rss_mb())
    gc.collect()
    last = rss_mb()
    how = (
        f"isolated (child replaced every {RENDERS_PER_PROCESS} reports; child peak "
        f"{peak_child:.1f} MB)"
        if isolated
        else "in this process"
    )
    print(
        f"resident memory, {how}: {first:.1f} MB after the first report, {last:.1f} MB after "
        f"{count} ({last - first:+.1f} MB) — target < 20 MB; {time.perf_counter() - start:.0f} s"
    )
    shutdown()


def children_rss_mb() -> float:
    """Resident memory of this process's children (the rendering child), from /proc."""
    total = 0.0
    own = str(os.getpid())
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == own and "VmRSS" in fields:
            total += int(fields["VmRSS"].split()[0]) / 1024
    return total


def main() -> None:
    positioning, grid = complete_positioning()
    timing(positioning, grid)
    count = int(os.environ.get("REPERE_BENCH_REPORTS", "200"))
    memory(positioning, grid, count, isolated=True)  # how the web application renders
    memory(positioning, grid, count, isolated=False)  # how one process alone would grow


if __name__ == "__main__":
    main()

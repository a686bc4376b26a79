"""The synthesis PDF against WeasyPrint alone on its HTML, and what signing adds.

- synthesis (score, model, stamp with its QR code, HTML, WeasyPrint): median time, against
  WeasyPrint alone on the same HTML with the same options in the same run (target <= 1.3x);
- signing (PAdES, pyHanko) of the synthesis and of the long report: median added time.

Run: ``python -m bench synthesis``. Never part of the tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_reports import TIMED_RUNS, complete_positioning

ADDRESS = "https://repere.example/verifier/1a2b-3c4d-5e6f-7a8b"


def main() -> None:
    from app.domain.scoring import score_answers
    from app.report_building import build_report
    from reports.edition import EditionStamp
    from reports.engine import HTML, font_configuration
    from reports.fetcher import BASE_URL, AssetFetcher
    from reports.pdf import PDF_VARIANT, html_to_pdf, render_html
    from reports.qr import qr_data_url
    from reports.signing import SigningIdentity, sign_pdf
    from reports.synthesis import render_synthesis_html
    from tests.reports.certificates import make_identity

    positioning, grid = complete_positioning()
    today = dt.date(2026, 12, 22)
    stamp = EditionStamp(
        status="published", edition=2, submitted_text="1 décembre 2026",
        published_text="2 décembre 2026", code="1a2b-3c4d-5e6f-7a8b", verify_url=ADDRESS,
        qr_data_url=qr_data_url(ADDRESS),
    )  # fmt: skip

    def synthesis() -> bytes:
        report = build_report(positioning, grid, score_answers(positioning, grid), "fr", today)
        report = dataclasses.replace(report, stamp=stamp)
        return html_to_pdf(render_synthesis_html(report))

    report = build_report(positioning, grid, score_answers(positioning, grid), "fr", today)
    html = render_synthesis_html(dataclasses.replace(report, stamp=stamp))

    def weasyprint_alone() -> bytes:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher())
        pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, font_config=font_configuration())
        return pdf

    synthesis()
    weasyprint_alone()
    full, alone = [], []
    for run in range(TIMED_RUNS):
        for which in (0, 1) if run % 2 else (1, 0):
            start = time.perf_counter()
            (synthesis if which == 0 else weasyprint_alone)()
            (full if which == 0 else alone).append(time.perf_counter() - start)
    ratio = statistics.median(full) / statistics.median(alone)
    print(
        f"synthesis, median of {TIMED_RUNS}: {statistics.median(full) * 1000:.0f} ms; "
        f"WeasyPrint alone on its HTML: {statistics.median(alone) * 1000:.0f} ms; "
        f"ratio {ratio:.2f} (target <= 1.3)"
    )
    with tempfile.TemporaryDirectory() as folder:
        key, cert = make_identity(Path(folder))
        identity = SigningIdentity(key, cert)
        long_pdf = html_to_pdf(render_html(dataclasses.replace(report, stamp=stamp)))
        for name, pdf in (("synthesis", synthesis()), ("long report", long_pdf)):
            sign_pdf(pdf, identity, "bench")
            times = []
            for _ in range(TIMED_RUNS):
                start = time.perf_counter()
                sign_pdf(pdf, identity, "bench")
                times.append(time.perf_counter() - start)
            print(
                f"signing the {name} ({len(pdf) // 1024} KiB): median "
                f"{statistics.median(times) * 1000:.0f} ms added"
            )


if __name__ == "__main__":
    main()

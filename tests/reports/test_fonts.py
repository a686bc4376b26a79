"""The report brings its own fonts: a machine whose fontconfig knows none still gets them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.reports.support import SAMPLE_ANSWERS, answers_data, write_answers
from tests.support import ROOT, SAMPLE_GRIDS

SCRIPT = """
import datetime as dt, sys
from pathlib import Path
from app.domain.answers import load_answers
from app.domain.catalogue import load_catalogue
from app.report_building import report_pdf
answers, grid = load_answers(Path(sys.argv[1]), load_catalogue(sys.argv[2]))
sys.stdout.buffer.write(report_pdf(answers, grid, "fr", dt.date(2026, 12, 22)))
"""


def embedded_fonts(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        for xobject in (resources.get("/XObject") or {}).values():  # the SVG charts
            inner = xobject.get_object().get("/Resources") or {}
            for font in (inner.get("/Font") or {}).values():
                names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_report_uses_only_its_bundled_fonts_even_without_system_fonts(tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    answers = write_answers(tmp_path, answers_data(SAMPLE_ANSWERS))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    # -W error: not one warning either, though fontconfig has no font at all.
    environment = os.environ | {
        "FONTCONFIG_FILE": str(config), "PYTHONPATH": str(ROOT), "TMPDIR": str(temporary)
    }  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", SCRIPT, str(answers), str(SAMPLE_GRIDS)],
        capture_output=True, env=environment, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert embedded_fonts(result.stdout) == {"Repere-Sans", "Repere-Sans-Bold"}
    text = PdfReader(io.BytesIO(result.stdout)).pages[0].extract_text()
    assert "28 février 2027" in text
    assert list(temporary.iterdir()) == []  # the fonts' temporary copies went with the process

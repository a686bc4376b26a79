"""Helpers of the report tests (no test here): answers documents and files, a long grid,
rendered PDFs read back (their text, their QR codes), a listener's record of connections."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from app.domain.answers import AnswersFile
from app.domain.grid import Grid
from reports.model import Report
from tests.support import FIXTURES

UNPUBLISHED_GRIDS = FIXTURES / "reports" / "unpublished"
TODAY = dt.date(2026, 12, 22)  # 68 days before 28 February 2027
TOP_OF_BODY = 841.89 - 20 * 72 / 25.4  # A4, the stylesheet's page margins (20 mm, 18 mm)
BOTTOM_MARGIN = 18 * 72 / 25.4  # A4, the stylesheet's bottom margin (18 mm)


def answers_data(answers: dict[str, Any] | None = None, **service: Any) -> dict[str, Any]:
    """An answers document for the sample grid (an ENT, answered by its vendor)."""
    return {
        "format": "repere/answers@1",
        "grid": "sample",
        "version": "2026.1",
        "audience": "editeur",
        "service": {"name": "ENT Exemple", "organisation": "Exemple SAS", "category": "ent"}
        | service,
        "answers": answers or {},
    }


# A positioning of the sample grid with one blocker (INT-ID-01), one gap, one unanswered.
SAMPLE_ANSWERS = {
    "INT-ID-01": {"level": 2, "comment": "SSO en cours", "evidence": ["https://exemple.fr/sso"]},
    "SEC-HOM-01": {"level": 3},
    "SEC-HOM-02": {"not_applicable": True, "justification": "Pas de référent dédié"},
}


@dataclass
class Rendered:
    """A rendered report: the PDF bytes, its model, and helpers to read it back."""

    pdf: bytes
    report: Report
    answers: AnswersFile
    grid: Grid
    reader: PdfReader = field(init=False)

    def __post_init__(self) -> None:
        self.reader = PdfReader(io.BytesIO(self.pdf))

    def page_text(self, index: int) -> str:
        return normalise(self.reader.pages[index].extract_text())

    @property
    def text(self) -> str:
        """The text of every page, whitespace collapsed to single spaces."""
        return " ".join(self.page_text(i) for i in range(len(self.reader.pages)))

    @property
    def squeezed(self) -> str:
        """The text without any whitespace (lines wrap anywhere in long words)."""
        return re.sub(r"\s+", "", self.text)

    @property
    def body_squeezed(self) -> str:
        """The squeezed text of the pages' bodies, without running header and footer.

        A text that goes over a page break can be read back whole from this.
        """
        chunks: list[str] = []

        def keep(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # from the bottom of the page, in pt
            if BOTTOM_MARGIN < y < TOP_OF_BODY:
                chunks.append(text)

        for page in self.reader.pages:
            page.extract_text(visitor_text=keep)
        return re.sub(r"\s+", "", "".join(chunks))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def write_answers(folder: Path, data: dict[str, Any], name: str = "answers.json") -> Path:
    path = folder / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def long_answers(answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """An answers document for the grid :func:`write_grid` makes."""
    return answers_data(answers) | {"grid": "long", "version": "1.0"}


def write_grid(root: Path, referentiels: int = 3, axes: int = 3, criteria: int = 3) -> Path:
    """A valid grid ``long`` 1.0 of referentiels x axes x criteria, all for every service."""
    folder = root / "long" / "1.0"
    folder.mkdir(parents=True)
    names = [f"ref{r}.yaml" for r in range(referentiels)]
    header = {
        "format": "repere/grid@1", "id": "long", "version": "1.0",
        "title": {"fr": "Grille longue", "en": "Long grid"}, "status": "provisional",
        "compliance": {"delay_months": 10, "arrete": {"reference": "", "published": None}},
        "scale": {"conformity_level": 3, "levels": [
            {"level": n, "label": {"fr": f"Niveau {n}"}} for n in range(5)]},
        "categories": [{"id": "ent", "label": {"fr": "ENT"}}],
        "audiences": ["editeur"], "referentiels": names,
    }  # fmt: skip
    (folder / "grid.yaml").write_text(yaml.safe_dump(header, allow_unicode=True), "utf-8")
    for r, name in enumerate(names):
        document = {
            "id": f"ref{r}",
            "title": {"fr": f"Référentiel {r}"},
            "axes": [
                {
                    "id": f"axe{a}",
                    "title": {"fr": f"Axe {r}.{a}"},
                    "criteria": [
                        {
                            "id": f"R{r}-A{a}-{c:02d}",
                            "title": {"fr": f"Critère {r}.{a}.{c}"},
                            "description": {"fr": "Ce que le critère demande, en détail."},
                            "evidence": {"fr": "La preuve attendue."},
                            "mandatory": c == 0,
                            "sources": [{"ref": "Doctrine §1", "status": "texte"}],
                        }
                        for c in range(criteria)
                    ],
                }
                for a in range(axes)
            ],
        }
        (folder / name).write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    return root


@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that records every connection made to it."""

    port: int
    connections: list[tuple[str, int]]


def decode_pdf_page(pdf: bytes, folder: Path) -> list[str]:
    """Every QR code found on the first page of ``pdf``, rendered at 150 dpi."""
    source = folder / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(source), str(folder / "p")],
        check=True,
    )
    image = Image.open(next(folder.glob("p*.png")))
    return [result.text for result in zxingcpp.read_barcodes(image)]

"""Helpers of the command-line tests (no test here): an answers file of the sample grid."""

from __future__ import annotations

from pathlib import Path

ANSWERS = """\
format: repere/answers@1
grid: sample
version: "2026.1"
audience: editeur
service: {name: "ENT Exemple", organisation: "Exemple SAS", category: ent}
answers:
  INT-ID-01: {level: 2}
  INT-DATA-01: {level: 4}
  SEC-HOM-01: {level: 3}
  SEC-HOM-02: {not_applicable: true, justification: "Pas de référent : hors champ"}
"""


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path

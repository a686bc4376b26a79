"""A long unbroken word costs what ordinary prose of the same length costs, and is printed whole."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from reports.pdf import LONGEST_UNBROKEN, breakable

from .support import SAMPLE_ANSWERS, answers_data

LENGTH = 20_000
PROSE = ("Un commentaire très long, écrit sans retenue. " * 500)[:LENGTH]


def test_breakable_adds_invisible_break_points_to_long_words_only() -> None:
    assert breakable("Des mots courts, https://exemple.fr/court.") == (
        "Des mots courts, https://exemple.fr/court."
    )
    broken = breakable("a" * (3 * LONGEST_UNBROKEN + 5) + " fin")
    parts = broken.split("\u200b")
    assert [len(p) for p in parts] == [LONGEST_UNBROKEN] * 3 + [len("aaaaa fin")]
    assert broken.replace("\u200b", "") == "a" * (3 * LONGEST_UNBROKEN + 5) + " fin"


def test_a_long_unbroken_comment_costs_no_more_than_prose(render: Callable[..., Any]) -> None:
    """Pango lays an unbroken word out again for each line: 20 s for this one before."""
    word = "Début" + "x" * (LENGTH - 8) + "Fin"
    timings = {}
    rendered = {}
    for name, comment in (("prose", PROSE), ("word", word)):
        answers = SAMPLE_ANSWERS | {"INT-ID-01": {"level": 2, "comment": comment}}
        started = time.monotonic()
        rendered[name] = render(answers_data(answers))
        timings[name] = time.monotonic() - started

    assert timings["word"] < 2 * timings["prose"] + 1.0, timings
    assert word in rendered["word"].body_squeezed  # printed whole, the break points invisible
    assert "\u200b" not in rendered["word"].text

"""Grid loading and scoring speed.

- cold load and validation of every shipped grid, in a fresh process each time (target < 200 ms);
- scoring one complete answers file of the doctrine grid (target < 1 ms);
- scoring 10,000 answers files: the rate.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COLD = """
import time
start = time.perf_counter()
from app.domain.catalogue import load_catalogue
imported = time.perf_counter()
catalogue = load_catalogue({root!r})
done = time.perf_counter()
assert not catalogue.errors, catalogue.errors
print(imported - start, done - imported, len(catalogue), sum(len(g.criteria) for g in catalogue))
"""


def cold_load(runs: int = 7) -> None:
    imports, loads = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD.format(root=str(ROOT / "criteria"))],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        imports.append(float(out[0]))
        loads.append(float(out[1]))
        versions, criteria = out[2], out[3]
    print(
        f"cold load of {versions} grid version(s), {criteria} criteria, fresh process x{runs}: "
        f"median {statistics.median(loads) * 1000:.1f} ms to load and validate "
        f"(+ {statistics.median(imports) * 1000:.1f} ms of imports) — target < 200 ms"
    )


def scoring() -> None:
    sys.path.insert(0, str(ROOT))
    from app.domain.answers import Answer
    from app.domain.catalogue import load_catalogue
    from app.domain.scoring import score

    catalogue = load_catalogue(ROOT / "criteria")
    grid = catalogue.get("doctrine", "2025.1")
    assert grid is not None
    rnd = random.Random(42)
    top = grid.scale.maximum

    def complete() -> dict[str, Answer]:
        return {c: Answer(level=rnd.randint(0, top)) for c in grid.criteria}

    category = grid.header.categories[0].id
    one = complete()
    for _ in range(200):  # warm up
        score(grid, one, category, "editeur")
    samples = []
    for _ in range(2000):
        start = time.perf_counter()
        score(grid, one, category, "editeur")
        samples.append(time.perf_counter() - start)
    print(
        f"score one complete doctrine file ({len(one)} answers): median "
        f"{statistics.median(samples) * 1e6:.0f} µs, p95 "
        f"{sorted(samples)[int(len(samples) * 0.95)] * 1e6:.0f} µs — target < 1 ms"
    )
    files = [complete() for _ in range(10_000)]
    categories = [c.id for c in grid.header.categories]
    start = time.perf_counter()
    for index, answers in enumerate(files):
        score(grid, answers, categories[index % len(categories)], "editeur")
    elapsed = time.perf_counter() - start
    print(f"score 10,000 files: {elapsed:.2f} s, {10_000 / elapsed:,.0f} files/s")


def main() -> None:
    cold_load()
    scoring()


if __name__ == "__main__":
    main()

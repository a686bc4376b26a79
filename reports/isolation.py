"""Render PDFs in a child process that is replaced every few dozen reports.

WeasyPrint's native libraries (Pango, HarfBuzz) keep about 0.13 MB per document laid out that
is never given back (bench/bench_reports.py), so a long-lived web worker would grow without
end. A long-lived process hands the rendering to a child that renders at most
``RENDERS_PER_PROCESS`` documents and then exits, giving everything back. The command line
renders one report per process and does not need this.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from .pdf import EmbeddedFile, html_to_pdf

RENDERS_PER_PROCESS = 40

_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None


def _pool() -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            # "spawn": a fresh interpreter, nothing inherited from the web worker's state
            _executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=RENDERS_PER_PROCESS,
            )
        return _executor


def html_to_pdf_isolated(html: str, attachments: Sequence[EmbeddedFile] = ()) -> bytes:
    """:func:`reports.pdf.html_to_pdf`, run in the recycled child process."""
    return _pool().submit(html_to_pdf, html, tuple(attachments)).result()


def shutdown() -> None:
    """Stop the child process (tests, and the end of a worker's life)."""
    global _executor
    with _lock:
        if _executor is not None:
            _executor.shutdown(wait=True)
            _executor = None

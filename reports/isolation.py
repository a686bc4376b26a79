"""Render PDFs in a child process: recycled, bounded in time, never left behind.

WeasyPrint's native libraries (Pango, HarfBuzz) keep about 0.13 MB per document laid out that
is never given back (bench/bench_reports.py), so a long-lived web worker would grow without
end. A long-lived process hands the rendering to a child that renders at most
``RENDERS_PER_PROCESS`` documents and then exits, giving everything back. The command line
renders one report per process and does not need this.

The child is ours, a :class:`multiprocessing.Process` talking over a pipe, so that:

- a render that takes longer than its time limit (``REPERE_PDF_TIMEOUT`` seconds, below the
  web worker's timeout) kills the child and raises :class:`RenderTimeout`;
- a child that died (killed, crashed) is replaced and the render tried once more;
- the child watches its parent and ends itself when the parent is gone, even in the middle of
  a render.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .pdf import EmbeddedFile, html_to_pdf

RENDERS_PER_PROCESS = 40
TIME_LIMIT_VARIABLE = "REPERE_PDF_TIMEOUT"
# gunicorn kills a worker silent for 60 s (gunicorn.conf.py): a render must end well before,
# so that the worker can still answer with a page that says what happened.
DEFAULT_TIME_LIMIT = 30.0
PARENT_CHECK_INTERVAL = 0.2  # seconds between two looks of the child at its parent


class RendererUnavailable(Exception):
    """The PDF could not be rendered in the child process."""


class RenderTimeout(RendererUnavailable):
    """The render took longer than its time limit; its child process was killed."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the PDF took longer than {limit:g} s to lay out")
        self.limit = limit


class RendererCrashed(RendererUnavailable):
    """The child process died during the render, twice in a row."""


class _ChildDied(Exception):
    pass


def configured_time_limit() -> float:
    """The time limit of one render, in seconds: ``REPERE_PDF_TIMEOUT``, default 30."""
    raw = os.environ.get(TIME_LIMIT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_TIME_LIMIT
    try:
        limit = float(raw)
    except ValueError:
        raise ValueError(
            f"{TIME_LIMIT_VARIABLE} must be a number of seconds, not {raw!r}"
        ) from None
    if not math.isfinite(limit) or limit <= 0:
        raise ValueError(f"{TIME_LIMIT_VARIABLE} must be a positive number of seconds")
    return limit


def _end_with_parent(parent_pid: int) -> None:
    # When the parent dies the child is given another parent (init or a subreaper). A
    # thread, not prctl(PR_SET_PDEATHSIG): that signal fires when the *thread* that started
    # the child ends, and a threaded server starts it from a short-lived request thread.
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_INTERVAL)
    os.kill(os.getpid(), signal.SIGKILL)


def _serve(connection: Connection, parent_pid: int, quota: int) -> None:
    """The child: render up to ``quota`` documents received on ``connection``, then exit."""
    threading.Thread(target=_end_with_parent, args=(parent_pid,), daemon=True).start()
    for _ in range(quota):
        try:
            html, attachments = connection.recv()
        except EOFError:  # the parent closed its end: nothing more to do
            return
        try:
            connection.send((True, html_to_pdf(html, attachments)))
        except Exception as exc:  # the caller gets the error, as if it had rendered itself
            try:
                connection.send((False, exc))
            except Exception:  # an exception that does not pickle: its text
                connection.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Child:
    """One child process and our end of its pipe."""

    def __init__(self) -> None:
        # "spawn": a fresh interpreter, nothing inherited from the web worker's state
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        self.quota = RENDERS_PER_PROCESS
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child_end, os.getpid(), self.quota), daemon=True
        )
        self.process.start()
        child_end.close()
        self.renders = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def render(self, request: tuple[str, tuple[EmbeddedFile, ...]], deadline: float) -> bytes:
        try:
            self.connection.send(request)
        except OSError as exc:  # BrokenPipeError: it died since the last render
            raise _ChildDied from exc
        if not self.connection.poll(max(0.0, deadline - time.monotonic())):
            raise TimeoutError
        try:
            ok, result = self.connection.recv()
        except (EOFError, OSError) as exc:
            raise _ChildDied from exc
        self.renders += 1
        if not ok:
            raise result
        pdf: bytes = result
        return pdf

    def stop(self, kill: bool = False) -> None:
        """End the child (at once with ``kill``) and wait for it, leaving no zombie."""
        self.connection.close()
        if kill:
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.process.close()


_lock = threading.Lock()  # one render at a time through the one child
_child: _Child | None = None


def _discard(kill: bool) -> None:
    global _child
    if _child is not None:
        _child.stop(kill=kill)
        _child = None


def _render_once(request: tuple[str, tuple[EmbeddedFile, ...]], deadline: float) -> bytes:
    global _child
    if _child is None:
        _child = _Child()
    child = _child
    try:
        pdf = child.render(request, deadline)
    except (_ChildDied, TimeoutError):
        _discard(kill=True)
        raise
    except Exception:
        if child.renders >= child.quota:
            _discard(kill=False)
        raise
    if child.renders >= child.quota:
        _discard(kill=False)  # it exits by itself after its last render
    return pdf


def html_to_pdf_isolated(
    html: str, attachments: Sequence[EmbeddedFile] = (), *, time_limit: float | None = None
) -> bytes:
    """:func:`reports.pdf.html_to_pdf`, run in the recycled child process.

    Raises :class:`RenderTimeout` past ``time_limit`` seconds (default:
    :func:`configured_time_limit`), waiting for another render included, and
    :class:`RendererCrashed` when the child dies twice in a row.
    """
    limit = configured_time_limit() if time_limit is None else time_limit
    deadline = time.monotonic() + limit
    request = (html, tuple(attachments))
    if not _lock.acquire(timeout=limit):
        raise RenderTimeout(limit)
    try:
        try:
            return _render_once(request, deadline)
        except _ChildDied:
            pass  # replaced: once more, with what is left of the time limit
        try:
            return _render_once(request, deadline)
        except _ChildDied as exc:
            raise RendererCrashed("the PDF renderer stopped twice in a row") from exc
    except TimeoutError:
        raise RenderTimeout(limit) from None
    finally:
        _lock.release()


def child_pid() -> int | None:
    """The process id of the current child, if one is running (tests, monitoring).

    Read without waiting for the render in progress, if any.
    """
    child = _child
    return child.pid if child is not None else None


def shutdown() -> None:
    """Stop the child process (tests, and the end of a worker's life)."""
    with _lock:
        _discard(kill=False)

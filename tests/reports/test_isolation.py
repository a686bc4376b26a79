"""Web workers lay reports out in a child process: recycled, bounded in time, never orphaned."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports import isolation
from reports.pdf import EmbeddedFile, html_to_pdf
from tests.support import ROOT

HTML = (
    "<html lang='fr'><head><title>Essai</title></head>"
    "<body><p>Échéance : 28 février 2027</p></body></html>"
)
# One unbroken 20,000-character word, without the report's zero-width spaces: seconds of
# layout, the kind of document the time limit is there for.
SLOW_HTML = (
    "<html lang='fr'><head><title>Lent</title></head>"
    f"<body><p style='overflow-wrap: anywhere'>{'x' * 20_000}</p></body></html>"
)


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for a parent that is not us counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.fixture
def fresh_child() -> Iterator[None]:
    isolation.shutdown()
    yield
    isolation.shutdown()


@pytest.fixture
def small_recycling(fresh_child: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "RENDERS_PER_PROCESS", 2)


def test_the_child_is_replaced_after_its_quota(small_recycling: None) -> None:
    pids = []
    for _ in range(5):
        isolation.html_to_pdf_isolated(HTML)
        pids.append(isolation.child_pid())
    first, third, fifth = pids[0], pids[2], pids[4]
    assert pids[1] is None and pids[3] is None  # each child ended after its second render
    assert first and third and fifth and len({first, third, fifth, os.getpid()}) == 4
    assert gone(first) and gone(third)


def test_an_isolated_pdf_is_the_same_document(small_recycling: None) -> None:
    attachment = EmbeddedFile(name="answers.json", content=b'{"a": 1}', description="test")
    isolated = isolation.html_to_pdf_isolated(HTML, [attachment])
    local = html_to_pdf(HTML, [attachment])
    texts = [PdfReader(io.BytesIO(pdf)).pages[0].extract_text() for pdf in (isolated, local)]
    assert texts[0] == texts[1] and "28 février 2027" in texts[0]
    assert PdfReader(io.BytesIO(isolated)).attachments["answers.json"] == [b'{"a": 1}']


def test_after_the_child_is_killed_the_next_pdf_works(fresh_child: None) -> None:
    isolation.html_to_pdf_isolated(HTML)
    killed = isolation.child_pid()
    assert killed is not None
    os.kill(killed, signal.SIGKILL)

    pdf = isolation.html_to_pdf_isolated(HTML)

    assert "28 février 2027" in text_of(pdf)
    assert isolation.child_pid() not in (None, killed)
    assert gone(killed)


def test_past_its_time_limit_a_render_stops_with_a_clear_error(fresh_child: None) -> None:
    isolation.html_to_pdf_isolated(HTML)  # the child is up: the limit is the layout's alone
    child = isolation.child_pid()
    assert child is not None
    limit = 0.5

    started = time.monotonic()
    with pytest.raises(isolation.RenderTimeout, match=r"0\.5 s"):
        isolation.html_to_pdf_isolated(SLOW_HTML, time_limit=limit)
    elapsed = time.monotonic() - started

    assert elapsed < limit + 1.0, f"{elapsed:.2f} s"
    assert gone(child) and isolation.child_pid() is None
    assert "28 février 2027" in text_of(isolation.html_to_pdf_isolated(HTML))


def test_the_time_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(isolation.TIME_LIMIT_VARIABLE, raising=False)
    assert isolation.configured_time_limit() == isolation.DEFAULT_TIME_LIMIT < 60
    monkeypatch.setenv(isolation.TIME_LIMIT_VARIABLE, "12.5")
    assert isolation.configured_time_limit() == 12.5
    for wrong in ("0", "-3", "soon", "nan"):
        monkeypatch.setenv(isolation.TIME_LIMIT_VARIABLE, wrong)
        with pytest.raises(ValueError, match=isolation.TIME_LIMIT_VARIABLE):
            isolation.configured_time_limit()


PARENT = textwrap.dedent(
    """
    import sys, threading, time
    from reports import isolation
    html = sys.stdin.read()
    threading.Thread(target=isolation.html_to_pdf_isolated, args=(html,), daemon=True).start()
    while isolation.child_pid() is None:
        time.sleep(0.05)
    time.sleep(3)  # the child has started and is laying the document out
    print(isolation.child_pid(), flush=True)
    time.sleep(600)
    """
)


def test_the_child_ends_with_its_parent_even_in_the_middle_of_a_render() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdin is not None and parent.stdout is not None
        parent.stdin.write(SLOW_HTML)
        parent.stdin.close()
        child = int(parent.stdout.readline())
        assert not gone(child)  # still rendering
    finally:
        parent.kill()
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
    deadline = time.monotonic() + 5
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child)

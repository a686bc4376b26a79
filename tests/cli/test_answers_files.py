"""`score`, `report` and `export` read only regular files of bounded size, checked first."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner

from app.domain.loading import MAX_FILE_BYTES
from tests.support import ROOT, SAMPLE_GRIDS

from .support import ANSWERS, write

COMMANDS = {
    "score": ["--json"],
    "report": ["-o", "{out}/report.pdf"],
    "export": ["-o", "{out}/export.json"],
}


def arguments(command: str, path: Path, out: Path) -> list[str]:
    extra = [part.format(out=out) for part in COMMANDS[command]]
    return [command, str(path), "--dir", str(SAMPLE_GRIDS), *extra]


def invoke_within(runner: FlaskCliRunner, args: list[str], fifo: Path, seconds: float) -> Any:
    """Run the command; should it block on the FIFO, unblock it and fail the test."""
    results: list[Any] = []
    thread = threading.Thread(target=lambda: results.append(runner.invoke(args=args)))
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        with open(fifo, "w"):  # a writer: the blocked open returns, at end of file
            pass
        thread.join()
        pytest.fail(f"{args[0]} waited on a FIFO for more than {seconds} s")
    return results[0]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_fifo_is_refused_at_once(runner: FlaskCliRunner, tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = invoke_within(runner, arguments(command, fifo, tmp_path), fifo, seconds=10)
    assert result.exit_code == 2, result.output
    assert f"{fifo}: not a regular file (a device, a pipe or a socket): refused" in result.output
    assert time.monotonic() - started < 10
    assert not (tmp_path / "report.pdf").exists() and not (tmp_path / "export.json").exists()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_folder_is_refused(runner: FlaskCliRunner, tmp_path: Path, command: str) -> None:
    result = runner.invoke(args=arguments(command, tmp_path, tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path}: not a regular file (a folder): refused" in result.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_over_the_limit_is_refused_unread(
    runner: FlaskCliRunner, tmp_path: Path, command: str
) -> None:
    path = write(tmp_path, ANSWERS + "#" * MAX_FILE_BYTES + "\n")
    result = runner.invoke(args=arguments(command, path, tmp_path))
    assert result.exit_code == 2
    assert f"is larger than {MAX_FILE_BYTES // 1024} KiB: refused" in result.output


def test_a_file_at_the_limit_is_read(runner: FlaskCliRunner, tmp_path: Path) -> None:
    padding = MAX_FILE_BYTES - len(ANSWERS.encode("utf-8")) - 1
    path = write(tmp_path, ANSWERS + "#" * padding + "\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    result = runner.invoke(args=arguments("score", path, tmp_path))
    assert result.exit_code == 0, result.output
    assert '"verdict": "non_conforme"' in result.output


def test_score_of_dev_zero_exits_2_at_once(tmp_path: Path) -> None:
    """As a user runs it: a process of its own, which must not eat memory nor wait."""
    environment = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "SECRET_KEY": "test-secret",
    }
    environment.pop("TEST_DATABASE_URL", None)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "score", "/dev/zero", "--json",
         "--dir", str(SAMPLE_GRIDS)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "/dev/zero: not a regular file (a device, a pipe or a socket): refused" in result.stderr
    assert time.monotonic() - started < 60

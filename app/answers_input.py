"""Reading an answers file named on the command line: a regular file of bounded size, only.

``score``, ``report`` and ``export`` take a path from whoever runs them. Read whole before
any check, ``/dev/zero`` ate memory until the process died and a FIFO hung for ever. The same
guards as the grids (``app.domain.loading``), checked on the opened file itself, before
reading a byte: a regular file (not a device, a pipe, a socket or a folder) of at most
``MAX_FILE_BYTES``; and never more than that is read, should the file grow meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .domain.answers import AnswersError, AnswersFile, check_against_grid, parse_answers
from .domain.catalogue import Catalogue
from .domain.grid import Grid
from .domain.loading import MAX_FILE_BYTES


def _refuse(path: Path, message: str) -> AnswersError:
    return AnswersError([f"{path}: {message}"])


def read_answers_file(path: Path) -> AnswersFile:
    """The answers in ``path``, or AnswersError when it is not a small regular UTF-8 file."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refuse(path, f"cannot read the file: {exc.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "a device, a pipe or a socket"
            raise _refuse(path, f"not a regular file ({kind}): refused")
        if status.st_size > MAX_FILE_BYTES:
            raise _refuse(
                path,
                f"file of {status.st_size} bytes is larger than {MAX_FILE_BYTES // 1024} KiB: "
                "refused",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _refuse(path, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    if len(content) > MAX_FILE_BYTES:
        raise _refuse(path, f"file larger than {MAX_FILE_BYTES // 1024} KiB: refused")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(path, "not valid UTF-8: save it as UTF-8") from None
    # as Path.read_text did: universal newlines
    return parse_answers(text.replace("\r\n", "\n").replace("\r", "\n"), str(path))


def load_answers_file(path: Path, catalogue: Catalogue) -> tuple[AnswersFile, Grid]:
    """:func:`read_answers_file`, then checked against its grid (AnswersError otherwise)."""
    answers = read_answers_file(path)
    return answers, check_against_grid(answers, catalogue)

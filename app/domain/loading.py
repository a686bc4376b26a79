"""Safe YAML loading with line numbers.

``yaml.safe_load`` is not enough for files written by people or sent by strangers: it keeps
the last of two duplicate keys without a word, turns ``version: 2025.10`` into ``2025.1``,
and expands alias bombs. This loader walks the parser's events itself, so that it can:

- refuse duplicate keys, anchors/aliases and merge keys, and nesting deeper than a limit;
- refuse files larger than a limit before parsing them;
- remember the line of every value, so that later errors can say ``PATH:LINE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 100_000  # a 1,000-criterion grid has about 30,000: far more is an attack or a mistake

# Keys whose value is an identifier that must stay a string: an unquoted 2025.10 would
# silently become the float 2025.1, and 2024 the integer 2024.
STRING_ONLY_KEYS = frozenset({"version"})

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CONTAINER_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")

Location = tuple[str | int, ...]


class LoadError(Exception):
    """A problem in a file, with the line where it is (1-based) when known."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = str(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Document:
    """Plain Python data read from a file, with the line of each location in it."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int | None:
        """Line of the deepest known part of ``location`` (a missing key points at its parent)."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return None

    def error(self, location: Location, message: str) -> LoadError:
        """A LoadError located at ``location`` in this document."""
        return LoadError(self.path, self.line_of(location), message)


class _Container:
    __slots__ = ("location", "pending_key", "pending_key_line", "value")

    def __init__(self, value: dict[Any, Any] | list[Any], location: Location) -> None:
        self.value = value
        self.location = location
        self.pending_key: Any = _NO_KEY
        self.pending_key_line = 0


_NO_KEY = object()


def _describe_key(key: Any) -> str:
    return repr(key) if not isinstance(key, str) else f"'{key}'"


class _Builder:
    """Turns a stream of YAML events into Python values, refusing what we do not accept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.loader = _Loader("")
        self.stack: list[_Container] = []
        self.root: Any = None
        self.lines: dict[Location, int] = {}

    def fail(self, mark: Any, message: str) -> LoadError:
        line = mark.line + 1 if mark is not None else None
        return LoadError(self.path, line, message)

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            implicit = event.implicit
            tag = self.loader.resolve(yaml.ScalarNode, event.value, implicit)
        if tag == "tag:yaml.org,2002:merge":
            raise self.fail(event.start_mark, "merge keys (<<) are not allowed: write the keys out")
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            raise self.fail(event.start_mark, f"invalid value {event.value!r}: {exc}") from None

    def add(self, value: Any, line: int, raw: str | None = None, plain: bool = False) -> None:
        """Attach a finished value to the container on top of the stack."""
        if not self.stack:
            self.root = value
            self.lines[()] = line
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            location = (*top.location, len(top.value))
            top.value.append(value)
            self.lines.setdefault(location, line)
            return
        if top.pending_key is _NO_KEY:
            if value in top.value:
                first = self.lines.get((*top.location, value))
                raise LoadError(
                    self.path,
                    line,
                    f"duplicate key {_describe_key(value)} (first defined on line {first}): "
                    "keep only one",
                )
            top.pending_key = value
            top.pending_key_line = line
            return
        key = top.pending_key
        top.pending_key = _NO_KEY
        if key in STRING_ONLY_KEYS and plain and not isinstance(value, str):
            raise LoadError(
                self.path,
                line,
                f"'{key}' must be a quoted string, otherwise {raw} would be read as {value!r}: "
                f'write {key}: "{raw}"',
            )
        top.value[key] = value
        self.lines[(*top.location, key)] = top.pending_key_line

    def child_location(self) -> Location:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.location, len(top.value))
        return (*top.location, top.pending_key)

    def open(self, value: dict[Any, Any] | list[Any], mark: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(mark, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
        if (
            self.stack
            and self.stack[-1].pending_key is _NO_KEY
            and isinstance(self.stack[-1].value, dict)
        ):
            raise self.fail(mark, "a mapping key must be a plain value")
        location = self.child_location()
        self.lines.setdefault(location, mark.line + 1)
        self.stack.append(_Container(value, location))

    def close(self) -> None:
        finished = self.stack.pop()
        self.add(finished.value, self.lines.get(finished.location, 1))


def _line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


def parse_yaml(text: str, path: Path | str) -> Document:
    """Parse one YAML document from ``text``; raise LoadError naming PATH:LINE on any problem."""
    path = Path(path)
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        raise LoadError(path, None, f"file larger than {MAX_FILE_BYTES // 1024} KiB: refused")
    builder = _Builder(path)
    documents = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            nodes += 1
            if nodes > MAX_NODES:
                raise builder.fail(
                    getattr(event, "start_mark", None), f"more than {MAX_NODES} values: refused"
                )
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise builder.fail(event.start_mark, "only one YAML document is allowed")
            elif isinstance(event, yaml.AliasEvent):
                raise builder.fail(
                    event.start_mark, "aliases (*name) are not allowed: write the value out"
                )
            elif isinstance(event, yaml.ScalarEvent):
                value = builder.scalar(event)
                plain = bool(event.implicit[0]) and event.tag in (None, "!")
                builder.add(value, _line(event.start_mark), raw=event.value, plain=plain)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag not in (None, "!", *_CONTAINER_TAGS):
                    raise builder.fail(event.start_mark, f"tag {event.tag} is not allowed")
                builder.open(
                    {} if isinstance(event, yaml.MappingStartEvent) else [], event.start_mark
                )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                builder.close()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise builder.fail(mark, f"YAML syntax error: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise LoadError(path, None, f"YAML error: {exc}") from None
    except RecursionError:
        raise LoadError(path, None, "structure too deep: refused") from None
    return Document(path=path, data=builder.root, lines=builder.lines)


def read_yaml(path: Path) -> Document:
    """Read and parse a YAML file, refusing huge or non-UTF-8 files before parsing."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(path, None, f"cannot read the file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise LoadError(
            path, None, f"file of {size} bytes is larger than {MAX_FILE_BYTES // 1024} KiB: refused"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(
            path, None, f"not valid UTF-8 (byte {exc.start}): save it as UTF-8"
        ) from None
    except OSError as exc:
        raise LoadError(path, None, f"cannot read the file: {exc.strerror}") from None
    return parse_yaml(text, path)

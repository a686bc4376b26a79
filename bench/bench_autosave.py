"""Autosave under load: gunicorn (2 workers), 20 concurrent clients, SQLite (WAL) and PostgreSQL.

For each database: a fresh one (a temporary SQLite file; a PostgreSQL database created on
127.0.0.1 and dropped afterwards), migrated with ``flask --app wsgi db upgrade``; 20 vendors,
each with its owner, a service and a draft positioning of the doctrine grid; gunicorn started
on a free port of 127.0.0.1 with ``wsgi:app``; each owner signed in through the login form
(the login rate limit raised for the bench). Then the 20 owners, as 20 clients driven by ONE
thread: an event loop over non-blocking sockets (``selectors``), 20 connections in flight, each
client sending its next save only once it has the answer to the one before, as a browser's
autosave does. One thread, not 20, because the load generator shares the 2 cores with the
server: 20 Python threads cost about twice its CPU per save, taken from the server measured.
Each client saves REPERE_BENCH_SAVES (default 100) answers to its OWN positioning through the
JSON autosave, exactly as app/static/js/autosave.js does (X-CSRFToken, the revision each answer
was based on), a new connection per save, cycling over CRITERIA_PER_CLIENT criteria, so that
most saves update an answer already saved.
Each save changes the answer's comment and evidence, and its level too unless
REPERE_BENCH_LEVELS=comments (see ``level_for``).

Measured against the yardstick of issue 12: p95 ≤ 150 ms with 20 clients, saves per second at
least 0.2 × the floor of the same run, errors (target 0: non-2xx answers, 409 conflicts —
there should be none, each client owns its answers — and exceptions counted apart), latency
median and p95. Afterwards, read from the database: every acknowledged save is there (the last
acknowledged revision and value of each answer is the stored one), the journal has one entry per
acknowledged save, and each positioning's version counts them. And where the CPU went during
the load (gunicorn's workers, PostgreSQL, the clients, other processes), read from /proc,
beside a pure-Python speed reference, so that runs on two machines can be compared.

Gunicorn's workers are sync ones unless REPERE_BENCH_THREADS (> 1) asks for threaded ones.
REPERE_BENCH_VIEW=floor measures the floor under the same load: the autosave view replaced by a
no-op behind the same sign-in, CSRF and reads (bench/floor_app.py); nothing is written.
REPERE_BENCH_VIEW=both runs each database's saves then its floor, and prints their ratio.
Bounded: REPERE_BENCH_SAVES per client, a deadline per run (DEADLINE_S), a timeout per request;
traffic only to 127.0.0.1. Run: ``python -m bench autosave``. Never part of the tests.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GRID = ("doctrine", "2025.1")
CATEGORY = "ent"
AUDIENCE = "editeur"
CLIENTS = 20
WORKERS = 2
CRITERIA_PER_CLIENT = 25
DEADLINE_S = 300.0
REQUEST_TIMEOUT_S = 30.0
PASSWORD = "bench password, not a secret"
PG_HOST, PG_USER = "127.0.0.1", "postgres"
TARGET_P95_S = 0.150
TARGET_RATIO = 0.2  # saves/s over the floor's requests/s, in one run


@dataclass
class Client:
    """One signed-in browser: its session cookie, CSRF token, positioning and criteria."""

    email: str
    assessment_id: int
    criteria: list[str]
    cookie: str = ""
    token: str = ""


@dataclass
class Acked:
    """The last acknowledged save of one answer: its revision and the value sent."""

    revision: int
    level: int | None
    comment: str


@dataclass
class Result:
    """What one client saw."""

    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    unchanged: int = 0
    conflicts: int = 0
    non_2xx: dict[int, int] = field(default_factory=dict)
    exceptions: dict[str, int] = field(default_factory=dict)
    acked: dict[str, Acked] = field(default_factory=dict)
    in_doubt: dict[str, Acked] = field(default_factory=dict)  # sent, no answer (exception)


# -- databases ------------------------------------------------------------------------------


def psql(command: str, database: str = "postgres") -> None:
    arguments = ["-h", PG_HOST, "-U", PG_USER, "-d", database, "-v", "ON_ERROR_STOP=1"]
    done = subprocess.run(
        ["psql", *arguments, "-qAtc", command], capture_output=True, text=True, timeout=60
    )
    if done.returncode:
        raise RuntimeError(f"psql {command!r}: {done.stderr.strip()}")


@contextmanager
def sqlite_database(tmp: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp / 'bench.db'}"


@contextmanager
def postgresql_database(_tmp: Path) -> Iterator[str]:
    name = f"repere_bench_{os.getpid()}_{int(time.time())}"
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://{PG_USER}@{PG_HOST}:5432/{name}"
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlalchemy_url(url: str) -> str:
    """The URL with its driver, as app/config.py makes it from DATABASE_URL."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def environment(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY="bench-autosave-secret",
        REPERE_GRIDS_DIR=str(ROOT / "criteria"),
        RATELIMIT_STORAGE_URI="memory://",
        REPERE_LOGIN_RATE_LIMIT="10000 per minute",  # 20 sign-ins from one address, for the bench
        REPERE_AUTOSAVE_RATE_LIMIT="1000000 per minute",  # each bench client saves flat out
        REPERE_ENV="development",  # plain http on 127.0.0.1: cookies without the Secure flag
        PYTHONPATH=str(ROOT),
    )
    return env


def migrate(env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)


def siren(number: int) -> str:
    """A valid SIREN (Luhn) from a small number."""
    base = f"{90000000 + number:08d}"
    for last in "0123456789":
        doubled = [int(d) * (2 if i % 2 else 1) for i, d in enumerate(base + last)]
        if sum(d - 9 if d > 9 else d for d in doubled) % 10 == 0:
            return base + last
    raise AssertionError("unreachable")


def seed(url: str) -> list[Client]:
    """20 vendors, each with an owner, a service and a draft positioning (in this process)."""
    sys.path.insert(0, str(ROOT))
    from werkzeug.security import generate_password_hash

    from app import create_app
    from app.extensions import db
    from app.grid_registry import get_catalogue
    from app.models import Organisation, Service, User
    from app.positioning import create_assessment

    app = create_app(
        {
            "SECRET_KEY": "bench-autosave-secret",
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
            "GRIDS_DIR": ROOT / "criteria",
        }
    )
    clients = []
    with app.app_context():
        grid = get_catalogue(app).get(*GRID)
        if grid is None:
            raise SystemExit("the doctrine grid does not load: run `flask grids check`")
        placed = grid.placed_criteria
        applicable = [c.id for _r, _a, c in placed if c.applies_to(CATEGORY, AUDIENCE)]
        step = max(1, len(applicable) // CRITERIA_PER_CLIENT)
        password_hash = generate_password_hash(PASSWORD, app.config["PASSWORD_HASH_METHOD"])
        for number in range(CLIENTS):
            vendor = Organisation(kind="editeur", name=f"Éditeur {number}", siren=siren(number))
            db.session.add(vendor)
            db.session.flush()
            user = User(
                email=f"owner{number}@bench.test",
                name=f"Owner {number}",
                password_hash=password_hash,
                organisation_id=vendor.id,
                role="owner",
            )
            service = Service(organisation_id=vendor.id, name=f"ENT {number}", category=CATEGORY)
            db.session.add_all([user, service])
            db.session.commit()
            assessment = create_assessment(user, service, grid, AUDIENCE)
            # Different criteria from one client to the next, spread over the référentiels.
            chosen = [
                applicable[(number + i * step) % len(applicable)]
                for i in range(CRITERIA_PER_CLIENT)
            ]
            assert len(set(chosen)) == CRITERIA_PER_CLIENT
            clients.append(Client(user.email, assessment.id, chosen))
        db.session.remove()
        db.engine.dispose()
    return clients


# -- the server -----------------------------------------------------------------------------


def threads_option() -> list[str]:
    """REPERE_BENCH_THREADS > 1: gunicorn's threaded workers (gthread); else sync workers."""
    threads = int(os.environ.get("REPERE_BENCH_THREADS", "1"))
    return ["--threads", str(threads)] if threads > 1 else []


def view_mode() -> str:
    """REPERE_BENCH_VIEW: "save" (default); "floor": the same requests answered by a no-op
    behind the same sign-in and CSRF (bench/floor_app.py), nothing written or verified; or
    "both": each database's saves, then its floor, and the ratio of the two."""
    mode = os.environ.get("REPERE_BENCH_VIEW", "save")
    if mode not in ("save", "floor", "both"):
        raise SystemExit('REPERE_BENCH_VIEW: "save", "floor" or "both"')
    return mode


def views() -> list[str]:
    mode = view_mode()
    return ["save", "floor"] if mode == "both" else [mode]


def worker_kind() -> str:
    option = threads_option()
    return f"gthread, {option[1]} threads each" if option else "sync"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def gunicorn(env: dict[str, str], log: Path, view: str = "save") -> Iterator[tuple[int, int]]:
    """gunicorn with 2 workers on a free port of 127.0.0.1; stopped on the way out."""
    port = free_port()
    with log.open("w") as output:
        command = [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), *threads_option()]
        # not the production gunicorn.conf.py: its access log and worker recycling
        # (max_requests) would be measured instead of the application
        bare_config = log.with_name("gunicorn-bench.conf.py")
        bare_config.write_text("# empty: command-line settings only\n")
        command += ["-c", str(bare_config)]
        command += ["-b", f"127.0.0.1:{port}", "--timeout", "60", "--error-logfile", "-"]
        process = subprocess.Popen(
            [*command, "bench.floor_app:app" if view == "floor" else "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_ready(port, process)
            yield port, process.pid
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def wait_until_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            status, _headers, _body = request(port, "GET", "/healthz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


# -- where the CPU goes (Linux /proc) ----------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def proc_stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state first)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def cpu_of(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes (those gone count 0)."""
    total = 0.0
    for pid in pids:
        try:
            fields = proc_stat(pid)
        except (OSError, ValueError):
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def processes(*, parent: int | None = None, name: str | None = None) -> list[int]:
    """Processes whose parent is ``parent`` or whose command is ``name``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        command = text[text.index("(") + 1 : text.rindex(")")]
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        if (parent is not None and ppid == parent) or (name is not None and command == name):
            found.append(int(entry.name))
    return found


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / TICK, sum(values) / TICK


@dataclass
class CpuSnapshot:
    machine_busy: float
    machine_total: float
    workers: float
    database: float
    bench: float

    @classmethod
    def take(cls, master: int, database_pids: list[int]) -> CpuSnapshot:
        busy, total = machine_cpu()
        workers = cpu_of([master, *processes(parent=master)])
        return cls(busy, total, workers, cpu_of(database_pids), time.process_time())


@dataclass
class CpuUse:
    """CPU seconds used during the load, by whom."""

    busy: float
    wall_cores: float
    workers: float
    database: float
    bench: float

    @classmethod
    def between(cls, before: CpuSnapshot, after: CpuSnapshot) -> CpuUse:
        return cls(
            after.machine_busy - before.machine_busy,
            after.machine_total - before.machine_total,
            after.workers - before.workers,
            after.database - before.database,
            after.bench - before.bench,
        )

    @property
    def others(self) -> float:
        return max(0.0, self.busy - self.workers - self.database - self.bench)


# -- HTTP -----------------------------------------------------------------------------------


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = REQUEST_TIMEOUT_S,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request on a new connection (gunicorn's sync workers close after each answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def session_cookie(headers: http.client.HTTPMessage) -> str | None:
    return cookie_in(headers.get_all("Set-Cookie") or [])


def cookie_in(set_cookies: list[str]) -> str | None:
    """The session cookie's value among Set-Cookie values, if one is set."""
    for value in set_cookies:
        name, _, rest = value.partition("=")
        if name.strip() == "session":
            return rest.split(";", 1)[0]
    return None


def meta_token(html: bytes) -> str:
    match = re.search(rb'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "no csrf-token meta"
    return match.group(1).decode()


def sign_in(port: int, client: Client) -> None:
    """Through the login form, as a browser: GET /login, POST it, read the new CSRF token."""
    agent = {"User-Agent": f"repere-bench/{client.email}"}
    status, headers, body = request(port, "GET", "/login", headers=agent)
    assert status == 200, status
    cookie = session_cookie(headers)
    assert cookie, "no session cookie from /login"
    form = urllib.parse.urlencode(
        {"csrf_token": meta_token(body), "email": client.email, "password": PASSWORD}
    ).encode()
    posted = {**agent, "Content-Type": "application/x-www-form-urlencoded"}
    status, headers, body = request(
        port, "POST", "/login", body=form, headers={**posted, "Cookie": f"session={cookie}"}
    )
    assert status in (302, 303), (status, body[:300])
    client.cookie = session_cookie(headers) or cookie
    status, headers, body = request(
        port, "GET", "/tableau-de-bord", headers={**agent, "Cookie": f"session={client.cookie}"}
    )
    assert status == 200, status
    client.cookie = session_cookie(headers) or client.cookie
    client.token = meta_token(body)


def levels_mode() -> str:
    """REPERE_BENCH_LEVELS: "each" (default) or "comments"."""
    mode = os.environ.get("REPERE_BENCH_LEVELS", "each")
    if mode not in ("each", "comments"):
        raise SystemExit('REPERE_BENCH_LEVELS: "each" or "comments"')
    return mode


def level_for(mode: str, position: int, revision: int) -> int:
    """The level sent for an answer at ``revision``: a new one at each save ("each", so that
    the score and the panel are computed anew: the dearest save), or always the same one
    ("comments": after its first save only the comment and the evidence change, as when
    someone types a comment; the live score of the version before is reused)."""
    if mode == "comments":
        return position % 5
    return (position + revision) % 5


class Saver:
    """One client's autosave, as app/static/js/autosave.js does it: its next save, each based
    on the revision last seen, and what it makes of the answer (or of the failure)."""

    def __init__(self, port: int, client: Client, saves: int, deadline: float) -> None:
        self.client = client
        self.saves = saves
        self.deadline = deadline
        self.result = Result()
        self.revisions = dict.fromkeys(client.criteria, 0)
        self.mode = levels_mode()
        self.usable = list(client.criteria)
        self.number = 0
        self.broken = False  # an answer it could not make sense of: it stopped there
        headers = {
            "User-Agent": f"repere-bench/{client.email}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": client.token,
        }
        # the head http.client sends: Host, Accept-Encoding, Content-Length, then these
        self.host = f"Host: 127.0.0.1:{port}\r\nAccept-Encoding: identity\r\n"
        self.headers = "".join(f"{name}: {value}\r\n" for name, value in headers.items())

    def next_save(self) -> Exchange | None:
        """The next save, not sent yet; None once all are done, or past the deadline."""
        number, client = self.number, self.client
        if number >= self.saves or time.monotonic() > self.deadline or not self.usable:
            return None
        self.number += 1
        criterion = self.usable[number % len(self.usable)]
        revision = self.revisions[criterion]
        level = level_for(self.mode, client.criteria.index(criterion), revision)
        value = Acked(revision + 1, level, f"{client.email} save {number}")
        payload = {
            "revision": revision,
            "level": value.level,
            "not_applicable": False,
            "justification": "",
            "comment": value.comment,
            "evidence": [f"https://exemple.fr/preuves/{criterion}/{number}"],
            "confirm": False,
        }
        path = f"/positionnements/{client.assessment_id}/reponses/{criterion}"
        begin = time.perf_counter()
        data = json.dumps(payload).encode()
        head = (
            f"POST {path} HTTP/1.1\r\n{self.host}Content-Length: {len(data)}\r\n"
            f"{self.headers}Cookie: session={client.cookie}\r\n\r\n"
        )
        return Exchange(self, criterion, value, begin, head.encode("latin-1") + data)

    def failed(self, exchange: Exchange, error: Exception) -> None:
        """No answer: counted, and the answer's fate is then unknown."""
        result, name = self.result, type(error).__name__
        result.exceptions[name] = result.exceptions.get(name, 0) + 1
        result.in_doubt[exchange.criterion] = exchange.value
        self.usable.remove(exchange.criterion)  # its revision is unknown: no further save on it

    def answered(self, exchange: Exchange, status: int, cookies: list[str], body: bytes) -> None:
        """The whole answer is in: its latency, the new cookie, the revision now current."""
        result, criterion, value = self.result, exchange.criterion, exchange.value
        result.latencies.append(time.perf_counter() - exchange.begin)
        self.client.cookie = cookie_in(cookies) or self.client.cookie
        if status == 200:
            data = json.loads(body)
            if data["status"] == "saved":
                result.ok += 1
            else:
                result.unchanged += 1
            self.revisions[criterion] = data["revision"]
            result.acked[criterion] = Acked(data["revision"], value.level, value.comment)
        elif status == 409:
            result.conflicts += 1
            data = json.loads(body)
            if data.get("status") == "conflict":
                self.revisions[criterion] = data["theirs"]["revision"]
        else:
            result.non_2xx[status] = result.non_2xx.get(status, 0) + 1


@dataclass(eq=False)
class Exchange:
    """One save on its own new connection: what is left to send, what has come back."""

    saver: Saver
    criterion: str
    value: Acked
    begin: float  # perf_counter() before connecting; the latency runs to the full answer
    outgoing: bytes
    sock: socket.socket = field(default_factory=socket.socket)
    incoming: bytes = b""

    @property
    def expires(self) -> float:
        """perf_counter() past which no complete answer is a TimeoutError."""
        return self.begin + REQUEST_TIMEOUT_S


Answer = tuple[int, list[str], bytes]  # status, Set-Cookie values, body


def parse_answer(data: bytes, closed: bool) -> Answer | None:
    """The answer in ``data`` once whole (its Content-Length read, its last chunk, or the
    connection ``closed``), else None; the errors http.client would raise for a broken one."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        if not closed:
            return None
        if not data:
            raise http.client.RemoteDisconnected("Remote end closed connection without response")
        raise http.client.IncompleteRead(data)
    status_line, *lines = data[:end].decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/") or not rest[:3].isdigit():
        raise http.client.BadStatusLine(status_line)
    status, cookies = int(rest[:3]), []
    length: int | None = 0 if status in (204, 304) else None
    chunked = False
    for line in lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "set-cookie":
            cookies.append(value.strip())
        elif name == "content-length":
            length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value.lower()
    start = end + 4
    if chunked:
        body = dechunk(data, start)
    elif length is not None:
        body = data[start : start + length] if len(data) >= start + length else None
    else:
        body = data[start:] if closed else None
    if body is None:
        if closed:
            raise http.client.IncompleteRead(data[start:])
        return None
    return status, cookies, body


def dechunk(data: bytes, start: int) -> bytes | None:
    """The body of a chunked answer from ``start``; None while its last chunk is to come."""
    body = b""
    while (line_end := data.find(b"\r\n", start)) >= 0:
        size = int(data[start:line_end].split(b";", 1)[0], 16)
        if size == 0:
            return body
        start = line_end + 2 + size + 2
        if len(data) < start:
            return None
        body += data[line_end + 2 : start - 2]
    return None


class Driver:
    """The clients on ONE thread: each client's save in flight on its own non-blocking
    connection, all of them watched by one selector; a client's next save starts only once
    the answer to the one before is in (or has failed), as a browser's autosave does."""

    def __init__(self, port: int, savers: list[Saver]) -> None:
        self.address = ("127.0.0.1", port)
        self.savers = savers
        self.selector = selectors.DefaultSelector()
        self.in_flight: set[Exchange] = set()

    def run(self) -> None:
        """All clients start at once; until each has done its saves (or passed the deadline)."""
        try:
            for saver in self.savers:
                self.launch(saver)
            while self.in_flight:
                now = time.perf_counter()
                for exchange in [e for e in self.in_flight if e.expires <= now]:
                    self.end(exchange, TimeoutError("no complete answer in time"))
                if self.in_flight:
                    wait = min(e.expires for e in self.in_flight) - now
                    for key, _events in self.selector.select(max(0.0, wait)):
                        self.ready(key.data)
        finally:
            for exchange in self.in_flight:
                exchange.sock.close()
            self.selector.close()

    def launch(self, saver: Saver) -> None:
        """The client's next save, on a new connection, sent at once if it can be."""
        while (exchange := saver.next_save()) is not None:
            sock = exchange.sock
            try:
                sock.setblocking(False)
                code = sock.connect_ex(self.address)
                if code not in (0, errno.EINPROGRESS):
                    raise OSError(code, os.strerror(code))
                exchange.outgoing = exchange.outgoing[sock.send(exchange.outgoing) :]
            except BlockingIOError:
                pass  # still connecting: sent once writable
            except Exception as error:
                sock.close()
                saver.failed(exchange, error)
                continue
            events = selectors.EVENT_WRITE if exchange.outgoing else selectors.EVENT_READ
            self.selector.register(sock, events, exchange)
            self.in_flight.add(exchange)
            return

    def ready(self, exchange: Exchange) -> None:
        """Its connection is ready: send the rest, or read what came and end if it is whole."""
        sock = exchange.sock
        try:
            if exchange.outgoing:
                exchange.outgoing = exchange.outgoing[sock.send(exchange.outgoing) :]
                if not exchange.outgoing:
                    self.selector.modify(sock, selectors.EVENT_READ, exchange)
                return
            received = sock.recv(65536)
            exchange.incoming += received
            answer = parse_answer(exchange.incoming, closed=not received)
        except Exception as error:
            self.end(exchange, error)
            return
        if answer is not None:
            self.end(exchange, answer)

    def end(self, exchange: Exchange, outcome: Answer | Exception) -> None:
        """Connection closed, outcome recorded, and the client's next save launched."""
        self.selector.unregister(exchange.sock)
        exchange.sock.close()
        self.in_flight.discard(exchange)
        saver = exchange.saver
        if isinstance(outcome, Exception):
            saver.failed(exchange, outcome)
        else:
            try:
                saver.answered(exchange, *outcome)
            except Exception:  # an answer it cannot read: this client stops, as a thread would
                traceback.print_exc()
                saver.broken = True
                return
        self.launch(saver)


# -- checks afterwards ----------------------------------------------------------------------


STORED = "SELECT criterion_id, revision, level, comment FROM answer WHERE assessment_id = :id"
COUNTED = (
    "SELECT (SELECT count(*) FROM journal WHERE object_type = 'assessment' AND object_id = :id"
    " AND action = 'answer.save'), (SELECT version FROM assessment WHERE id = :id)"
)


def verify(url: str, clients: list[Client], results: list[Result]) -> tuple[int, list[str]]:
    """Every acknowledged save is in the database: (answers checked, problems)."""
    from sqlalchemy import create_engine, text

    sql_url = sqlalchemy_url(url)
    engine = create_engine(sql_url)
    problems: list[str] = []
    checked = 0
    try:
        with engine.connect() as connection:
            if sql_url.startswith("sqlite"):
                mode = connection.execute(text("PRAGMA journal_mode")).scalar()
                if mode != "wal":
                    problems.append(f"SQLite journal mode is {mode}, not wal")
            for client, result in zip(clients, results, strict=True):
                rows = connection.execute(text(STORED), {"id": client.assessment_id}).all()
                stored = {row[0]: row[1:] for row in rows}
                for criterion, acked in result.acked.items():
                    checked += 1
                    doubt = result.in_doubt.get(criterion)
                    expected = [(acked.revision, acked.level, acked.comment)]
                    if doubt is not None:
                        expected.append((doubt.revision, doubt.level, doubt.comment))
                    if tuple(stored.get(criterion, ())) not in expected:
                        problems.append(
                            f"{client.email} {criterion}: acknowledged "
                            f"{expected[0]}, stored {stored.get(criterion)}"
                        )
                row = connection.execute(text(COUNTED), {"id": client.assessment_id}).one()
                journal, version = row
                if not result.in_doubt and (journal, version) != (result.ok, 1 + result.ok):
                    problems.append(
                        f"{client.email}: {result.ok} saves acknowledged, {journal} in the "
                        f"journal, version {version} (expected {1 + result.ok})"
                    )
    finally:
        engine.dispose()
    return checked, problems


# -- one run --------------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    saves: int
    elapsed: float
    results: list[Result]
    checked: int
    problems: list[str]
    log_errors: int
    cpu: CpuUse
    view: str = "save"

    def total(self, attribute: str) -> int:
        return sum(getattr(r, attribute) for r in self.results)

    @property
    def latencies(self) -> list[float]:
        return sorted(x for r in self.results for x in r.latencies)

    @property
    def non_2xx(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for result in self.results:
            for status, count in result.non_2xx.items():
                counts[status] = counts.get(status, 0) + count
        return counts

    @property
    def exceptions(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for result in self.results:
            for name, count in result.exceptions.items():
                counts[name] = counts.get(name, 0) + count
        return counts


def run(name: str, database: Any, saves: int, view: str = "save") -> Run:
    tmp = Path(tempfile.mkdtemp(prefix="repere-bench-autosave-"))
    try:
        with database(tmp) as url:
            env = environment(url)
            migrate(env)
            clients = seed(url)
            log = tmp / "gunicorn.log"
            with gunicorn(env, log, view) as (port, master):
                for client in clients:
                    sign_in(port, client)
                deadline = time.monotonic() + DEADLINE_S
                savers = [Saver(port, client, saves, deadline) for client in clients]
                driver = Driver(port, savers)
                database_pids = processes(name="postgres") if "postgresql" in url else []
                before = CpuSnapshot.take(master, database_pids)
                started = time.perf_counter()
                driver.run()  # the 20 clients start together; back when the last one is done
                elapsed = time.perf_counter() - started
                cpu = CpuUse.between(before, CpuSnapshot.take(master, database_pids))
            done = [saver.result for saver in savers if not saver.broken]
            if len(done) != CLIENTS:
                raise RuntimeError(f"{CLIENTS - len(done)} client(s) stopped on an answer")
            checked, problems = verify(url, clients, done) if view == "save" else (0, [])
            log_text = log.read_text(errors="replace")
            log_errors = log_text.count("Traceback") + log_text.count("[ERROR]")
            if log_errors:
                print(f"-- gunicorn log ({name}), last lines:")
                print("\n".join(log_text.splitlines()[-30:]))
            return Run(name, saves, elapsed, done, checked, problems, log_errors, cpu, view)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPU(s), load average {load}"


def python_speed() -> float:
    """Seconds for a fixed pure-Python loop (median of 7): the same code costs more CPU per
    save on a machine where this is larger, so figures from two machines compare through it."""
    times = []
    for _ in range(7):
        begin = time.process_time()
        sum(range(1_000_000))
        times.append(time.process_time() - begin)
    return statistics.median(times)


def report(runs: list[Run], load_before: str, speeds: tuple[float, float]) -> None:
    print(
        f"{CLIENTS} clients x {runs[0].saves} saves each, gunicorn {WORKERS} workers "
        f"({worker_kind()}), levels changed: {levels_mode()}, view: {view_mode()}, "
        f"{CRITERIA_PER_CLIENT} criteria per client (doctrine {GRID[1]}, category {CATEGORY}); "
        f"machine: {load_before} before, {machine()} after; Python speed reference: "
        f"sum(range(10**6)) in {speeds[0] * 1000:.1f} ms before, "
        f"{speeds[1] * 1000:.1f} after"
    )
    header = (
        f"{'database':<20}{'sent':>6}{'saved':>7}{'saves/s':>9}{'non-2xx':>9}{'409':>5}"
        f"{'exc.':>6}{'median':>8}{'p95':>8}{'max':>8}{'elapsed':>9}  verified afterwards"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        latencies = run.latencies
        sent = len(latencies) + sum(run.exceptions.values())
        saved = run.total("ok")
        non_2xx = sum(run.non_2xx.values())
        verified = (
            "floor: nothing written, nothing to verify"
            if run.view == "floor"
            else f"{saved} saves, {run.checked} answers: all there"
            if not run.problems
            else f"{len(run.problems)} PROBLEM(S)"
        )
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        print(
            f"{run.name:<20}{sent:>6}{saved:>7}{saved / run.elapsed:>9.0f}{non_2xx:>9}"
            f"{run.total('conflicts'):>5}{sum(run.exceptions.values()):>6}"
            f"{ms(statistics.median(latencies)):>8}{ms(p95):>8}{ms(latencies[-1]):>8}"
            f"{run.elapsed:>8.1f}s  {verified}"
        )
    for run in runs:
        saved = max(1, run.total("ok"))
        cpu = run.cpu
        print(
            f"  {run.name}: CPU during the load {cpu.busy / cpu.wall_cores * 100:.0f} % of the "
            f"machine; per save: gunicorn workers {cpu.workers / saved * 1000:.1f} ms, "
            + (f"PostgreSQL {cpu.database / saved * 1000:.1f} ms, " if cpu.database else "")
            + f"the 20 clients (this process) {cpu.bench / saved * 1000:.1f} ms, "
            f"other processes {cpu.others / saved * 1000:.1f} ms"
        )
        details = []
        if run.non_2xx:
            details.append(f"non-2xx by status {run.non_2xx}")
        if run.exceptions:
            details.append(f"exceptions {run.exceptions}")
        if run.total("unchanged"):
            details.append(f"{run.total('unchanged')} answered 'unchanged'")
        if run.log_errors:
            details.append(f"{run.log_errors} error(s) in gunicorn's log")
        details.extend(run.problems[:10])
        for line in details:
            print(f"  {run.name}: {line}")
        if run.view == "floor":
            print(f"  {run.name}: floor (no-op view), not a measure of saves")
            continue
        latencies = run.latencies
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] if latencies else 0
        met = p95 <= TARGET_P95_S and not run.non_2xx and not run.exceptions
        met = met and not run.total("conflicts") and not run.problems
        print(
            f"  {run.name}: target p95 ≤ {TARGET_P95_S * 1000:.0f} ms, 0 errors, nothing lost: "
            f"{'met' if met else 'NOT met'}"
        )


def main() -> None:
    saves = int(os.environ.get("REPERE_BENCH_SAVES", "100"))
    load_before = machine()
    speed = python_speed()
    runs = [run(label("SQLite (WAL)", v), sqlite_database, saves, v) for v in views()]
    try:
        for view in views():
            runs.append(run(label("PostgreSQL", view), postgresql_database, saves, view))
    except (OSError, RuntimeError) as error:  # no server, no psql: say it, keep SQLite's figures
        print(f"PostgreSQL run not done: {error}")
    report(runs, load_before, (speed, python_speed()))
    ratios(runs)


def label(database: str, view: str) -> str:
    return f"{database}, floor" if view == "floor" and view_mode() == "both" else database


def ratios(runs: list[Run]) -> None:
    """Saves per second as a share of the floor's requests per second, database by database:
    steadier than either figure from one run to the next on a machine whose speed varies
    (both slow down together), so the better yardstick for a change to the code."""
    rates = {(r.name.removesuffix(", floor"), r.view): r.total("ok") / r.elapsed for r in runs}
    for (database, view), rate in rates.items():
        floor = rates.get((database, "floor"))
        if view == "save" and floor:
            verdict = "met" if rate / floor >= TARGET_RATIO else "NOT met"
            print(
                f"  {database}: saves/s over the floor's requests/s = {rate / floor:.2f} "
                f"(yardstick ≥ {TARGET_RATIO}: {verdict})"
            )


if __name__ == "__main__":
    main()

"""The results database: one SQLite file under the user data directory (or ``KASUHARA_SIM_HOME``).

Written for a workshop on a shared machine: many trainees' processes write to one file at once. WAL lets readers
and one writer proceed together; every write is one short ``BEGIN IMMEDIATE`` transaction (so a writer never has to
upgrade a read lock, the case SQLite cannot resolve by waiting), SQLite's short busy timeout absorbs ordinary
contention, and a retry with jitter covers the rest for at most ``WAIT_S`` seconds; ``on_wait`` is called once when a
write has waited ``NOTICE_S``, so that the trainee hears why nothing happens. A run is written as it happens (start,
each turn, finish), so a crash or a kill mid-run loses at most the turn being written; a run that cannot be written
because another process holds the lock too long is kept in a pending file beside the database (``pending``) and
merged by the next process that opens it.

Rows are checked as they are read: a damaged one (bad JSON, a bad timestamp, a finished run without a total) is
skipped with one warning in ``Store.warnings`` naming the run, and the others are returned.

Nothing that could fail is attempted before a file is known to be ours and of a schema we understand, so a corrupt,
foreign or newer file is refused untouched.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
import unicodedata
import uuid as uuidlib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from kasuhara_sim import __version__
from kasuhara_sim.store import errors as E
from kasuhara_sim.store import pending as P
from kasuhara_sim.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS

ENV_HOME = "KASUHARA_SIM_HOME"
ENV_SESSION = "KASUHARA_SIM_SESSION"  # the workshop session new runs are tagged with
APP_NAME = "kasuhara-sim"
DB_NAME = "results.sqlite3"
TRAINEE_KEY = "trainee"
MAX_NAME = 64
BUSY_TIMEOUT_S = 0.25  # SQLite's own wait per attempt; the retry loop waits the rest, so that it can speak up
WAIT_S = 10.0  # how long a write waits for another process's lock before giving up
NOTICE_S = 0.5  # after this long, ``on_wait`` says that the results are waiting for the database
MERGE_WAIT_S = 0.5  # merging pending runs never holds up the command that opens the store

# SQLite primary result codes (the low byte of an extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def data_home() -> Path:
    """``KASUHARA_SIM_HOME`` if set, else the platform's user data directory (e.g. ~/.local/share/kasuhara-sim)."""
    env = os.environ.get(ENV_HOME, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def utc_now() -> str:
    """Now as an RFC 3339 UTC timestamp with milliseconds; such strings sort in time order."""
    return format_time(datetime.now(timezone.utc))


def format_time(dt: datetime) -> str:
    dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def normalize_name(name: str) -> str:
    """One spelling per person: NFKC (full-width spaces and letters fold), runs of whitespace become one space."""
    text = " ".join(unicodedata.normalize("NFKC", name or "").split())
    if not text or len(text) > MAX_NAME or any(unicodedata.category(c).startswith("C") for c in text):
        raise E.BadTrainee(name)
    return text


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


class Best(NamedTuple):
    """A trainee's record on one scenario: best finished total (None if never finished), its grade, attempts."""

    total: int | None
    grade: str | None
    attempts: int


@dataclass
class DimensionRecord:
    dimension: str
    label: str
    score: int
    performed: bool
    in_order: bool | None
    first_turn: int | None
    losses: list[dict] = field(default_factory=list)

    @property
    def penalised(self) -> bool:
        return any(loss.get("kind") == "ng" and loss.get("effective", 0) > 0 for loss in self.losses)


@dataclass
class TurnRecord:
    number: int
    at: str
    node: str
    prompt: str | None
    choices: list[str]
    visible: list[int]
    pick: int
    choice_index: int
    text: str
    steps: list[str]
    ng: list[str]
    feedback: str
    anger_before: int
    anger_after: int
    flags_after: list[str]
    next: str
    better_text: str | None
    pressed: list[dict] = field(default_factory=list)  # timed mode: the customer pressed before this reply


@dataclass
class RunRecord:
    id: int
    uuid: str
    trainee: str
    scenario_id: str
    scenario_title: str
    scenario_summary: str
    scenario_sha256: str
    scenario_level: str
    scenario_category: str
    expects: list[str]
    rubric_name: str
    pass_mark: int
    mode: str
    status: str  # in_progress | finished | abandoned
    started_at: str
    ended_at: str | None
    outcome: str | None
    success: bool | None
    passed: bool | None
    total: int | None
    grade: str | None
    turn_count: int
    app_version: str
    seed: int | None = None  # None: shown in the written order (e.g. play --choices without --seed)
    session: str | None = None  # the workshop session (serve --session), None outside one
    free: bool = False  # 自由回答: the replies were typed
    timed: int | None = None  # timed mode: the seconds the customer waited for each reply (None: not timed)
    dimensions: list[DimensionRecord] = field(default_factory=list)
    turns: list[TurnRecord] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.status == "finished"

    @property
    def scores(self) -> dict[str, int]:
        return {d.dimension: d.score for d in self.dimensions}

    @property
    def duration_seconds(self) -> float | None:
        if not self.ended_at:
            return None
        return max(0.0, (parse_time(self.ended_at) - parse_time(self.started_at)).total_seconds())

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        data = asdict(self)
        data["scores"] = self.scores
        data["duration_seconds"] = self.duration_seconds
        if not details:
            data.pop("dimensions")
            data.pop("turns")
        return data


@dataclass
class QuizAnswerRecord:
    number: int
    at: str
    question_id: str
    topic: str
    statement: str
    answer: bool
    given: bool
    correct: bool


@dataclass
class QuizRecord:
    id: int
    uuid: str
    trainee: str
    status: str
    started_at: str
    ended_at: str | None
    planned: int
    seed: int | None
    app_version: str
    answers: list[QuizAnswerRecord] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.answers)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["correct"] = self.correct
        data["answered"] = len(self.answers)
        return data


_RUN_COLUMNS = """r.id, r.uuid, t.name, r.scenario_id, r.scenario_title, r.scenario_summary, r.scenario_sha256,
    r.scenario_level, r.scenario_category, r.expects, r.rubric_name, r.pass_mark, r.mode, r.status, r.started_at,
    r.ended_at, r.outcome, r.success, r.passed, r.total, r.grade, r.turn_count, r.app_version, r.seed, r.session, r.free,
    r.timed"""


def _opt_bool(v) -> bool | None:
    return None if v is None else bool(v)


class Damaged(ValueError):
    """A stored value that cannot be read back (``str``: the column)."""


def _json_list(value, column: str) -> list:
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        raise Damaged(column) from None
    if not isinstance(data, list):
        raise Damaged(column)
    return data


def _time(value, column: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    try:
        parse_time(value)
    except (TypeError, ValueError, AttributeError):
        raise Damaged(column) from None
    return value


def _int(value, column: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise Damaged(column)
    return value


def _run_from_row(row) -> RunRecord:
    (rid, ruuid, name, sid, title, summary, sha, level, cat, expects, rubric, pass_mark, mode, status, started, ended,
     outcome, success, passed, total, grade, turns, app, seed, session, free, timed) = row
    finished = status == "finished"
    if status not in ("finished", "abandoned", "in_progress"):
        raise Damaged("status")
    if finished and not isinstance(grade, str):
        raise Damaged("grade")
    return RunRecord(rid, ruuid, name, sid, title, summary, sha, level, cat, _json_list(expects, "expects"), rubric,
                     _int(pass_mark, "pass_mark"), mode, status, _time(started, "started_at"),
                     _time(ended, "ended_at", optional=not finished), outcome, _opt_bool(success), _opt_bool(passed),
                     _int(total, "total", optional=not finished), grade, _int(turns, "turn_count"), app,
                     _int(seed, "seed", optional=True), session if isinstance(session, str) or session is None
                     else str(session), bool(free), _int(timed, "timed", optional=True))


class Store:
    """The results database. Open with :meth:`open`; every method is one short transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path, home: Path, *, readonly: bool, exists: bool = True,
                 wait: float = WAIT_S, on_wait: Callable[[], None] | None = None):
        self._conn = conn
        self.path = path
        self.home = home
        self.readonly = readonly
        self.exists = exists  # False: read-only view of a database not created yet (always empty)
        self.wait = wait  # seconds a write waits for another process's lock (then DatabaseBusy)
        self.on_wait = on_wait  # called once per wait, after NOTICE_S, from the waiting thread
        self.warnings: list[str] = []  # one line per damaged run skipped while reading
        self._damaged: set[tuple[bool, int]] = set()
        self._lock = threading.Lock()  # one connection, possibly used from a UI worker thread
        self._scenarios: dict[int, Any] = {}  # run id -> Scenario, to describe each turn's node

    # --- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | str | None = None, *, readonly: bool = False, wait: float = WAIT_S,
             on_wait: Callable[[], None] | None = None) -> "Store":
        """Open (and create or upgrade) the database in ``home`` (default: :func:`data_home`).

        ``readonly``: for history, exports and reports. Never creates a file; a missing database reads as empty, and
        a database in a read-only place can still be read. Runs left pending beside the database are merged first
        when the place can be written (never waiting long for it). ``wait`` and ``on_wait``: see the module.
        """
        home = Path(home).expanduser() if home else data_home()
        path = home / DB_NAME
        if home.exists() and not home.is_dir():
            raise E.NotADirectory(home)
        if path.exists() and not path.is_file():
            raise E.CorruptDatabase(path)
        if readonly:
            if P.waiting(home) and os.access(home, os.W_OK):
                try:  # a reader shows the runs kept while the database was locked, once they can be merged
                    cls._open_writable(home, path, wait=MERGE_WAIT_S).close()
                except E.StoreError:
                    pass
            store = cls._open_readonly(home, path)
        else:
            store = cls._open_writable(home, path, wait=wait)
        store.wait, store.on_wait = wait, on_wait
        return store

    @classmethod
    def _connect(cls, uri: str) -> sqlite3.Connection:
        # Autocommit mode: we issue BEGIN/COMMIT ourselves, so no statement ever starts a transaction implicitly.
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        # A flipped byte in a stored text must not make every read fail: it shows as U+FFFD instead.
        conn.text_factory = lambda b: b.decode("utf-8", "replace")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @classmethod
    def _open_writable(cls, home: Path, path: Path, wait: float = WAIT_S) -> "Store":
        try:
            home.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise E.NotADirectory(home) from None
        except OSError as exc:
            raise (E.DiskFull(home) if exc.errno == 28 else E.ReadOnlyLocation(home)) from None
        new = not path.exists()
        if new and not os.access(home, os.W_OK):
            raise E.ReadOnlyLocation(home)
        try:
            conn = cls._connect(path.resolve().as_uri() + "?mode=rwc")
        except sqlite3.Error as exc:
            raise _translate(exc, path, home) from None
        store = cls(conn, path, home, readonly=False, wait=wait)
        try:
            store._prepare_writable()
        except BaseException as exc:
            conn.close()
            if new and isinstance(exc, E.DiskFull):
                _remove_if_empty(path)  # no 0-byte database left behind for the next command to trip on
            raise
        store._merge_pending()
        return store

    @classmethod
    def _open_readonly(cls, home: Path, path: Path) -> "Store":
        if not path.exists():
            return cls._empty(home, path)
        last: E.StoreError | None = None
        # ``immutable`` is the last resort for a WAL database in a place we cannot write, where SQLite cannot create
        # the shared-memory file it needs to read normally.
        for params in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                conn = cls._connect(path.resolve().as_uri() + params)
            except sqlite3.Error as exc:
                last = _translate(exc, path, home)
                continue
            store = cls(conn, path, home, readonly=True)
            try:
                app_id, version, tables = store._inspect()
                store._check(app_id, version, tables)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except E.StoreError as exc:
                conn.close()
                if isinstance(exc, (E.CorruptDatabase, E.ForeignDatabase, E.NewerDatabase)):
                    raise
                last = exc
                continue
            except sqlite3.Error as exc:
                conn.close()
                last = _translate(exc, path, home)
                if isinstance(last, (E.CorruptDatabase,)):
                    raise last from None
                continue
            if version == 0:
                conn.close()
                return cls._empty(home, path)
            if version < LATEST:
                conn.close()
                try:  # an older schema is upgraded once, if we may write here
                    writable = cls._open_writable(home, path)
                except E.ReadOnlyLocation:
                    raise E.OldReadOnlyDatabase(path, version, LATEST) from None
                writable.readonly = True
                return writable
            return store
        assert last is not None
        raise last

    @classmethod
    def _empty(cls, home: Path, path: Path) -> "Store":
        conn = cls._connect("file:kasuhara-empty?mode=memory")
        store = cls(conn, path, home, readonly=True, exists=False)
        store._migrate()
        return store

    def _prepare_writable(self) -> None:
        app_id, version, tables = self._inspect()
        self._check(app_id, version, tables)
        if version:
            self._integrity_check()
        self._retry(self._enable_wal)
        self._migrate()

    def _inspect(self) -> tuple[int, int, int]:
        """Header facts, read without writing anything. A file that is not SQLite fails here.

        One read transaction, so that the three facts come from one moment: read one by one, another process's
        first migration could commit in between and a half-seen new database would look foreign."""

        def read() -> tuple[int, int, int]:
            c = self._conn
            c.execute("BEGIN")
            try:
                app_id = c.execute("PRAGMA application_id").fetchone()[0]
                version = c.execute("PRAGMA user_version").fetchone()[0]
                tables = c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            finally:
                if c.in_transaction:
                    c.execute("COMMIT")
            return app_id, version, tables

        return self._retry(read)

    def _check(self, app_id: int, version: int, tables: int) -> None:
        if app_id == APPLICATION_ID:
            if version > LATEST:
                raise E.NewerDatabase(self.path, version, LATEST)
        elif app_id != 0 or tables or version:
            raise E.ForeignDatabase(self.path)

    def _integrity_check(self) -> None:
        # Writing into a damaged file could spread the damage. integrity_check rather than quick_check: it also
        # finds an index that disagrees with its table (random bytes in an index page can pass quick_check), and
        # costs about the same at this size (25 MB, 3,000 runs: 46 ms against 37 ms).
        result = self._retry(lambda: self._conn.execute("PRAGMA integrity_check(1)").fetchone()[0])
        if result != "ok":
            raise E.CorruptDatabase(self.path)

    def _enable_wal(self) -> None:
        # Some file systems (network shares) cannot do WAL; SQLite then keeps its rollback journal, which is slower
        # under contention but still correct.
        self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL: a committed turn survives a power cut too, and turns arrive at human pace.
        self._conn.execute("PRAGMA synchronous = FULL")

    def _migrate(self) -> None:
        for m in MIGRATIONS:
            def step(c: sqlite3.Connection, m=m) -> None:
                app_id = c.execute("PRAGMA application_id").fetchone()[0]
                version = c.execute("PRAGMA user_version").fetchone()[0]
                tables = c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                self._check(app_id, version, tables)  # again, now that we hold the write lock
                if version >= m.version:
                    return
                if version != m.version - 1:  # pragma: no cover - versions are consecutive by construction
                    raise E.StoreError(f"schema {version} -> {m.version}")
                for sql in m.statements:
                    c.execute(sql)
                c.execute("INSERT INTO schema_migrations (version, name, applied_at, app_version) VALUES (?,?,?,?)",
                          (m.version, m.name, utc_now(), __version__))
                if m.version == 1:
                    c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                c.execute(f"PRAGMA user_version = {m.version}")

            current = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if current < m.version:
                self._write(step, migration=True)

    # --- transactions ----------------------------------------------------------------------------
    def _retry(self, fn: Callable[[], Any]) -> Any:
        start = time.monotonic()
        delay = 0.02
        told = False
        while True:
            try:
                with self._lock:
                    return fn()
            except sqlite3.Error as exc:
                if _code(exc) not in (_BUSY, _LOCKED):
                    raise _translate(exc, self.path, self.home) from None
            except UnicodeDecodeError:  # SQLite's message quotes a damaged schema that is not even UTF-8
                raise E.CorruptDatabase(self.path) from None
            waited = time.monotonic() - start
            if waited >= self.wait:
                raise E.DatabaseBusy(self.path)
            if not told and waited >= NOTICE_S and self.on_wait is not None:
                told = True
                self.on_wait()
            time.sleep(min(delay * random.uniform(0.5, 1.5), max(0.0, self.wait - waited)))
            delay = min(delay * 2, 0.25)

    def _write(self, fn: Callable[[sqlite3.Connection], Any], migration: bool = False) -> Any:
        if self.readonly and not migration:
            raise E.ReadOnlyLocation(self.home)

        def attempt() -> Any:
            c = self._conn
            c.execute("BEGIN IMMEDIATE")
            try:
                result = fn(c)
                c.execute("COMMIT")
            except BaseException as exc:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                if migration and isinstance(exc, sqlite3.Error) and _code(exc) not in (_BUSY, _LOCKED, _FULL,
                                                                                        _READONLY, _IOERR):
                    raise E.StoreError(E.R.err_migration.format(path=self.path, reason=exc)) from None
                raise
            return result

        return self._retry(attempt)

    def _read(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        def attempt() -> Any:
            c = self._conn
            c.execute("BEGIN")  # one snapshot for the whole read, even while others write
            try:
                return fn(c)
            finally:
                if c.in_transaction:
                    c.execute("COMMIT")

        return self._retry(attempt)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- trainees --------------------------------------------------------------------------------
    @staticmethod
    def _trainee_id(c: sqlite3.Connection, name: str) -> int:
        row = c.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()
        if row:
            return row[0]
        return c.execute("INSERT INTO trainees (name, created_at) VALUES (?, ?)", (name, utc_now())).lastrowid

    def trainees(self) -> list[str]:
        return self._read(lambda c: [r[0] for r in c.execute("SELECT name FROM trainees ORDER BY name")])

    def remembered_trainee(self) -> str | None:
        """The name given last time in the screen version on this machine (None: ask)."""
        row = self._read(lambda c: c.execute("SELECT value FROM settings WHERE key = ?", (TRAINEE_KEY,)).fetchone())
        return row[0] if row else None

    def remember_trainee(self, name: str) -> str:
        name = normalize_name(name)

        def fn(c):
            self._trainee_id(c, name)
            c.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (TRAINEE_KEY, name))

        self._write(fn)
        return name

    # --- runs ------------------------------------------------------------------------------------
    # Each write is built from plain column dicts (``run_entry`` and friends, below the class), so that a run kept in a
    # pending file is merged later exactly as it would have been written now.
    def start_run(self, trainee: str, loaded, mode: str = "practice", rubric=None, *,
                  started_at: str | None = None, seed: int | None = None, uuid: str | None = None,
                  session: str | None = None, free: bool = False, timed: int | None = None) -> int:
        """Record the start of a run of ``loaded`` (a LoadedScenario); returns the run id for the calls below.
        ``uuid``: chosen by the caller, who may then keep the run pending under the same identity.
        ``session``: the workshop session; by default ``KASUHARA_SIM_SESSION``, so every front end tags its runs."""
        name = normalize_name(trainee)
        cols = run_columns(loaded, mode, rubric, started_at=started_at, seed=seed, uuid=uuid, session=session,
                           free=free, timed=timed)

        def fn(c):
            return _insert(c, "runs", {**cols, "trainee_id": self._trainee_id(c, name)})

        run_id = self._write(fn)
        self._scenarios[run_id] = loaded.scenario
        return run_id

    def run_uuid(self, run_id: int) -> str:
        row = self._read(lambda c: c.execute("SELECT uuid FROM runs WHERE id = ?", (run_id,)).fetchone())
        if row is None:
            raise E.UnknownRun(run_id)
        return row[0]

    def record_turn(self, run_id: int, turn, *, at: str | None = None, scenario=None) -> None:
        """Record one reply (an engine Turn) as soon as it is chosen."""
        cols = turn_columns(turn, scenario or self._scenarios.get(run_id), at=at)

        def fn(c):
            self._require_run(c, run_id)
            _insert(c, "turns", {**cols, "run_id": run_id}, replace=True)
            c.execute("UPDATE runs SET turn_count = max(turn_count, ?) WHERE id = ?", (turn.number, run_id))

        self._write(fn)

    def finish_run(self, run_id: int, report, *, at: str | None = None) -> None:
        """Record the end of a run with its ScoreReport (an unfinished report records an abandoned run)."""
        self._end(run_id, report, "finished" if report.finished else "abandoned", at)

    def abandon_run(self, run_id: int, report=None, *, at: str | None = None) -> None:
        """Record that the trainee left the run before an ending; ``report`` (optional) is the partial score."""
        self._end(run_id, report, "abandoned", at)

    def _end(self, run_id: int, report, status: str, at: str | None) -> None:
        def fn(c):
            pass_mark = self._require_run(c, run_id)[1]
            _apply_end(c, run_id, end_columns(report, status, pass_mark, at=at))

        self._write(fn)
        self._scenarios.pop(run_id, None)

    def add_better_replies(self, run_id: int, report) -> None:
        """After the finish is recorded: the full report, with the better reply at each turn (searched afterwards,
        because the search can take seconds and the finish must not wait for it)."""

        def fn(c):
            self._require_run(c, run_id)
            c.execute("UPDATE runs SET report = ? WHERE id = ?",
                      (json.dumps(report.to_dict(), ensure_ascii=False), run_id))
            c.executemany("UPDATE turns SET better_text = ? WHERE run_id = ? AND number = ?",
                          [(r.better_text, run_id, r.turn) for r in report.turns])

        self._write(fn)

    def record_run(self, trainee: str, loaded, run, report, mode: str = "practice", rubric=None) -> int:
        """A whole run played elsewhere (``play --choices``), in one transaction."""
        entry = run_entry(trainee, loaded, [(t, None) for t in run.transcript], report, mode, rubric,
                          seed=getattr(run, "seed", None),
                          free=any(getattr(t, "free", False) for t in run.transcript),
                          timed=getattr(run, "timed", None))
        return self.write_entry(entry)

    def write_entry(self, entry: dict) -> int:
        """Write a :func:`run_entry` in one transaction (idempotent by its uuid); returns the run id."""
        return self._write(lambda c: self._merge_entry(c, entry))

    @staticmethod
    def _require_run(c: sqlite3.Connection, run_id: int) -> tuple:
        row = c.execute("SELECT id, pass_mark FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise E.UnknownRun(run_id)
        return row

    # --- runs kept while the database was locked -------------------------------------------------
    @staticmethod
    def keep_pending(entry: dict, home: Path | str | None = None) -> Path:
        """Keep a run (a :func:`run_entry`) in a pending file beside the database, for the next process to merge."""
        home = Path(home).expanduser() if home else data_home()
        try:
            return P.keep(home, entry)
        except OSError as exc:
            if exc.errno == 28:
                raise E.DiskFull(home) from None
            raise E.StoreError(E.R.err_write_file.format(path=home, reason=exc.strerror or exc)) from None

    def _merge_entry(self, c: sqlite3.Connection, entry: dict) -> int:
        """Write one run entry; idempotent by uuid: a run already ended is left as it is, one still in progress (its
        start written before the lock) is completed."""
        cols = dict(entry["run"])
        row = c.execute("SELECT id, status FROM runs WHERE uuid = ?", (cols["uuid"],)).fetchone()
        if row is not None and row[1] != "in_progress":
            return row[0]
        tid = self._trainee_id(c, normalize_name(entry["trainee"]))
        if row is None:
            run_id = _insert(c, "runs", {**cols, "trainee_id": tid})
        else:
            run_id = row[0]
            c.execute("DELETE FROM turns WHERE run_id = ?", (run_id,))
        for t in entry["turns"]:
            _insert(c, "turns", {**t, "run_id": run_id})
        c.execute("UPDATE runs SET turn_count = ? WHERE id = ?", (len(entry["turns"]), run_id))
        if entry.get("end"):
            _apply_end(c, run_id, entry["end"])
        return run_id

    def _merge_pending(self) -> None:
        """Merge the runs kept pending beside the database, each file in one transaction, then delete the file.
        Never holds up the opening: a file that cannot be merged now (locked, damaged) stays for the next time."""
        files = P.waiting(self.home)
        if not files:
            return
        wait, on_wait = self.wait, self.on_wait
        self.wait, self.on_wait = min(self.wait, MERGE_WAIT_S), None
        try:
            for f in files:
                try:
                    entries = P.read(f)
                    self._write(lambda c: [self._merge_entry(c, e) for e in entries])
                except (E.StoreError, OSError, ValueError, KeyError, TypeError):
                    continue
                P.remove(f)
        finally:
            self.wait, self.on_wait = wait, on_wait

    # --- reading runs ----------------------------------------------------------------------------
    def run(self, run_id: int) -> RunRecord:
        runs = self.history(run_ids=[run_id], details=True)
        if not runs:
            raise E.UnknownRun(run_id)
        return runs[0]

    def history(self, trainee: str | None = None, *, scenario: str | None = None, since: str | None = None,
                status: Iterable[str] | None = None, details: bool = False, newest_first: bool = True,
                limit: int | None = None, run_ids: Iterable[int] | None = None, session: str | None = None,
                until: str | None = None, mode: str | None = None) -> list[RunRecord]:
        """Runs, newest first, optionally of one trainee / scenario / session / mode, started since / before a
        timestamp; ``details`` adds dimension scores and turns."""
        where, params = [], []
        if trainee is not None:
            where.append("t.name = ?")
            params.append(normalize_name(trainee))
        if scenario is not None:
            where.append("r.scenario_id = ?")
            params.append(scenario)
        if since is not None:
            where.append("r.started_at >= ?")
            params.append(since)
        for column, value, op in (("r.session", session, "="), ("r.mode", mode, "="), ("r.started_at", until, "<")):
            if value is not None:
                where.append(f"{column} {op} ?")
                params.append(value)
        if status is not None:
            st = list(status)
            where.append(f"r.status IN ({','.join('?' * len(st))})")
            params += st
        if run_ids is not None:
            ids = [int(i) for i in run_ids]
            where.append(f"r.id IN ({','.join('?' * len(ids))})" if ids else "0")
            params += ids
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        order = "DESC" if newest_first else "ASC"
        lim = f" LIMIT {int(limit)}" if limit else ""
        base = f"FROM runs r JOIN trainees t ON t.id = r.trainee_id {clause}"

        def fn(c):
            runs = []
            for row in c.execute(f"SELECT {_RUN_COLUMNS} {base} ORDER BY r.started_at {order}, r.id {order}{lim}",
                                 params):
                try:
                    runs.append(_run_from_row(row))
                except Damaged as exc:
                    self._skip(row[0], row[1], f"runs.{exc}")
            if not details or not runs:
                return runs
            by_id = {r.id: r for r in runs}
            bad: set[int] = set()
            picked = f"SELECT r.id {base}"
            dims_sql = f"""SELECT run_id, dimension, label, score, performed, in_order, first_turn, losses
                           FROM run_dimensions WHERE run_id IN ({picked}) ORDER BY run_id, position"""
            for row in c.execute(dims_sql, params):
                if row[0] in by_id and row[0] not in bad:
                    try:
                        by_id[row[0]].dimensions.append(DimensionRecord(
                            row[1], row[2], _int(row[3], "score"), bool(row[4]), _opt_bool(row[5]),
                            _int(row[6], "first_turn", optional=True), _json_list(row[7], "losses")))
                    except Damaged as exc:
                        bad.add(row[0])
                        self._skip(row[0], by_id[row[0]].uuid, f"run_dimensions.{exc}")
            turns_sql = f"""SELECT run_id, number, at, node, prompt, choices, visible, pick, choice_index, text, steps,
                            ng, feedback, anger_before, anger_after, flags_after, next, better_text, pressed
                            FROM turns WHERE run_id IN ({picked}) ORDER BY run_id, number"""
            for row in c.execute(turns_sql, params):
                if row[0] in by_id and row[0] not in bad:
                    try:
                        by_id[row[0]].turns.append(TurnRecord(
                            row[1], _time(row[2], "at"), row[3], row[4], _json_list(row[5], "choices"),
                            _json_list(row[6], "visible"), row[7], row[8], row[9], _json_list(row[10], "steps"),
                            _json_list(row[11], "ng"), row[12], row[13], row[14], _json_list(row[15], "flags_after"),
                            row[16], row[17], [] if row[18] is None else _json_list(row[18], "pressed")))
                    except Damaged as exc:
                        bad.add(row[0])
                        self._skip(row[0], by_id[row[0]].uuid, f"turns.{exc}")
            return [r for r in runs if r.id not in bad]

        return self._read(fn)

    def _skip(self, run_id: int, run_uuid: str, where: str) -> None:
        """A damaged run is left out of what is read, with one warning per run for the whole life of the store."""
        key = (where.split(".")[0] == "quizzes", run_id)
        if key not in self._damaged:
            self._damaged.add(key)
            self.warnings.append(E.R.warn_damaged_run.format(id=run_id, uuid=run_uuid, where=where, path=self.path))

    def best_scores(self, trainee: str) -> dict[str, Best]:
        """{scenario id: Best(best finished total, its grade, attempts)} for one trainee; attempts are the runs
        played to an ending (what a trainee counts as "times played"), not those left part-way."""
        name = normalize_name(trainee)

        def fn(c):
            out: dict[str, Best] = {}
            rows = c.execute("""SELECT r.scenario_id, r.status, r.total, r.grade FROM runs r
                                JOIN trainees t ON t.id = r.trainee_id WHERE t.name = ?
                                ORDER BY r.started_at""", (name,))
            for sid, status, total, grade in rows:
                best = out.get(sid, Best(None, None, 0))
                if status == "finished" and isinstance(total, int) and (best.total is None or total > best.total):
                    best = Best(total, grade, best.attempts)
                out[sid] = best._replace(attempts=best.attempts + (status == "finished"))
            return out

        return self._read(fn)

    # --- runs left behind ------------------------------------------------------------------------
    def close_stale_runs(self, trainee: str, *, at: str | None = None) -> int:
        """Mark the trainee's runs still under way as abandoned (a run whose process was killed stays in_progress
        otherwise, shown as 未完了 forever); called when the same trainee starts a new run. Returns how many."""
        name = normalize_name(trainee)

        def fn(c):
            return c.execute(
                """UPDATE runs SET status = 'abandoned', ended_at = ? WHERE status = 'in_progress'
                   AND trainee_id = (SELECT id FROM trainees WHERE name = ?)""", (at or utc_now(), name)).rowcount

        return self._write(fn)

    # --- quiz ------------------------------------------------------------------------------------
    def start_quiz(self, trainee: str, planned: int, seed: int | None = None, *, started_at: str | None = None) -> int:
        name = normalize_name(trainee)

        def fn(c):
            tid = self._trainee_id(c, name)
            return c.execute("""INSERT INTO quizzes (uuid, trainee_id, started_at, planned, seed, app_version)
                                VALUES (?,?,?,?,?,?)""",
                             (str(uuidlib.uuid4()), tid, started_at or utc_now(), planned, seed, __version__)).lastrowid

        return self._write(fn)

    def record_answer(self, quiz_id: int, number: int, question, given: bool, *, at: str | None = None) -> None:
        """One ○× answer (``question`` is a quiz Question), written as soon as it is given."""

        def fn(c):
            if c.execute("SELECT 1 FROM quizzes WHERE id = ?", (quiz_id,)).fetchone() is None:
                raise E.UnknownRun(quiz_id)
            c.execute("""INSERT OR REPLACE INTO quiz_answers (quiz_id, number, at, question_id, topic, statement,
                         answer, given, correct) VALUES (?,?,?,?,?,?,?,?,?)""",
                      (quiz_id, number, at or utc_now(), question.id, question.topic, question.statement,
                       int(question.answer), int(given), int(given == question.answer)))

        self._write(fn)

    def finish_quiz(self, quiz_id: int, *, abandoned: bool = False, at: str | None = None) -> None:
        def fn(c):
            if c.execute("UPDATE quizzes SET status = ?, ended_at = ? WHERE id = ?",
                         ("abandoned" if abandoned else "finished", at or utc_now(), quiz_id)).rowcount == 0:
                raise E.UnknownRun(quiz_id)

        self._write(fn)

    def quizzes(self, trainee: str | None = None, *, since: str | None = None) -> list[QuizRecord]:
        where, params = [], []
        if trainee is not None:
            where.append("t.name = ?")
            params.append(normalize_name(trainee))
        if since is not None:
            where.append("q.started_at >= ?")
            params.append(since)
        clause = ("WHERE " + " AND ".join(where)) if where else ""

        def fn(c):
            out = []
            for row in c.execute(
                    f"""SELECT q.id, q.uuid, t.name, q.status, q.started_at, q.ended_at, q.planned, q.seed, q.app_version
                        FROM quizzes q JOIN trainees t ON t.id = q.trainee_id {clause}
                        ORDER BY q.started_at DESC, q.id DESC""", params):
                try:
                    _time(row[4], "started_at")
                    _time(row[5], "ended_at", optional=True)
                    _int(row[6], "planned")
                    out.append(QuizRecord(*row))
                except Damaged as exc:
                    self._skip(row[0], row[1], f"quizzes.{exc}")
            by_id = {q.id: q for q in out}
            for row in c.execute(f"""SELECT a.quiz_id, a.number, a.at, a.question_id, a.topic, a.statement, a.answer,
                                     a.given, a.correct FROM quiz_answers a JOIN quizzes q ON q.id = a.quiz_id
                                     JOIN trainees t ON t.id = q.trainee_id {clause} ORDER BY a.quiz_id, a.number""",
                                 params):
                if row[0] not in by_id:
                    continue
                by_id[row[0]].answers.append(QuizAnswerRecord(row[1], row[2], row[3], row[4], row[5], bool(row[6]),
                                                              bool(row[7]), bool(row[8])))
            return out

        return self._read(fn)

    def schema_version(self) -> int:
        return self._read(lambda c: c.execute("PRAGMA user_version").fetchone()[0])


def _j(value) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def _b(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


# --- rows as plain column dicts: written now, or kept pending and merged later ------------------------------------
def run_columns(loaded, mode: str, rubric=None, *, started_at: str | None = None, seed: int | None = None,
                uuid: str | None = None, session: str | None = None, free: bool = False,
                timed: int | None = None) -> dict:
    from kasuhara_sim.scoring import default_rubric

    if mode not in ("practice", "test"):
        raise ValueError(mode)
    rub = rubric or default_rubric()
    sc = loaded.scenario
    return {"uuid": uuid or str(uuidlib.uuid4()), "scenario_id": sc.id, "scenario_title": sc.title,
            "scenario_summary": sc.summary, "scenario_sha256": loaded.sha256, "scenario_level": sc.level,
            "scenario_category": sc.category, "expects": json.dumps(list(sc.expected)), "rubric_name": rub.name or "",
            "pass_mark": rub.passing, "mode": mode, "started_at": started_at or utc_now(), "app_version": __version__,
            "seed": seed, "session": (session if session is not None else os.environ.get(ENV_SESSION, "")).strip() or None,
            "free": 1 if free else None, "timed": timed}


def turn_columns(turn, scenario=None, *, at: str | None = None) -> dict:
    node = scenario.nodes.get(turn.node) if scenario is not None else None
    # The line as shown in this run (its variant); older callers' turns without one fall back to the first.
    prompt = getattr(turn, "say", None) or (node.say if node is not None else None)
    choices = [ch.text for ch in (node.choices or ())] if node is not None else []
    return {"number": turn.number, "at": at or utc_now(), "node": turn.node, "prompt": prompt, "choices": _j(choices),
            "visible": _j(turn.visible), "pick": turn.pick, "choice_index": turn.choice_index, "text": turn.text,
            "steps": _j(turn.steps), "ng": _j(turn.ng), "feedback": turn.feedback, "anger_before": turn.anger_before,
            "anger_after": turn.anger_after, "flags_after": _j(turn.flags_after), "next": turn.next,
            "reaction": getattr(turn, "reaction", None),
            "pressed": json.dumps(list(turn.pressed), ensure_ascii=False) if getattr(turn, "pressed", None) else None}


def end_columns(report, status: str, pass_mark: int, *, at: str | None = None) -> dict:
    """The end of a run: {"run": columns of runs, "dimensions": rows, "better": [(turn, text)]}."""
    if report is None:
        return {"run": {"status": status, "ended_at": at or utc_now()}, "dimensions": None, "better": []}
    finished = status == "finished"
    success = report.success if finished else None
    passed = bool(success and report.total >= pass_mark) if finished else None
    run = {"status": status, "ended_at": at or utc_now(), "outcome": report.outcome if finished else None,
           "success": _b(success), "passed": _b(passed), "total": report.total, "grade": report.grade,
           "report": json.dumps(report.to_dict(), ensure_ascii=False)}
    dims = [{"position": i, "dimension": d.dimension, "label": d.label, "score": d.score,
             "performed": int(d.performed), "in_order": _b(d.in_order), "first_turn": d.first_turn,
             "losses": json.dumps([asdict(x) for x in d.losses], ensure_ascii=False)}
            for i, d in enumerate(report.dimensions)]
    return {"run": run, "dimensions": dims, "better": [(r.turn, r.better_text) for r in report.turns]}


def run_entry(trainee: str, loaded, turns, report, mode: str = "practice", rubric=None, *, seed: int | None = None,
              uuid: str | None = None, started_at: str | None = None, ended_at: str | None = None,
              free: bool = False, timed: int | None = None) -> dict:
    """A whole run as one JSON-ready dict (``turns``: [(engine Turn, time or None)]), to write in one transaction or
    to keep pending. ``uuid`` and ``started_at``: those of a run whose start is already stored."""
    from kasuhara_sim.scoring import default_rubric

    rub = rubric or default_rubric()
    status = "in_progress" if report is None else "finished" if report.finished else "abandoned"
    return {"trainee": normalize_name(trainee),
            "run": run_columns(loaded, mode, rub, started_at=started_at, seed=seed, uuid=uuid, free=free, timed=timed),
            "turns": [turn_columns(t, loaded.scenario, at=at) for t, at in turns],
            "end": None if report is None else end_columns(report, status, rub.passing, at=ended_at)}


# Column names come from a pending file too: only these may ever reach the SQL text.
_COLUMNS = {
    "runs": {"uuid", "trainee_id", "scenario_id", "scenario_title", "scenario_summary", "scenario_sha256",
             "scenario_level", "scenario_category", "expects", "rubric_name", "pass_mark", "mode", "started_at",
             "app_version", "seed", "session", "free", "timed", "status", "ended_at", "outcome", "success", "passed", "total", "grade",
             "report"},
    "turns": {"run_id", "number", "at", "node", "prompt", "choices", "visible", "pick", "choice_index", "text", "steps",
              "ng", "feedback", "anger_before", "anger_after", "flags_after", "next", "reaction", "pressed"},
    "run_dimensions": {"run_id", "position", "dimension", "label", "score", "performed", "in_order", "first_turn",
                       "losses"},
}


def _names(table: str, cols: dict) -> list[str]:
    names = list(cols)
    if not set(names) <= _COLUMNS[table]:
        raise KeyError(sorted(set(names) - _COLUMNS[table]))
    return names


def _insert(c: sqlite3.Connection, table: str, cols: dict, *, replace: bool = False) -> int:
    names = _names(table, cols)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    return c.execute(f"{verb} INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                     [cols[n] for n in names]).lastrowid


def _apply_end(c: sqlite3.Connection, run_id: int, end: dict) -> None:
    run = end["run"]
    names = _names("runs", run)
    c.execute(f"UPDATE runs SET {', '.join(f'{k} = ?' for k in names)} WHERE id = ?", [*map(run.get, names), run_id])
    if end["dimensions"] is None:
        return
    c.execute("DELETE FROM run_dimensions WHERE run_id = ?", (run_id,))
    for d in end["dimensions"]:
        _insert(c, "run_dimensions", {**d, "run_id": run_id})
    c.executemany("UPDATE turns SET better_text = ? WHERE run_id = ? AND number = ?",
                  [(text, run_id, number) for number, text in end["better"]])


def _remove_if_empty(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
              path.with_name(path.name + "-journal")):
        try:
            if p.stat().st_size == 0 or p != path and not path.exists():
                p.unlink()
        except OSError:
            pass


def _disk_full(home: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(home).free < 256 * 1024
    except OSError:
        return False


def _translate(exc: sqlite3.Error, path: Path, home: Path) -> E.StoreError:
    """One clear message for a SQLite failure."""
    code = _code(exc)
    if code in (_NOTADB, _CORRUPT):
        return E.CorruptDatabase(path)
    if code == _FULL:
        return E.DiskFull(path)
    if code in (_BUSY, _LOCKED):
        return E.DatabaseBusy(path)
    if code == _READONLY:
        return E.ReadOnlyLocation(home)
    if code == _CANTOPEN:
        if not os.access(home, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            return E.ReadOnlyLocation(home)
        return E.StoreError(E.R.err_io.format(path=path, reason=exc))
    if code == _IOERR:
        # A full disk often surfaces as an I/O error (the WAL or its index could not grow), not as SQLITE_FULL.
        return E.DiskFull(path) if _disk_full(home) else E.StoreError(E.R.err_io.format(path=path, reason=exc))
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return E.CorruptDatabase(path)
    return E.StoreError(E.R.err_io.format(path=path, reason=exc))

"""The results database: one SQLite file under the user data directory (or ``KASUHARA_SIM_HOME``).

Written for a workshop on a shared machine: many trainees' processes write to one file at once. WAL lets readers
and one writer proceed together; every write is one short ``BEGIN IMMEDIATE`` transaction (so a writer never has to
upgrade a read lock, the case SQLite cannot resolve by waiting), SQLite's busy timeout absorbs ordinary contention,
and a bounded retry with jitter covers the rest. A run is written as it happens (start, each turn, finish), so a
crash or a kill mid-run loses at most the turn being written.

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
from kasuhara_sim.store.migrations import APPLICATION_ID, LATEST, MIGRATIONS

ENV_HOME = "KASUHARA_SIM_HOME"
APP_NAME = "kasuhara-sim"
DB_NAME = "results.sqlite3"
TRAINEE_KEY = "trainee"
MAX_NAME = 64
BUSY_TIMEOUT_S = 5.0
RETRIES = 10

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
    r.ended_at, r.outcome, r.success, r.passed, r.total, r.grade, r.turn_count, r.app_version, r.seed"""


def _opt_bool(v) -> bool | None:
    return None if v is None else bool(v)


def _run_from_row(row) -> RunRecord:
    (rid, ruuid, name, sid, title, summary, sha, level, cat, expects, rubric, pass_mark, mode, status, started, ended,
     outcome, success, passed, total, grade, turns, app, seed) = row
    return RunRecord(rid, ruuid, name, sid, title, summary, sha, level, cat, json.loads(expects), rubric, pass_mark,
                     mode, status, started, ended, outcome, _opt_bool(success), _opt_bool(passed), total, grade,
                     turns, app, seed)


class Store:
    """The results database. Open with :meth:`open`; every method is one short transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path, home: Path, *, readonly: bool, exists: bool = True):
        self._conn = conn
        self.path = path
        self.home = home
        self.readonly = readonly
        self.exists = exists  # False: read-only view of a database not created yet (always empty)
        self._lock = threading.Lock()  # one connection, possibly used from a UI worker thread
        self._scenarios: dict[int, Any] = {}  # run id -> Scenario, to describe each turn's node

    # --- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | str | None = None, *, readonly: bool = False) -> "Store":
        """Open (and create or upgrade) the database in ``home`` (default: :func:`data_home`).

        ``readonly``: for history, exports and reports. Never creates a file; a missing database reads as empty, and
        a database in a read-only place can still be read.
        """
        home = Path(home).expanduser() if home else data_home()
        path = home / DB_NAME
        if home.exists() and not home.is_dir():
            raise E.NotADirectory(home)
        if path.exists() and not path.is_file():
            raise E.CorruptDatabase(path)
        if readonly:
            return cls._open_readonly(home, path)
        return cls._open_writable(home, path)

    @classmethod
    def _connect(cls, uri: str) -> sqlite3.Connection:
        # Autocommit mode: we issue BEGIN/COMMIT ourselves, so no statement ever starts a transaction implicitly.
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @classmethod
    def _open_writable(cls, home: Path, path: Path) -> "Store":
        try:
            home.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise E.NotADirectory(home) from None
        except OSError as exc:
            raise (E.DiskFull(home) if exc.errno == 28 else E.ReadOnlyLocation(home)) from None
        if not path.exists() and not os.access(home, os.W_OK):
            raise E.ReadOnlyLocation(home)
        try:
            conn = cls._connect(path.resolve().as_uri() + "?mode=rwc")
        except sqlite3.Error as exc:
            raise _translate(exc, path, home) from None
        store = cls(conn, path, home, readonly=False)
        try:
            store._prepare_writable()
        except BaseException:
            conn.close()
            raise
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
            self._quick_check()
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

    def _quick_check(self) -> None:
        # Cheap for a results file; writing into a damaged file could spread the damage.
        result = self._retry(lambda: self._conn.execute("PRAGMA quick_check(1)").fetchone()[0])
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
        delay = 0.02
        for attempt in range(RETRIES):
            try:
                with self._lock:
                    return fn()
            except sqlite3.Error as exc:
                if _code(exc) not in (_BUSY, _LOCKED) or attempt == RETRIES - 1:
                    raise _translate(exc, self.path, self.home) from None
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 1.0)
        raise E.DatabaseBusy(self.path)  # pragma: no cover - the loop returns or raises

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
    def start_run(self, trainee: str, loaded, mode: str = "practice", rubric=None, *,
                  started_at: str | None = None, seed: int | None = None) -> int:
        """Record the start of a run of ``loaded`` (a LoadedScenario); returns the run id for the calls below."""
        from kasuhara_sim.scoring import default_rubric

        name = normalize_name(trainee)
        if mode not in ("practice", "test"):
            raise ValueError(mode)
        rub = rubric or default_rubric()
        sc = loaded.scenario

        def fn(c):
            tid = self._trainee_id(c, name)
            return c.execute(
                """INSERT INTO runs (uuid, trainee_id, scenario_id, scenario_title, scenario_summary, scenario_sha256,
                   scenario_level, scenario_category, expects, rubric_name, pass_mark, mode, started_at, app_version, seed)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (str(uuidlib.uuid4()), tid, sc.id, sc.title, sc.summary, loaded.sha256, sc.level, sc.category,
                 json.dumps(list(sc.expected)), rub.name or "", rub.passing, mode,
                 started_at or utc_now(), __version__, seed)).lastrowid

        run_id = self._write(fn)
        self._scenarios[run_id] = sc
        return run_id

    def record_turn(self, run_id: int, turn, *, at: str | None = None, scenario=None) -> None:
        """Record one reply (an engine Turn) as soon as it is chosen."""
        sc = scenario or self._scenarios.get(run_id)
        node = sc.nodes.get(turn.node) if sc is not None else None
        # The line as shown in this run (its variant); older callers' turns without one fall back to the first.
        prompt = getattr(turn, "say", None) or (node.say if node is not None else None)
        choices = [ch.text for ch in (node.choices or ())] if node is not None else []

        def fn(c):
            self._require_run(c, run_id)
            c.execute(
                """INSERT OR REPLACE INTO turns (run_id, number, at, node, prompt, choices, visible, pick, choice_index,
                   text, steps, ng, feedback, anger_before, anger_after, flags_after, next, reaction)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (run_id, turn.number, at or utc_now(), turn.node, prompt, _j(choices), _j(turn.visible), turn.pick,
                 turn.choice_index, turn.text, _j(turn.steps), _j(turn.ng), turn.feedback, turn.anger_before,
                 turn.anger_after, _j(turn.flags_after), turn.next, getattr(turn, "reaction", None)))
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
            if report is None:
                c.execute("UPDATE runs SET status = ?, ended_at = ? WHERE id = ?", (status, at or utc_now(), run_id))
                self._scenarios.pop(run_id, None)
                return
            finished = status == "finished"
            success = report.success if finished else None
            passed = bool(success and report.total >= pass_mark) if finished else None
            c.execute(
                """UPDATE runs SET status = ?, ended_at = ?, outcome = ?, success = ?, passed = ?, total = ?, grade = ?,
                   report = ? WHERE id = ?""",
                (status, at or utc_now(), report.outcome if finished else None, _b(success), _b(passed), report.total,
                 report.grade, json.dumps(report.to_dict(), ensure_ascii=False), run_id))
            c.execute("DELETE FROM run_dimensions WHERE run_id = ?", (run_id,))
            c.executemany(
                """INSERT INTO run_dimensions (run_id, position, dimension, label, score, performed, in_order,
                   first_turn, losses) VALUES (?,?,?,?,?,?,?,?,?)""",
                [(run_id, i, d.dimension, d.label, d.score, int(d.performed), _b(d.in_order), d.first_turn,
                  json.dumps([asdict(x) for x in d.losses], ensure_ascii=False))
                 for i, d in enumerate(report.dimensions)])
            c.executemany("UPDATE turns SET better_text = ? WHERE run_id = ? AND number = ?",
                          [(r.better_text, run_id, r.turn) for r in report.turns])
            self._scenarios.pop(run_id, None)

        self._write(fn)

    def record_run(self, trainee: str, loaded, run, report, mode: str = "practice", rubric=None) -> int:
        """A whole run played elsewhere (``play --choices``): start, every turn, end, as the screen version does."""
        run_id = self.start_run(trainee, loaded, mode, rubric, seed=getattr(run, "seed", None))
        for turn in run.transcript:
            self.record_turn(run_id, turn)
        self.finish_run(run_id, report)
        return run_id

    @staticmethod
    def _require_run(c: sqlite3.Connection, run_id: int) -> tuple:
        row = c.execute("SELECT id, pass_mark FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise E.UnknownRun(run_id)
        return row

    # --- reading runs ----------------------------------------------------------------------------
    def run(self, run_id: int) -> RunRecord:
        runs = self.history(run_ids=[run_id], details=True)
        if not runs:
            raise E.UnknownRun(run_id)
        return runs[0]

    def history(self, trainee: str | None = None, *, scenario: str | None = None, since: str | None = None,
                status: Iterable[str] | None = None, details: bool = False, newest_first: bool = True,
                limit: int | None = None, run_ids: Iterable[int] | None = None) -> list[RunRecord]:
        """Runs, newest first, optionally of one trainee / scenario / since a timestamp; ``details`` adds
        dimension scores and turns."""
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
            runs = [_run_from_row(row) for row in
                    c.execute(f"SELECT {_RUN_COLUMNS} {base} ORDER BY r.started_at {order}, r.id {order}{lim}", params)]
            if not details or not runs:
                return runs
            by_id = {r.id: r for r in runs}
            picked = f"SELECT r.id {base}"
            dims_sql = f"""SELECT run_id, dimension, label, score, performed, in_order, first_turn, losses
                           FROM run_dimensions WHERE run_id IN ({picked}) ORDER BY run_id, position"""
            for row in c.execute(dims_sql, params):
                if row[0] in by_id:
                    by_id[row[0]].dimensions.append(DimensionRecord(row[1], row[2], row[3], bool(row[4]),
                                                                    _opt_bool(row[5]), row[6], json.loads(row[7])))
            turns_sql = f"""SELECT run_id, number, at, node, prompt, choices, visible, pick, choice_index, text, steps,
                            ng, feedback, anger_before, anger_after, flags_after, next, better_text
                            FROM turns WHERE run_id IN ({picked}) ORDER BY run_id, number"""
            for row in c.execute(turns_sql, params):
                if row[0] in by_id:
                    by_id[row[0]].turns.append(TurnRecord(
                        row[1], row[2], row[3], row[4], json.loads(row[5]), json.loads(row[6]), row[7], row[8], row[9],
                        json.loads(row[10]), json.loads(row[11]), row[12], row[13], row[14], json.loads(row[15]),
                        row[16], row[17]))
            return runs

        return self._read(fn)

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
                if status == "finished" and total is not None and (best.total is None or total > best.total):
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
            out = [QuizRecord(*row) for row in c.execute(
                f"""SELECT q.id, q.uuid, t.name, q.status, q.started_at, q.ended_at, q.planned, q.seed, q.app_version
                    FROM quizzes q JOIN trainees t ON t.id = q.trainee_id {clause}
                    ORDER BY q.started_at DESC, q.id DESC""", params)]
            by_id = {q.id: q for q in out}
            for row in c.execute(f"""SELECT a.quiz_id, a.number, a.at, a.question_id, a.topic, a.statement, a.answer,
                                     a.given, a.correct FROM quiz_answers a JOIN quizzes q ON q.id = a.quiz_id
                                     JOIN trainees t ON t.id = q.trainee_id {clause} ORDER BY a.quiz_id, a.number""",
                                 params):
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
        return E.StoreError(E.R.err_io.format(path=path, reason=exc))
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return E.CorruptDatabase(path)
    return E.StoreError(E.R.err_io.format(path=path, reason=exc))

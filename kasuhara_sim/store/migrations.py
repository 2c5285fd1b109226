"""Versioned schema of the results database.

``PRAGMA user_version`` is the schema version (0: empty file); ``schema_migrations`` records when each step ran.
Each migration runs inside one ``BEGIN IMMEDIATE`` transaction together with the version bump, so a crash mid-way
leaves the previous version intact, and two processes opening a fresh file at once cannot both apply it.
Never edit a released migration: append a new one.

``PRAGMA application_id`` marks the file as ours, so that a foreign SQLite file is refused instead of changed.
"""

from __future__ import annotations

from dataclasses import dataclass

APPLICATION_ID = 0x4B534D31  # "KSM1"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", (
        """CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            app_version TEXT NOT NULL
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE trainees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        )""",
        # One row per attempt. The scenario's title, summary, level and expected dimensions are copied at start, so
        # that the history and the reports stay readable after a scenario file is edited or removed.
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            scenario_id TEXT NOT NULL,
            scenario_title TEXT NOT NULL,
            scenario_summary TEXT NOT NULL,
            scenario_sha256 TEXT NOT NULL,
            scenario_level TEXT NOT NULL,
            scenario_category TEXT NOT NULL,
            expects TEXT NOT NULL,
            rubric_name TEXT NOT NULL,
            pass_mark INTEGER NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('practice', 'test')),
            status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'finished', 'abandoned')),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            outcome TEXT,
            success INTEGER,
            passed INTEGER,
            total INTEGER,
            grade TEXT,
            turn_count INTEGER NOT NULL DEFAULT 0,
            report TEXT,
            app_version TEXT NOT NULL
        )""",
        "CREATE INDEX runs_by_trainee ON runs (trainee_id, scenario_id, started_at)",
        "CREATE INDEX runs_by_start ON runs (started_at)",
        """CREATE TABLE run_dimensions (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            dimension TEXT NOT NULL,
            label TEXT NOT NULL,
            score INTEGER NOT NULL,
            performed INTEGER NOT NULL,
            in_order INTEGER,
            first_turn INTEGER,
            losses TEXT NOT NULL,
            PRIMARY KEY (run_id, dimension)
        )""",
        # Written as each reply is chosen. ``prompt`` and ``choices`` (every reply of the node, as written) make the
        # turn understandable on its own, e.g. as an xAPI interaction.
        """CREATE TABLE turns (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            at TEXT NOT NULL,
            node TEXT NOT NULL,
            prompt TEXT,
            choices TEXT NOT NULL,
            visible TEXT NOT NULL,
            pick INTEGER NOT NULL,
            choice_index INTEGER NOT NULL,
            text TEXT NOT NULL,
            steps TEXT NOT NULL,
            ng TEXT NOT NULL,
            feedback TEXT NOT NULL,
            anger_before INTEGER NOT NULL,
            anger_after INTEGER NOT NULL,
            flags_after TEXT NOT NULL,
            next TEXT NOT NULL,
            better_text TEXT,
            PRIMARY KEY (run_id, number)
        )""",
        """CREATE TABLE quizzes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'finished', 'abandoned')),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            planned INTEGER NOT NULL,
            seed INTEGER,
            app_version TEXT NOT NULL
        )""",
        """CREATE TABLE quiz_answers (
            quiz_id INTEGER NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            at TEXT NOT NULL,
            question_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            statement TEXT NOT NULL,
            answer INTEGER NOT NULL,
            given INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            PRIMARY KEY (quiz_id, number)
        )""",
    )),
    # Seeded runs (format revision 2): the seed that chose the lines and the order of the replies, so that a recorded
    # run can be shown again exactly; the customer's answer to each reply.
    Migration(2, "run seed and reply reactions", (
        "ALTER TABLE runs ADD COLUMN seed INTEGER",
        "ALTER TABLE turns ADD COLUMN reaction TEXT",
    )),
    # Workshop sessions: the name of the session a run was played in (``serve --session``, ``KASUHARA_SIM_SESSION``),
    # so that one session's report leaves out the practice at home and the other groups.
    Migration(3, "run session", (
        "ALTER TABLE runs ADD COLUMN session TEXT",
        "CREATE INDEX runs_by_session ON runs (session, started_at)",
    )),
    # 自由回答: the trainee typed the replies (1) rather than choosing them (NULL or 0); ``turns.text`` is then the
    # typed words and ``choice_index`` the authored reply the run went on along.
    Migration(4, "free-answer runs", (
        "ALTER TABLE runs ADD COLUMN free INTEGER",
    )),
    # Timed mode: the seconds the customer waited for each reply (NULL: not timed), and at each turn the times the
    # customer pressed before the reply (a JSON list of {node, line, anger_before, anger_after}; NULL: none).
    Migration(5, "timed runs", (
        "ALTER TABLE runs ADD COLUMN timed INTEGER",
        "ALTER TABLE turns ADD COLUMN pressed TEXT",
    )),
)

LATEST = MIGRATIONS[-1].version

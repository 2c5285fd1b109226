"""The results database and nothing else: one SQLite file of runs, turns and quiz rounds (``db``), its versioned
schema (``migrations``), the one-line errors a trainee or an instructor can act on (``errors``), and the recorder the
plain-terminal mode writes through (``recorder``). What reads the database to show or send results lives in
``kasuhara_sim.reports``; the ``history``, ``export`` and ``report`` commands in ``kasuhara_sim.cli.results``.
Core code: no Textual here (the TUI and the command line both call it)."""

from kasuhara_sim.store.db import (
    DB_NAME,
    ENV_HOME,
    ENV_SESSION,
    Best,
    DimensionRecord,
    QuizRecord,
    RunRecord,
    Store,
    TurnRecord,
    data_home,
    normalize_name,
    utc_now,
)
from kasuhara_sim.store.errors import StoreError

__all__ = [
    "DB_NAME", "ENV_HOME", "ENV_SESSION", "Best", "DimensionRecord", "QuizRecord", "RunRecord", "Store", "StoreError", "TurnRecord",
    "data_home", "normalize_name", "utc_now",
]

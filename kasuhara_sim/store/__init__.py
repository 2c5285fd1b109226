"""Results that last: the SQLite results database, history, progress, exports (CSV, JSON, xAPI) and the workshop
report. Core code: no Textual here (the TUI and the command line both call it)."""

from kasuhara_sim.store.db import (
    DB_NAME,
    ENV_HOME,
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
    "DB_NAME", "ENV_HOME", "Best", "DimensionRecord", "QuizRecord", "RunRecord", "Store", "StoreError", "TurnRecord",
    "data_home", "normalize_name", "utc_now",
]

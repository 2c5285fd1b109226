"""Stored results as CSV (one row per run, for spreadsheets) or JSON (everything, for scripts), and the safe way to
write any output file."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from kasuhara_sim import __version__
from kasuhara_sim.store.db import utc_now
from kasuhara_sim.store.errors import StoreError
from kasuhara_sim.strings import DIMENSIONS
from kasuhara_sim.strings import Results as R

JSON_FORMAT = "kasuhara-sim.results"
JSON_VERSION = 1

RUN_COLUMNS = ("run_id", "trainee", "scenario_id", "scenario_title", "scenario_sha256", "mode", "status",
               "started_at", "ended_at", "duration_seconds", "outcome", "success", "passed", "total", "grade", "turns")


def dimension_order(runs) -> list[str]:
    """Every dimension scored in ``runs``: the rubric's usual order first, then any others as met."""
    seen = {d.dimension for r in runs for d in r.dimensions} | {d for r in runs for d in r.expects}
    return [d for d in DIMENSIONS if d in seen] + sorted(seen - set(DIMENSIONS))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def runs_csv(runs) -> str:
    dims = dimension_order(runs)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line ends, which Excel expects
    w.writerow(list(RUN_COLUMNS) + [f"score_{d}" for d in dims])
    for r in runs:
        scores = r.scores
        row = [r.uuid, r.trainee, r.scenario_id, r.scenario_title, r.scenario_sha256, r.mode, r.status, r.started_at,
               r.ended_at, r.duration_seconds, r.outcome, r.success, r.passed, r.total, r.grade, r.turn_count]
        w.writerow([_cell(v) for v in row] + [_cell(scores.get(d)) for d in dims])
    return buf.getvalue()


def runs_json(runs, quizzes=(), filters: dict | None = None) -> str:
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": utc_now(),
        "app_version": __version__,
        "filters": filters or {},
        "runs": [r.to_dict() for r in runs],
        "quizzes": [q.to_dict() for q in quizzes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_output(path: str | Path, text: str, *, bom: bool = False) -> None:
    """Write ``text`` to ``path`` all at once: a temporary file beside it, then a rename, so an interrupted export
    never leaves half a file where a good one was. ``bom``: UTF-8 with BOM, so that Excel reads Japanese CSV."""
    target = Path(path)
    data = (("\ufeff" if bom else "") + text).encode("utf-8")
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise StoreError(R.err_write_file.format(path=target, reason=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file private; an export should get the usual permissions
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(R.err_write_file.format(path=target, reason=exc.strerror or exc)) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

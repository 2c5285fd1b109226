"""Stored results as CSV (one row per run, for spreadsheets) or JSON (everything, for scripts), and the safe way to
write any output file."""

from __future__ import annotations

import csv
import errno
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
               "started_at", "ended_at", "duration_seconds", "outcome", "success", "passed", "total", "grade", "turns", "session")


def dimension_order(runs) -> list[str]:
    """Every dimension scored in ``runs``: the rubric's usual order first, then any others as met."""
    seen = {d.dimension for r in runs for d in r.dimensions} | {d for r in runs for d in r.expects}
    return [d for d in DIMENSIONS if d in seen] + sorted(seen - set(DIMENSIONS))


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): a trainee named
# '=HYPERLINK(...)' must stay a name. OWASP's advice: a leading apostrophe, which Excel and LibreOffice hide.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A text cell a spreadsheet shows as written: one starting like a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)  # numbers stay numbers, negative ones too
    return text_cell(str(value))


def runs_csv(runs) -> str:
    dims = dimension_order(runs)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line ends, which Excel expects
    w.writerow(list(RUN_COLUMNS) + [f"score_{d}" for d in dims])
    for r in runs:
        scores = r.scores
        row = [r.uuid, r.trainee, r.scenario_id, r.scenario_title, r.scenario_sha256, r.mode, r.status, r.started_at,
               r.ended_at, r.duration_seconds, r.outcome, r.success, r.passed, r.total, r.grade, r.turn_count, r.session]
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


def _reason(exc: OSError) -> str:
    """An OS error in Japanese where it is a common one; the system's words otherwise."""
    known = {errno.ENAMETOOLONG: R.reason_too_long, errno.ENOENT: R.reason_no_folder, errno.ENOTDIR: R.reason_no_folder,
             errno.EACCES: R.reason_denied, errno.EPERM: R.reason_denied, errno.ENOSPC: R.reason_full}
    return known.get(exc.errno) or exc.strerror or str(exc)


def write_failed(path, exc: OSError) -> StoreError:
    return StoreError(R.err_write_file.format(path=path, reason=_reason(exc)))


# Errors of os.link that only mean "this file system has no hard links": fall back to a checked rename.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


def write_output(path: str | Path, text: str, *, bom: bool = False, force: bool = False) -> None:
    """Write ``text`` to ``path`` all at once: a temporary file beside it, then a rename, so an interrupted export
    never leaves half a file where a good one was. An existing file is kept unless ``force`` (the check and the
    rename are one step where the file system has hard links). ``bom``: UTF-8 with BOM, so that Excel reads Japanese
    CSV. Every failure is a StoreError with one line."""
    target = Path(path)
    data = (("\ufeff" if bom else "") + text).encode("utf-8")
    try:
        if target.is_dir():
            raise StoreError(R.err_output_folder.format(path=target))
        exists = target.exists() or target.is_symlink()
        if exists and not force:
            raise StoreError(R.err_output_exists.format(path=target))
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        # A short temporary name: one built from the target's would push a legal long name over the limit.
        fd, tmp = tempfile.mkstemp(prefix=".kasuhara-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise write_failed(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file private; an export should get the usual permissions
        if force:
            os.replace(tmp, target)
        else:
            _create(tmp, target)
    except FileExistsError:
        _discard(tmp)
        raise StoreError(R.err_output_exists.format(path=target)) from None
    except OSError as exc:
        _discard(tmp)
        raise write_failed(target, exc) from None


def _create(tmp: str, target: Path) -> None:
    """Give ``tmp`` the name ``target`` only if no file has that name (FileExistsError otherwise)."""
    try:
        os.link(tmp, target)
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINKS:
            raise
        if target.exists() or target.is_symlink():
            raise FileExistsError(str(target)) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""Runs kept beside the database while another process held its lock too long.

One file per run, ``results.pending.<uuid>.jsonl`` (JSON lines, one run per line), written to a temporary name,
flushed to disk and renamed, so that a reader never sees half a file and two processes never write the same file.
The next process that opens the database merges each file in one transaction (by the run's uuid, so merging twice
changes nothing) and then deletes it. Plain files only: no SQLite here.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

PREFIX = "results.pending."
SUFFIX = ".jsonl"
FORMAT = "kasuhara-sim.pending"
VERSION = 1


def waiting(home: Path) -> list[Path]:
    """The pending files in ``home``, oldest first."""
    try:
        files = [p for p in Path(home).iterdir()
                 if p.name.startswith(PREFIX) and p.name.endswith(SUFFIX) and p.is_file()]
    except OSError:
        return []
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def keep(home: Path, entry: dict) -> Path:
    """Write one run entry (``entry["run"]["uuid"]`` names the file) atomically; returns the file."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    path = home / f"{PREFIX}{entry['run']['uuid']}{SUFFIX}"
    line = json.dumps({"format": FORMAT, "version": VERSION, **entry}, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".pending-", suffix=".tmp", dir=home)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def read(path: Path) -> list[dict]:
    """The entries of one pending file (ValueError when it is not one)."""
    entries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError(path)
        entries.append(data)
    return entries


def remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass

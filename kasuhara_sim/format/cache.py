"""A cache of parsed scenarios in the user's cache folder, so that the library is on screen sooner.

Reading YAML with positions is most of the cost of loading the library; a scenario file that has not changed since
the last start is read from a pickled copy instead. An entry is keyed by the file's path, size and modification time
and by the code that reads it (the package version and the format package's own source files), and it is used only
if the file's SHA-256 still matches what was parsed: an edited file, a touched file or a new version of the reader is
always read again.

Never a cause of failure: an entry that cannot be read (missing, truncated, corrupt, from another Python) is a miss;
entries are written to a temporary file and moved into place (``os.replace``), so concurrent writers never leave half
an entry and a reader sees the old entry or the new one; a cache folder that cannot be written only costs the speed-up.
Files that do not load are never cached. Entries are read only from a folder and files owned by the current user
(a pickle runs code when loaded). ``KASUHARA_SIM_NO_CACHE=1`` turns the cache off.

Beside the entries, a *listing* per set of scenario folders (JSON): each file's path, size and modification time and
the few fields the library table shows. The TUI fills its table from it before the first frame, without pydantic or
YAML, then replaces it with the library read through the entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

APP_NAME = "kasuhara-sim"
ENV_OFF = "KASUHARA_SIM_NO_CACHE"
T = TypeVar("T")
_reader: tuple | None = None


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "scenarios"


def reader_key() -> tuple:
    """What reads the files: a change of version, Python or the format package's code makes every entry a miss."""
    global _reader
    if _reader is None:
        import kasuhara_sim

        here = Path(__file__).resolve().parent
        files = tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in here.glob("*.py")))
        _reader = (kasuhara_sim.__version__, sys.version_info[:3], pickle.HIGHEST_PROTOCOL, files)
    return _reader


def _mine(st: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_cached(path: str | os.PathLike, load: Callable[[Path], T]) -> T:
    """``load(path)``, or its result from the last time the same file was loaded by the same code.

    ``load``'s result must have a ``sha256`` attribute: the hash of the file it read."""
    path = Path(path)
    if os.environ.get(ENV_OFF):
        return load(path)
    try:
        st = path.stat()
        key = (str(path), str(path.resolve()), st.st_size, st.st_mtime_ns, reader_key())
        folder = cache_dir()
    except (OSError, RuntimeError):
        return load(path)
    entry = folder / (hashlib.sha256(repr(key).encode()).hexdigest()[:40] + ".pickle")
    try:
        if _mine(folder.stat()) and _mine(entry.stat()):
            with open(entry, "rb") as f:
                stored_key, value = pickle.load(f)
            if stored_key == key and value.sha256 == _sha256(path):
                return value
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or foreign: read the file itself
        pass
    value = load(path)  # a file that does not load raises here and is never cached
    _store(folder, entry, (key, value))
    return value


def _listing_entry(key) -> Path:
    return cache_dir() / ("listing-" + hashlib.sha256(repr((key, reader_key())).encode()).hexdigest()[:40] + ".json")


def read_listing(key) -> dict | None:
    """The listing stored under ``key`` by ``write_listing`` (None: off, missing, unreadable or another reader's).

    A listing is plain JSON (no pickle: nothing runs when it is read); what it says is checked by the caller."""
    if os.environ.get(ENV_OFF):
        return None
    import json

    try:
        with open(_listing_entry(key), "rb") as f:
            data = json.loads(f.read())
        return data if isinstance(data, dict) else None
    except Exception:  # noqa: BLE001 - missing, truncated or corrupt: no listing, the library is read as usual
        return None


def write_listing(key, data: dict) -> None:
    if os.environ.get(ENV_OFF):
        return
    import json

    try:
        entry = _listing_entry(key)
    except (OSError, RuntimeError):
        return
    _store(entry.parent, entry, data, dump=lambda item, f: f.write(json.dumps(item, ensure_ascii=False).encode()))


def _store(folder: Path, entry: Path, item, dump=None) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=entry.suffix)
        try:
            with os.fdopen(fd, "wb") as f:
                if dump is not None:
                    dump(item, f)
                else:
                    pickle.dump(item, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - read-only or full cache folder: the cache only saves time
        pass

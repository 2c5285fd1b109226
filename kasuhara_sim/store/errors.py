"""Why the results database could not be used. Each message is one line a trainee or an instructor can act on.

None of these is raised after anything already stored has been changed: every check that can fail runs before the
first write, and every write is a transaction that SQLite rolls back on failure.
"""

from __future__ import annotations

from kasuhara_sim.strings import Results as R


class StoreError(Exception):
    """The results database cannot be used; ``str(exc)`` is the message to show."""


class CorruptDatabase(StoreError):
    def __init__(self, path):
        super().__init__(R.err_corrupt.format(path=path))


class ForeignDatabase(StoreError):
    def __init__(self, path):
        super().__init__(R.err_foreign.format(path=path))


class NewerDatabase(StoreError):
    def __init__(self, path, found: int, known: int):
        self.found, self.known = found, known
        super().__init__(R.err_newer.format(path=path, found=found, known=known))


class ReadOnlyLocation(StoreError):
    def __init__(self, path):
        super().__init__(R.err_readonly.format(path=path))


class NotADirectory(StoreError):
    def __init__(self, path):
        super().__init__(R.err_not_dir.format(path=path))


class DiskFull(StoreError):
    def __init__(self, path):
        super().__init__(R.err_full.format(path=path))


class DatabaseBusy(StoreError):
    def __init__(self, path):
        super().__init__(R.err_busy.format(path=path))


class OldReadOnlyDatabase(StoreError):
    def __init__(self, path, found: int, known: int):
        super().__init__(R.err_old_readonly.format(path=path, found=found, known=known))


class BadTrainee(StoreError):
    def __init__(self, name: str):
        super().__init__(R.err_trainee.format(name=name))


class UnknownRun(StoreError):
    def __init__(self, run_id):
        super().__init__(R.err_unknown_run.format(run_id=run_id))

"""Bad places to keep results: a corrupt, foreign or newer database, a read-only directory, a full disk, a process
killed mid-run. Each gives one clear line and a non-zero exit, and nothing already stored is lost or changed."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from kasuhara_sim.store import DB_NAME, Store
from kasuhara_sim.store import errors as E
from kasuhara_sim.store.migrations import LATEST, Migration

from .conftest import KETTLE, play, run_cli


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(proc) -> str:
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith("kasuhara-sim: error: ")
    return lines[0]


def seeded(home: Path, kettle) -> Path:
    with Store.open() as store:
        play(store, "既存の受講者", kettle, [1, 1, 1])
    return home / DB_NAME


# --- corrupt ------------------------------------------------------------------------------------------------------
def test_a_file_that_is_not_sqlite_is_refused_untouched(home, cli_exe):
    home.mkdir()
    db = home / DB_NAME
    db.write_bytes(os.urandom(4096))
    before = digest(db)
    with pytest.raises(E.CorruptDatabase):
        Store.open()
    with pytest.raises(E.CorruptDatabase):
        Store.open(readonly=True)
    for args in (["history"], ["export", "--format", "json"], ["report"],
                 ["--trainee", "a", "play", KETTLE, "--choices", "1,1,1"]):
        proc = run_cli(cli_exe, *args)
        assert proc.returncode == 1, args
        assert str(db) in one_error_line(proc)
    assert digest(db) == before
    assert sorted(p.name for p in home.iterdir()) == [DB_NAME]  # no journal or WAL left beside it


def test_a_damaged_database_is_refused_untouched(home, kettle):
    db = seeded(home, kettle)
    data = bytearray(db.read_bytes())
    assert len(data) > 8192
    data[4096:8192] = b"\xff" * 4096  # a page of garbage in the middle
    db.write_bytes(bytes(data))
    before = digest(db)
    with pytest.raises(E.CorruptDatabase):
        Store.open()
    assert digest(db) == before


def test_the_play_result_is_still_shown_when_it_cannot_be_stored(home, cli_exe):
    home.mkdir()
    (home / DB_NAME).write_bytes(b"not a database at all" * 100)
    proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,1,1", "--trainee", "a", "--json")
    assert proc.returncode == 1
    assert '"total": 100' in proc.stdout
    one_error_line(proc)


# --- foreign ------------------------------------------------------------------------------------------------------
def test_another_programs_sqlite_file_is_refused_untouched(home, cli_exe):
    home.mkdir()
    db = home / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('大事なメモ')")
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(E.ForeignDatabase):
        Store.open()
    with pytest.raises(E.ForeignDatabase):
        Store.open(readonly=True)
    proc = run_cli(cli_exe, "history")
    assert proc.returncode == 1 and "kasuhara-sim の成績データベースではありません" in one_error_line(proc)
    assert digest(db) == before


def test_an_empty_file_is_initialised(home):
    home.mkdir()
    (home / DB_NAME).write_bytes(b"")
    with Store.open() as store:
        assert store.schema_version() == LATEST


# --- newer --------------------------------------------------------------------------------------------------------
def test_a_database_from_a_newer_version_is_refused_untouched(home, kettle, cli_exe):
    db = seeded(home, kettle)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(E.NewerDatabase) as exc:
        Store.open()
    assert (exc.value.found, exc.value.known) == (LATEST + 1, LATEST)
    with pytest.raises(E.NewerDatabase):
        Store.open(readonly=True)
    for args in (["history"], ["--trainee", "a", "play", KETTLE, "--choices", "1,1,1"]):
        proc = run_cli(cli_exe, *args)
        assert proc.returncode == 1 and "新しい版" in one_error_line(proc)
    assert digest(db) == before


# --- migrations ---------------------------------------------------------------------------------------------------
def test_a_failing_migration_leaves_the_previous_version_and_data(home, kettle, monkeypatch):
    import kasuhara_sim.store.db as db_module

    seeded(home, kettle)
    broken = Migration(LATEST + 1, "broken", ("CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL"))
    monkeypatch.setattr(db_module, "MIGRATIONS", db_module.MIGRATIONS + (broken,))
    monkeypatch.setattr(db_module, "LATEST", LATEST + 1)
    with pytest.raises(E.StoreError, match="形式を更新できませんでした"):
        Store.open()
    conn = sqlite3.connect(home / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_an_older_schema_is_upgraded_one_step_at_a_time(home, kettle, monkeypatch):
    import kasuhara_sim.store.db as db_module

    seeded(home, kettle)
    step = Migration(LATEST + 1, "add a note column", ("ALTER TABLE runs ADD COLUMN note TEXT",))
    monkeypatch.setattr(db_module, "MIGRATIONS", db_module.MIGRATIONS + (step,))
    monkeypatch.setattr(db_module, "LATEST", LATEST + 1)
    with Store.open(readonly=True) as store:  # even a reader upgrades an older file it may write
        assert len(store.history()) == 1
    conn = sqlite3.connect(home / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == \
        list(range(1, LATEST + 2))


# --- a directory we may not write -----------------------------------------------------------------------------------
def _unprivileged() -> list[str] | None:
    """A prefix that runs a command as a user who cannot write a 0555 directory (root ignores permissions)."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def readonly_home(kettle):
    """A data directory with one stored run, then made read-only. Outside tmp_path when we must switch users, since
    pytest's temporary folders are private to their owner."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("cannot run as a user without write permission here")
    root = Path(tempfile.mkdtemp(prefix="kasuhara-ro-"))
    try:
        os.chmod(root, 0o755)
        home = root / "home"
        with Store.open(home) as store:
            play(store, "既存の受講者", kettle, [1, 1, 1])
        os.chmod(home / DB_NAME, 0o444)
        os.chmod(home, 0o555)
        yield home, prefix
    finally:
        os.chmod(root / "home", 0o755)
        shutil.rmtree(root)


def test_a_readonly_data_directory_can_be_read_but_not_written(readonly_home, cli_exe):
    home, prefix = readonly_home
    env = {"KASUHARA_SIM_HOME": str(home)}
    before = digest(home / DB_NAME)
    proc = run_cli(cli_exe, "history", "--json", env=env, user=prefix)
    assert proc.returncode == 0, proc.stderr
    assert "既存の受講者" in proc.stdout
    proc = run_cli(cli_exe, "report", env=env, user=prefix)
    assert proc.returncode == 0 and "既存の受講者" in proc.stdout
    proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,1,1", "--trainee", "新しい受講者", env=env, user=prefix)
    assert proc.returncode == 1
    assert "書き込めない" in one_error_line(proc) and str(home) in proc.stderr
    assert digest(home / DB_NAME) == before


def test_a_readonly_place_without_a_database_is_reported_on_write(cli_exe):
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("cannot run as a user without write permission here")
    root = Path(tempfile.mkdtemp(prefix="kasuhara-ro-"))
    try:
        os.chmod(root, 0o555)
        env = {"KASUHARA_SIM_HOME": str(root / "home")}
        proc = run_cli(cli_exe, "history", env=env, user=prefix)
        assert proc.returncode == 0 and "記録はまだありません" in proc.stdout
        proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,1,1", "--trainee", "a", env=env, user=prefix)
        assert proc.returncode == 1 and "書き込めない" in one_error_line(proc)
        assert not (root / "home").exists()
    finally:
        os.chmod(root, 0o755)
        shutil.rmtree(root)


def test_a_data_home_that_is_a_file(home, cli_exe):
    home.write_text("not a folder")
    with pytest.raises(E.NotADirectory):
        Store.open()
    proc = run_cli(cli_exe, "--trainee", "a", "play", KETTLE, "--choices", "1,1,1")
    assert proc.returncode == 1 and "フォルダではありません" in one_error_line(proc)
    assert home.read_text() == "not a folder"


# --- a full disk ----------------------------------------------------------------------------------------------------
def test_a_full_database_keeps_what_was_stored(home, kettle):
    """SQLite's own size limit produces the genuine SQLITE_FULL error ('database or disk is full')."""
    store = Store.open()
    first = play(store, "a", kettle, [1, 1, 1])
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(E.DiskFull, match="ディスクの空きがない"):
        for _ in range(200):
            play(store, "b" * 60, kettle, [1, 2, 2, 1])
    store.close()
    with Store.open() as store:
        kept = store.run(first)
        assert kept.status == "finished" and kept.total == 100 and len(kept.turns) == 3
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        play(store, "c", kettle, [2])  # usable again once there is room


@pytest.fixture
def tiny_filesystem():
    """A 256 KiB tmpfs (root on Linux only)."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root on Linux to mount a tiny file system")
    mnt = Path(tempfile.mkdtemp(prefix="kasuhara-full-"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        mnt.rmdir()
        pytest.skip("mount is not permitted here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)
        mnt.rmdir()


def test_a_full_disk_through_the_command(tiny_filesystem, cli_exe, kettle):
    home = tiny_filesystem / "home"
    env = {"KASUHARA_SIM_HOME": str(home)}
    proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,1,1", "--trainee", "最初の受講者", env=env)
    assert proc.returncode == 0, proc.stderr
    filler = tiny_filesystem / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # take every byte that is left
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,2,2,1", "--trainee", "二人目" * 10, env=env)
    assert proc.returncode == 1
    line = one_error_line(proc)
    assert "ディスクの空きがない" in line  # not "disk I/O error"
    filler.unlink()
    proc = run_cli(cli_exe, "history", "--json", env=env)
    assert proc.returncode == 0 and "最初の受講者" in proc.stdout


# --- a process killed mid-run ---------------------------------------------------------------------------------------
KILLED = textwrap.dedent("""
    import sys, time
    from kasuhara_sim.engine import Run
    from kasuhara_sim.format.loader import load_scenario
    from kasuhara_sim.store import Store

    loaded = load_scenario(sys.argv[1])
    store = Store.open()
    run_id = store.start_run("途中で落ちた受講者", loaded, "practice")
    run = Run(loaded.scenario)
    store.record_turn(run_id, run.choose(1))
    store.record_turn(run_id, run.choose(2))
    turn = run.choose(2)

    def hang(c):  # the third turn's write is under way when the process dies
        c.execute("UPDATE runs SET turn_count = 3 WHERE id = ?", (run_id,))
        print("writing", run_id, flush=True)
        time.sleep(60)

    store._write(hang)
""")


def test_a_kill_mid_run_loses_at_most_the_current_turn(home, kettle):
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(KETTLE)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "KASUHARA_SIM_HOME": str(home)})
    try:
        line = proc.stdout.readline()
        assert line.startswith("writing"), line
        run_id = int(line.split()[1])
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
        proc.stdout.close()
    with Store.open() as store:  # the next process recovers the WAL and carries on
        r = store.run(run_id)
        assert r.status == "in_progress" and r.turn_count == 2
        assert [(t.number, t.node, t.pick) for t in r.turns] == [(1, "opening", 1), (2, "details", 2)]
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        play(store, "次の受講者", kettle, [1, 1, 1])
        assert len(store.history()) == 2


def test_a_full_disk_before_the_first_run_leaves_no_empty_database(tiny_filesystem, cli_exe):
    home = tiny_filesystem / "home"
    home.mkdir()
    filler = tiny_filesystem / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,1,1", "--trainee", "最初の受講者",
                   env={"KASUHARA_SIM_HOME": str(home)})
    assert proc.returncode == 1
    assert "ディスクの空きがない" in one_error_line(proc)
    assert list(home.iterdir()) == []  # no 0-byte results.sqlite3 for the next command to trip on

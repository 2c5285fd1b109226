"""A database held by another process never freezes anything and never loses a run (issue 15, H5)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

from kasuhara_sim.store import DB_NAME, Store
from kasuhara_sim.store import pending as P

from .conftest import KETTLE, play

HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("COMMIT")
""")


def hold(db):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def release(proc) -> None:
    proc.stdin.write("\n")
    proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()


def play_cmd(cli_exe, home):
    return subprocess.Popen([cli_exe, "play", str(KETTLE), "--choices", "1,2,2,1", "--trainee", "待つ人"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "KASUHARA_SIM_HOME": str(home)})


def test_a_short_lock_is_announced_then_the_run_is_stored(home, kettle, cli_exe):
    with Store.open() as store:
        play(store, "先の人", kettle, [1, 1, 1])
    holder = hold(home / DB_NAME)
    proc = play_cmd(cli_exe, home)
    try:
        first = proc.stderr.readline()  # said while the lock is still held
        assert "書き込めるまで待っています" in first
    finally:
        release(holder)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and not err.strip()
    with Store.open(readonly=True) as store:
        assert sorted(r.trainee for r in store.history()) == ["先の人", "待つ人"]


def test_a_long_lock_keeps_the_run_pending_and_the_next_command_merges_it(home, kettle, cli_exe):
    with Store.open() as store:
        play(store, "先の人", kettle, [1, 1, 1])
    holder = hold(home / DB_NAME)
    try:
        proc = play_cmd(cli_exe, home)
        out, err = proc.communicate(timeout=120)
    finally:
        release(holder)
    assert proc.returncode == 0, err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 2 and "待っています" in lines[0] and "次に kasuhara-sim を使うときに" in lines[1]
    [kept] = P.waiting(home)
    [entry] = P.read(kept)
    assert entry["trainee"] == "待つ人" and entry["end"]["run"]["total"] == 65
    copy = home.parent / "copy.jsonl"
    shutil.copy(kept, copy)
    history = subprocess.run([cli_exe, "history", "--json"], capture_output=True, text=True,
                             env={**os.environ, "KASUHARA_SIM_HOME": str(home)})
    assert history.returncode == 0, history.stderr
    runs = json.loads(history.stdout)
    assert sorted((r["trainee"], r["status"], r["total"]) for r in runs) == [("先の人", "finished", 100),
                                                                            ("待つ人", "finished", 65)]
    assert P.waiting(home) == []
    shutil.copy(copy, kept)  # merged twice: still one run
    with Store.open() as store:
        assert len(store.history()) == 2
        assert len(store.history(details=True)[0].turns) in (3, 4)
    assert P.waiting(home) == []


def test_a_run_started_before_the_lock_is_completed_from_the_pending_file(home, kettle):
    """The start is stored, the lock comes, the rest is kept pending under the same uuid and completes that run."""
    from kasuhara_sim.engine import Run
    from kasuhara_sim.scoring import score_run
    from kasuhara_sim.store.db import run_entry

    with Store.open() as store:
        run_id = store.start_run("途中の人", kettle, uuid="0f0f0f0f-0000-4000-8000-000000000001")
        run = Run(kettle.scenario)
        store.record_turn(run_id, run.choose(1))
    for p in (1, 1):
        run.choose(p)
    entry = run_entry("途中の人", kettle, [(t, None) for t in run.transcript], score_run(kettle.scenario, run),
                      uuid="0f0f0f0f-0000-4000-8000-000000000001")
    Store.keep_pending(entry)
    with Store.open() as store:
        [r] = store.history(details=True)
    assert (r.id, r.status, r.total, r.turn_count, len(r.turns)) == (run_id, "finished", 100, 3, 3)

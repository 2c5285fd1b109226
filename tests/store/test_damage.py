"""A damaged database is never written to, and a damaged row never hides the others (issues 13 and 15)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from kasuhara_sim.store import DB_NAME, Store
from kasuhara_sim.store import errors as E

from .conftest import KETTLE, play, run_cli


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seeded(kettle, runs: int = 30) -> Path:
    with Store.open() as store:
        for i in range(runs):
            play(store, f"受講者{i}", kettle, [1, 1, 1])
        return store.path


# --- item 1: a corrupt database is never written to ----------------------------------------------------------------
def test_random_bytes_in_later_pages_are_refused_untouched(home, kettle):
    """Whatever random bytes do to a later page, the file is either still sound or refused byte for byte."""
    db = seeded(kettle)
    original = db.read_bytes()
    pages = len(original) // 4096
    refused = 0
    for seed in range(40):
        rng = random.Random(seed)
        data = bytearray(original)
        page = rng.randrange(2, pages)
        n = rng.choice([8, 64, 512, 4096])
        at = page * 4096 + rng.randrange(0, 4096 - n + 1)
        data[at:at + n] = bytes(rng.randrange(256) for _ in range(n))
        db.write_bytes(bytes(data))
        try:
            sound = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            sound = False
        if sound:
            continue
        refused += 1
        with pytest.raises(E.CorruptDatabase):
            Store.open()
        assert db.read_bytes() == bytes(data), seed
    assert refused


def test_an_index_that_disagrees_with_its_table_is_refused(home, kettle):
    """Bytes changed in an index page pass quick_check; writing there could spread the damage."""
    db = seeded(kettle)
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'runs_by_start'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    page = data[(root - 1) * 4096:root * 4096]
    at = (root - 1) * 4096 + page.index(b"T", page.index(b"20")) - 2  # the day of one indexed started_at
    data[at:at + 2] = b"31" if data[at:at + 2] != b"31" else b"30"
    db.write_bytes(bytes(data))
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    conn.close()
    before = digest(db)
    with pytest.raises(E.CorruptDatabase):
        Store.open()
    assert digest(db) == before


def test_the_command_says_how_to_recover(home, kettle, cli_exe):
    db = seeded(kettle, runs=5)
    data = bytearray(db.read_bytes())
    data[-4096:] = random.Random(1).randbytes(4096)
    db.write_bytes(bytes(data))
    before = digest(db)
    proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,1,1", "--trainee", "新しい受講者")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    [line] = [x for x in proc.stderr.splitlines() if x.strip()]
    assert "KASUHARA_SIM_HOME" in line and ".recover" in line and str(db) in line
    assert digest(db) == before
    assert sorted(p.name for p in home.iterdir()) == [DB_NAME]


# --- item 2: one damaged row never hides the others ----------------------------------------------------------------
DAMAGE = {
    "expects": "UPDATE runs SET expects = '{' WHERE id = :id",
    "losses": "UPDATE run_dimensions SET losses = 'x' WHERE run_id = :id",
    "choices": "UPDATE turns SET choices = '' WHERE run_id = :id",
    "timestamp": "UPDATE runs SET started_at = 'yesterday' WHERE id = :id",
    "turn-time": "UPDATE turns SET at = 'soon' WHERE run_id = :id",
    "total": "UPDATE runs SET total = NULL WHERE id = :id",
    "utf8": "UPDATE runs SET scenario_title = CAST(x'e3ff81' AS TEXT) WHERE id = :id",
}


def damaged(kettle, kind: str) -> tuple[int, str]:
    with Store.open() as store:
        play(store, "無事な人", kettle, [1, 1, 1])
        bad = play(store, "壊れた人", kettle, [1, 2, 2, 1])
        play(store, "無事な人", kettle, [3, 1, 1])
        uuid = store.run_uuid(bad)
    conn = sqlite3.connect(Store.open(readonly=True).path)
    conn.execute(DAMAGE[kind], {"id": bad})
    conn.commit()
    conn.close()
    return bad, uuid


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_row_is_skipped_with_one_warning(home, kettle, kind):
    bad, uuid = damaged(kettle, kind)
    with Store.open(readonly=True) as store:
        runs = store.history(details=True)
        store.history()  # read again: still one warning
        if kind == "utf8":  # a flipped byte in plain text shows as U+FFFD, the run is kept
            assert len(runs) == 3 and "\ufffd" in store.run(bad).scenario_title and not store.warnings
            return
        assert [r.trainee for r in runs] == ["無事な人", "無事な人"]
        [warning] = store.warnings
        assert str(bad) in warning and uuid in warning
        assert max(b.total for b in store.best_scores("無事な人").values()) == 100


@pytest.mark.parametrize("kind", ["expects", "losses", "choices", "timestamp", "total"])
@pytest.mark.parametrize("command", [["history"], ["history", "--trainee", "壊れた人"], ["export", "--format", "json"],
                                     ["export", "--format", "csv"], ["export", "--format", "xapi"], ["report"],
                                     ["report", "--format", "html", "-o", "{tmp}/r.html"]])
def test_the_commands_skip_a_damaged_row(home, kettle, kind, command, cli_exe, tmp_path):
    bad, uuid = damaged(kettle, kind)
    proc = run_cli(cli_exe, *[c.format(tmp=tmp_path) for c in command])
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warnings = [x for x in proc.stderr.splitlines() if uuid in x]
    assert len(warnings) == 1 and str(bad) in warnings[0]
    assert "壊れた人" not in proc.stdout or "--trainee" in command

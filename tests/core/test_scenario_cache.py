"""The cache of parsed scenarios (format/cache.py): used when nothing changed, never trusted when anything did, and
never a reason for loading to fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kasuhara_sim.format import cache
from kasuhara_sim.format.diagnostics import ScenarioError
from kasuhara_sim.format.library import load_library
from kasuhara_sim.format.loader import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def counted(monkeypatch):
    """``load_scenario`` that counts the files it really parses."""
    calls: list[Path] = []

    def load(path):
        calls.append(Path(path))
        return load_scenario(path)

    load.calls = calls
    return load


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "scenarios"
    d.mkdir()
    shutil.copy(DATA / "kettle.yaml", d / "kettle.yaml")
    return d


def entries() -> list[Path]:
    return sorted(cache.cache_dir().glob("*.pickle"))


def test_an_unchanged_file_is_read_once(folder, counted):
    first = cache.load_cached(folder / "kettle.yaml", counted)
    again = cache.load_cached(folder / "kettle.yaml", counted)
    assert len(counted.calls) == 1 and len(entries()) == 1
    assert again.scenario.model_dump() == first.scenario.model_dump()
    assert (again.path, again.sha256, again.id) == (first.path, first.sha256, "kettle-initial-defect")
    assert again.source.value_pos(("id",)) == first.source.value_pos(("id",))  # positions for later lint findings


def test_the_library_uses_it(folder, monkeypatch):
    load_library([str(folder)], include_builtin=False)
    assert len(entries()) == 1
    monkeypatch.setattr("kasuhara_sim.format.library.load_scenario", lambda p: pytest.fail(f"parsed {p} again"))
    lib = load_library([str(folder)], include_builtin=False)
    assert [s.id for s in lib.scenarios] == ["kettle-initial-defect"] and not lib.problems


def test_an_edited_file_is_read_again(folder, counted):
    f = folder / "kettle.yaml"
    cache.load_cached(f, counted)
    f.write_text(f.read_text(encoding="utf-8").replace("title: 初期不良", "title: 再読込の初期不良"), encoding="utf-8")
    assert cache.load_cached(f, counted).scenario.title.startswith("再読込")
    assert len(counted.calls) == 2


def test_an_edit_that_keeps_size_and_time_is_still_seen(folder, counted):
    # Coarse file-system clocks: the same size and modification time, other content. The file's hash decides.
    f = folder / "kettle.yaml"
    cache.load_cached(f, counted)
    st = f.stat()
    text = f.read_text(encoding="utf-8")
    assert "田中様" in text
    f.write_text(text.replace("田中様", "中田様"), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert f.stat().st_size == st.st_size
    assert cache.load_cached(f, counted).scenario.persona.name == "中田様"
    assert len(counted.calls) == 2


def test_a_new_reader_reads_again(folder, counted, monkeypatch):
    cache.load_cached(folder / "kettle.yaml", counted)
    monkeypatch.setattr(cache, "_reader", ("another version",))
    cache.load_cached(folder / "kettle.yaml", counted)
    assert len(counted.calls) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage"], ids=["empty", "text", "truncated"])
def test_a_damaged_entry_is_a_miss_and_is_replaced(folder, counted, damage):
    cache.load_cached(folder / "kettle.yaml", counted)
    (entry,) = entries()
    entry.write_bytes(damage)
    assert cache.load_cached(folder / "kettle.yaml", counted).id == "kettle-initial-defect"
    assert cache.load_cached(folder / "kettle.yaml", counted).id == "kettle-initial-defect"
    assert len(counted.calls) == 2  # read again once, then the rewritten entry served
    assert entry.stat().st_size > 1000


def test_a_broken_file_is_never_cached(tmp_path, counted):
    f = tmp_path / "broken.yaml"
    f.write_text("format: 1\nid: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ScenarioError):
            cache.load_cached(f, counted)
    assert len(counted.calls) == 2 and entries() == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user whom permissions bind (not root)")
def test_a_cache_folder_that_cannot_be_written_costs_only_the_speed(folder, counted):
    parent = cache.cache_dir().parent
    parent.mkdir(parents=True)
    parent.chmod(0o500)
    try:
        for _ in range(2):
            assert cache.load_cached(folder / "kettle.yaml", counted).id == "kettle-initial-defect"
    finally:
        parent.chmod(0o700)
    assert len(counted.calls) == 2


def test_a_cache_path_that_is_a_file_costs_only_the_speed(folder, counted):
    cache.cache_dir().parent.mkdir(parents=True)
    cache.cache_dir().write_text("not a folder", encoding="utf-8")
    for _ in range(2):
        assert cache.load_cached(folder / "kettle.yaml", counted).id == "kettle-initial-defect"
    assert len(counted.calls) == 2


def test_turned_off_by_the_environment(folder, counted, monkeypatch):
    monkeypatch.setenv(cache.ENV_OFF, "1")
    for _ in range(2):
        cache.load_cached(folder / "kettle.yaml", counted)
    assert len(counted.calls) == 2 and entries() == []


def test_concurrent_writers_and_readers_never_see_half_an_entry(folder, tmp_path):
    # Twelve processes load the same file at the same moment, each several times: every load succeeds with the right
    # scenario, and what is left is one whole entry (no temporary files).
    code = ("import sys\nfrom kasuhara_sim.format.cache import load_cached\n"
            "from kasuhara_sim.format.loader import load_scenario\n"
            "for _ in range(5):\n"
            "    assert load_cached(sys.argv[1], load_scenario).id == 'kettle-initial-defect'\nprint('ok')\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(folder / "kettle.yaml")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(12)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 12, [err for _, err in results]
    assert all(out.strip() == "ok" for out, _ in results)
    assert len(entries()) == 1 and not list(cache.cache_dir().glob(".tmp-*"))


def test_a_full_disk_costs_only_the_speed_and_leaves_no_temporary_file(folder, counted, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    for _ in range(2):
        assert cache.load_cached(folder / "kettle.yaml", counted).id == "kettle-initial-defect"
    assert len(counted.calls) == 2
    assert list(cache.cache_dir().iterdir()) == []


# --- the listing: the library table's rows, read before the first frame -----------------------------------------
def test_the_listing_holds_what_the_table_shows_once_the_library_was_loaded(folder):
    from kasuhara_sim.format.library import listed_library

    assert listed_library([str(folder)], include_builtin=False) is None  # never loaded: nothing to show early
    lib = load_library([str(folder)], include_builtin=False)
    listed = listed_library([str(folder)], include_builtin=False)
    assert [s.id for s in listed.scenarios] == [s.id for s in lib.scenarios] == ["kettle-initial-defect"]
    got, want = listed.scenarios[0], lib.scenarios[0]
    assert got.path == want.path and listed.problems == []
    for name in ("title", "summary", "category", "level", "channel", "minutes", "industry"):
        assert getattr(got.scenario, name) == getattr(want.scenario, name), name
    assert got.scenario.persona.name == want.scenario.persona.name
    assert got.load().scenario.model_dump() == want.scenario.model_dump()  # opening one reads that file


@pytest.mark.parametrize("change", ["edit", "add", "remove", "touch"])
def test_the_listing_is_not_used_after_any_file_changed(folder, change):
    from kasuhara_sim.format.library import listed_library

    other = (DATA / "kettle.yaml").read_text(encoding="utf-8").replace("id: kettle-initial-defect", "id: other", 1)
    (folder / "other.yaml").write_text(other, encoding="utf-8")
    load_library([str(folder)], include_builtin=False)
    assert listed_library([str(folder)], include_builtin=False) is not None
    kettle = folder / "kettle.yaml"
    if change == "edit":
        kettle.write_text(kettle.read_text(encoding="utf-8").replace("title:", "title: 改 ", 1), encoding="utf-8")
    elif change == "add":
        (folder / "third.yml").write_text(other.replace("id: other", "id: third", 1), encoding="utf-8")
    elif change == "remove":
        (folder / "other.yaml").unlink()
    else:
        st = kettle.stat()
        os.utime(kettle, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert listed_library([str(folder)], include_builtin=False) is None


def test_no_listing_for_a_library_with_problems_nor_a_corrupt_one(folder, monkeypatch):
    from kasuhara_sim.format.library import listed_library

    (folder / "broken.yaml").write_text("id: [", encoding="utf-8")
    assert load_library([str(folder)], include_builtin=False).problems
    assert listed_library([str(folder)], include_builtin=False) is None  # the problems are told by the full load
    (folder / "broken.yaml").unlink()
    load_library([str(folder)], include_builtin=False)
    for listing in cache.cache_dir().glob("listing-*.json"):
        listing.write_bytes(b'{"files": [1')
    assert listed_library([str(folder)], include_builtin=False) is None
    load_library([str(folder)], include_builtin=False)
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert listed_library([str(folder)], include_builtin=False) is None


def test_reading_the_listing_imports_neither_pydantic_nor_yaml(folder):
    load_library([str(folder)], include_builtin=False)
    code = ("import sys\nfrom kasuhara_sim.format.library import listed_library\n"
            f"lib = listed_library([{str(folder)!r}], include_builtin=False)\n"
            "assert [s.id for s in lib.scenarios] == ['kettle-initial-defect'], lib\n"
            "print(sorted(m for m in ('pydantic', 'yaml') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
